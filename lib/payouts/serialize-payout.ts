// The payout object of the REST API and webhooks, shaped like the withdraw object where they share fields:
// decimals as strings, sats as exact numbers (msat as exact strings), timestamps in epoch milliseconds.
import { z } from "zod";
import { jsonValueSchema, type JsonValue } from "../json-value";
import type { Payout } from "../generated/prisma/client";
import { Decimal, formatDecimal, msatToSatsNumber } from "../money";

export type PayoutRow = Payout;

export const PAYOUT_STATUSES = ["pending", "processing", "paid", "failed"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
export const DESTINATION_TYPES = ["ln_invoice", "lightning_address", "lnurl_pay"] as const;

export const payoutObjectSchema = z.object({
  id: z.string().startsWith("po_"),
  object: z.literal("payout"),
  account_id: z.string().startsWith("mer_"),
  livemode: z.boolean(),
  status: z.enum(PAYOUT_STATUSES).describe("pending → processing → paid | failed. failed is final and releases the reservation."),
  amount: z.string().describe("The amount in `currency`, as given (or the invoice's amount in sats)."),
  currency: z.string(),
  target_currency: z.literal("SATS"),
  exchange_rate: z.string(),
  exchange_rate_source: z.string(),
  target_amount: z.number().positive().describe("Sats paid to the invoice."),
  target_amount_msat: z.string().regex(/^\d+$/).describe("The same, in millisats, exact."),
  target_amount_paid: z.number().nonnegative().describe("target_amount once paid, else 0."),
  fees: z.number().nonnegative().describe("Routing fees paid, in sats (0 until paid)."),
  fee_limit: z.number().nonnegative().describe("The most the node may spend on routing fees, in sats (reserved with the amount)."),
  destination_type: z.enum(DESTINATION_TYPES),
  destination: z.string().nullable().describe("The Lightning Address or LNURL as given; null for ln_invoice."),
  destination_domain: z.string().nullable(),
  ln_invoice: z.string().describe("The invoice paid: the one given, or the one the destination's service sent."),
  invoice_description: z.string().nullable(),
  invoice_expires_at: z.number().int(),
  payment_hash: z.string(),
  payment_preimage: z.string().nullable().describe("The proof of payment, once paid (when the node reports it)."),
  payee: z.string().describe("The payee's node public key, from the invoice."),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).describe("E.g. description_hash_mismatch: paid anyway, as LUD-06 allows."),
  failure_reason: z.string().nullable(),
  statement_descriptor: z.string().nullable(),
  metadata: z.record(z.string(), jsonValueSchema).nullable(),
  paid_at: z.number().int().nullable(),
  created: z.number().int(),
  modified: z.number().int(),
});

export type PayoutObject = z.infer<typeof payoutObjectSchema>;

const sats = msatToSatsNumber;

function warning(text: string): { code: string; message: string } {
  const at = text.indexOf(": ");
  return at > 0 ? { code: text.slice(0, at), message: text.slice(at + 2) } : { code: "warning", message: text };
}

export function serializePayout(row: PayoutRow): PayoutObject {
  const paid = row.status === "paid";
  return {
    id: row.id,
    object: "payout",
    account_id: row.merchantId,
    livemode: row.livemode,
    status: row.status,
    amount: formatDecimal(new Decimal(row.amount.toString())),
    currency: row.currency,
    target_currency: "SATS",
    exchange_rate: formatDecimal(new Decimal(row.exchangeRate.toString())),
    exchange_rate_source: row.rateSource,
    target_amount: sats(row.amountMsat),
    target_amount_msat: row.amountMsat.toString(),
    target_amount_paid: paid ? sats(row.amountMsat) : 0,
    fees: paid && row.feesMsat !== null ? sats(row.feesMsat) : 0,
    fee_limit: sats(row.feeLimitMsat),
    destination_type: row.destinationType as (typeof DESTINATION_TYPES)[number],
    destination: row.destination,
    destination_domain: row.destinationDomain,
    ln_invoice: row.invoice,
    invoice_description: row.invoiceDescription,
    invoice_expires_at: row.invoiceExpiresAt.getTime(),
    payment_hash: row.paymentHash,
    payment_preimage: paid ? row.preimage : null,
    payee: row.payeePubkey,
    warnings: row.warnings.map(warning),
    failure_reason: row.failureReason,
    statement_descriptor: row.statementDescriptor,
    metadata: (row.metadata as Record<string, JsonValue> | null) ?? null,
    paid_at: row.paidAt?.getTime() ?? null,
    created: row.createdAt.getTime(),
    modified: row.updatedAt.getTime(),
  };
}
