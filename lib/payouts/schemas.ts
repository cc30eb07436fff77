// What the API and the dashboard send to create a payout: a BOLT 11 invoice (`ln_invoice`), or a Lightning
// Address / LNURL-pay (`destination`) with an amount. Descriptor and metadata as withdraws have them.
import { z } from "zod";
import { CURRENCIES } from "../money";
import { createWithdrawSchema } from "../withdraws/schemas";

export const createPayoutSchema = z
  .strictObject(
    {
      ln_invoice: z
        .string({ error: "ln_invoice must be a BOLT 11 invoice (lnbc…)." })
        .trim()
        .min(1, "ln_invoice must be a BOLT 11 invoice (lnbc…).")
        .max(4000, "ln_invoice is too long to be an invoice.")
        .optional()
        .describe("A BOLT 11 invoice to pay (with or without lightning:)."),
      destination: z
        .string({ error: "destination must be a Lightning Address or an LNURL-pay." })
        .trim()
        .min(1, "destination must be a Lightning Address or an LNURL-pay.")
        .max(2000, "destination is too long.")
        .optional()
        .describe("A Lightning Address (user@domain, LUD-16) or an LNURL-pay (lnurl1…, lnurlp://)."),
      amount: z
        .union([z.string(), z.number()], { error: "Give the amount as a number or a decimal string." })
        .optional()
        .describe("Required with destination and with an invoice without an amount; with an invoice that has one, it must match it."),
      currency: z
        .enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}.` })
        .default("SATS")
        .describe("The currency of amount (default SATS); converted to sats at the current rate, rounded down."),
      comment: z
        .string({ error: "comment must be a string." })
        .trim()
        .max(2000, "comment is at most 2000 characters.")
        .optional()
        .describe("A comment for the payee (LUD-12), when the destination accepts one."),
      statement_descriptor: createWithdrawSchema.shape.statement_descriptor,
      metadata: createWithdrawSchema.shape.metadata,
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}.` : undefined) },
  )
  .superRefine((v, ctx) => {
    if (v.ln_invoice && v.destination) ctx.addIssue({ code: "custom", path: ["destination"], message: "Give either ln_invoice or destination, not both." });
    else if (!v.ln_invoice && !v.destination) {
      ctx.addIssue({ code: "custom", path: ["ln_invoice"], message: "Give ln_invoice (a BOLT 11 invoice) or destination (a Lightning Address or LNURL-pay)." });
    } else if (v.destination && (v.amount === undefined || v.amount === "")) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "Give the amount to send to this destination." });
    }
    if (v.comment && !v.destination) ctx.addIssue({ code: "custom", path: ["comment"], message: "A comment can only be sent to a destination, not with an invoice." });
  });

export type CreatePayoutInput = z.input<typeof createPayoutSchema>;
export type CreatePayoutData = z.output<typeof createPayoutSchema>;
