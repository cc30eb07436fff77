// What the API and the dashboard send to add funds: an amount for an invoice of the merchant's node, or an
// LNURL-withdraw link of another service (LUD-03, LUD-17) that Sluice pulls the amount from.
import { z } from "zod";
import { CURRENCIES } from "../money";
import { MAX_CODE_LENGTH } from "../lnurl-client/parse-code";
import { createWithdrawSchema } from "../withdraws/schemas";

export const createDepositSchema = z
  .strictObject(
    {
      amount: z
        .union([z.string(), z.number()], { error: "Give the amount as a number or a decimal string." })
        .optional()
        .describe("The amount to add, in `currency`. Required for an invoice; with `lnurl`, optional (default: the most the link offers, in whole sats)."),
      currency: z
        .enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}.` })
        .default("SATS")
        .describe("The currency of amount (default SATS); converted to whole sats at the current rate, rounded down."),
      lnurl: z
        .string({ error: "lnurl must be an LNURL-withdraw link (lnurl1…, lnurlw://…)." })
        .trim()
        .min(1, "lnurl must be an LNURL-withdraw link (lnurl1…, lnurlw://…).")
        .max(MAX_CODE_LENGTH, "lnurl is too long to be an LNURL.")
        .optional()
        .describe("Another service's LNURL-withdraw link (bech32 lnurl1…, lightning:lnurl1…, or lnurlw://): Sluice reads its offer, invoices its own node and asks the service to pay."),
      metadata: createWithdrawSchema.shape.metadata,
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}.` : undefined) },
  )
  .superRefine((v, ctx) => {
    if (!v.lnurl && (v.amount === undefined || v.amount === "")) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "Give the amount to deposit (or an lnurl to receive from)." });
    }
  });

export type CreateDepositInput = z.input<typeof createDepositSchema>;
export type CreateDepositData = z.output<typeof createDepositSchema>;
