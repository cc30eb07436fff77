// The deposit object of the REST API and webhooks, shaped like the payout object where they share fields:
// decimals as strings, sats as exact numbers (msat as exact strings), timestamps in epoch milliseconds. It
// carries the other service's domain, never the LNURL-withdraw link a merchant pasted (a bearer capability).
import { z } from "zod";
import { jsonValueSchema, type JsonValue } from "../json-value";
import type { Deposit } from "../generated/prisma/client";
import { Decimal, formatDecimal, msatToSatsNumber } from "../money";

export type DepositRow = Deposit;

export const DEPOSIT_STATUSES = ["pending", "paid", "expired", "failed"] as const;
export const DEPOSIT_SOURCES = ["invoice", "lnurl_withdraw"] as const;

export const depositObjectSchema = z.object({
  id: z.string().startsWith("dep_"),
  object: z.literal("deposit"),
  account_id: z.string().startsWith("mer_"),
  livemode: z.boolean(),
  status: z
    .enum(DEPOSIT_STATUSES)
    .describe(
      "pending → paid | expired | failed. failed: an LNURL-withdraw service refused to pay (should it pay the invoice anyway, the deposit is still credited), or the node received less than the amount asked (not credited).",
    ),
  amount: z.string().describe("The amount asked, in `currency`."),
  currency: z.string(),
  target_currency: z.literal("SATS"),
  target_amount: z.number().positive().describe("Sats the invoice asks for. Once paid, what the node received for it is credited: at least this."),
  target_amount_msat: z.string().regex(/^\d+$/).describe("The same, in millisats, exact."),
  exchange_rate: z.string().describe("Sats per unit of `currency`, locked at creation."),
  exchange_rate_source: z.string(),
  invoice: z.string().describe("The BOLT 11 invoice of this node to pay."),
  payment_hash: z.string(),
  expires_at: z.number().int(),
  paid_at: z.number().int().nullable(),
  source: z.enum(DEPOSIT_SOURCES).describe("invoice: anyone pays the invoice; lnurl_withdraw: Sluice asked another service to pay it."),
  source_domain: z.string().nullable().describe("The LNURL-withdraw service's domain (the link itself is never stored)."),
  failure_reason: z
    .string()
    .nullable()
    .describe(
      "Why the deposit failed (the service's refusal, or too little received); on a pending LNURL-withdraw deposit, why the service's acceptance is unconfirmed.",
    ),
  metadata: z.record(z.string(), jsonValueSchema).nullable(),
  created: z.number().int(),
  modified: z.number().int(),
});

export type DepositObject = z.infer<typeof depositObjectSchema>;

export function serializeDeposit(row: DepositRow): DepositObject {
  return {
    id: row.id,
    object: "deposit",
    account_id: row.merchantId,
    livemode: row.livemode,
    status: row.status,
    amount: formatDecimal(new Decimal(row.amount.toString())),
    currency: row.currency,
    target_currency: "SATS",
    target_amount: msatToSatsNumber(row.amountMsat),
    target_amount_msat: row.amountMsat.toString(),
    exchange_rate: formatDecimal(new Decimal(row.exchangeRate.toString())),
    exchange_rate_source: row.rateSource,
    invoice: row.invoice,
    payment_hash: row.paymentHash,
    expires_at: row.expiresAt.getTime(),
    paid_at: row.paidAt?.getTime() ?? null,
    source: row.source as (typeof DEPOSIT_SOURCES)[number],
    source_domain: row.sourceDomain,
    failure_reason: row.failureReason,
    metadata: (row.metadata as Record<string, JsonValue> | null) ?? null,
    created: row.createdAt.getTime(),
    modified: row.updatedAt.getTime(),
  };
}
