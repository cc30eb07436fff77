// The withdraw object of the REST API and webhooks, in Speed's shape. Decimals travel as
// strings, sats as exact numbers, timestamps as epoch milliseconds. Expiry is exact: an unpaid withdraw
// past expires_at reads as expired before the sweep has persisted it.
//
// The live link (withdraw_request, lightning_uri, lnurlw, claim_url) is a bearer capability to money: it is
// derived again, from a row read for the caller's own merchant, for callers granted links (link-access.ts),
// and null for everyone else, with withdraw_request_withheld saying why. Events and webhook bodies never carry it.
import { z } from "zod";
import { jsonValueSchema, type JsonValue } from "../json-value";
import type { Withdraw } from "../generated/prisma/client";
import { Decimal, formatDecimal, msatToSatsNumber } from "../money";
import { isGrant, withheldReason, WITHHELD_REASONS, type LinkAccess, type WithheldReason } from "./link-access";
import { withdrawLinks } from "./links";
import type { MerchantWithdraw, WithdrawRow } from "./merchant-withdraw";

export { WITHHELD_REASONS, type LinkAccess, type WithheldReason };

export const WITHDRAW_STATUSES = ["unpaid", "processing", "paid", "expired", "cancelled"] as const;
export type WithdrawStatus = (typeof WITHDRAW_STATUSES)[number];

export function effectiveStatus(row: Pick<Withdraw, "status" | "expiresAt">, now: Date = new Date()): WithdrawStatus {
  return row.status === "unpaid" && row.expiresAt.getTime() <= now.getTime() ? "expired" : row.status;
}

const sats = msatToSatsNumber;

export const withdrawObjectSchema = z.object({
  id: z.string().startsWith("wi_"),
  object: z.literal("withdraw"),
  account_id: z.string().startsWith("mer_"),
  livemode: z.boolean(),
  status: z.enum(WITHDRAW_STATUSES),
  amount: z.string(),
  currency: z.string(),
  target_currency: z.literal("SATS"),
  exchange_rate: z.string(),
  exchange_rate_source: z.string(),
  target_amount: z.number().int().positive(),
  // Defaults for events stored before ranges existed, so that their webhooks can still be sent.
  min_amount: z
    .string()
    .nullable()
    .default(null)
    .describe("The least the customer may withdraw, in `currency`, when the withdraw offers a range up to `amount`; null when it pays exactly `amount`."),
  min_target_amount: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe("min_amount in sats at exchange_rate, rounded down (the LNURL's minWithdrawable); null for a fixed amount."),
  target_amount_paid: z.number().nonnegative().describe("Sats really paid to the customer's invoice (anywhere in the range for a ranged withdraw); 0 until paid."),
  fees: z.number().nonnegative(),
  fee_limit: z.number().nonnegative(),
  ttl: z.number().int(),
  expires_at: z.number().int(),
  withdraw_methods: z.tuple([z.literal("lnurl")]),
  withdraw_methods_options: z.object({
    lnurl: z.object({
      id: z.string(),
      withdraw_request: z
        .string()
        .startsWith("LNURL1")
        .nullable()
        .describe("The LNURL-withdraw link (bech32, upper case for QR codes). Whoever holds it can take the amount: sent only to full-access keys, null otherwise (see withdraw_request_withheld)."),
      lightning_uri: z.string().startsWith("lightning:").nullable().describe("The same link as a lightning: URI; null when withheld."),
      lnurlw: z.string().startsWith("lnurlw://").nullable().describe("The same link in LUD-17 form; null when withheld."),
      claim_url: z
        .url()
        .nullable()
        .describe("The customer's claim page (open it in a browser; scan, paste an invoice or give a Lightning Address). The same capability as the link: null when withheld."),
      withdraw_request_withheld: z
        .enum(WITHHELD_REASONS)
        .nullable()
        .describe("Why the link fields are null: read_only_access (a read-only key or a finance user) or not_in_events (events and webhook bodies never carry the link). Null when the link is included."),
      receiver_ln_invoice: z.string().nullable(),
      payment_hash: z.string().nullable(),
      payment_preimage: z.string().nullable(),
    }),
  }),
  paid_withdraw_request: z.string().nullable(),
  target_amount_paid_by: z.string().nullable(),
  target_amount_paid_at: z.number().int().nullable(),
  statement_descriptor: z.string().nullable(),
  metadata: z.record(z.string(), jsonValueSchema).nullable(),
  created: z.number().int(),
  modified: z.number().int(),
});

export type WithdrawObject = z.infer<typeof withdrawObjectSchema>;

type LinkFields = Pick<WithdrawObject["withdraw_methods_options"]["lnurl"], "withdraw_request" | "lightning_uri" | "lnurlw" | "claim_url" | "withdraw_request_withheld">;

/** The link fields of a withdraw object, for `access`: the links of a row read for the grant's merchant, or null and why. */
export function linkFields(row: MerchantWithdraw, access: LinkAccess): LinkFields;
export function linkFields(row: WithdrawRow, access: WithheldReason): LinkFields;
export function linkFields(row: MerchantWithdraw | WithdrawRow, access: LinkAccess): LinkFields {
  // The overloads below only let a grant reach here with a MerchantWithdraw; withdrawLinks checks it again at run time.
  const links = isGrant(access) ? withdrawLinks(row as MerchantWithdraw, access) : null;
  return {
    withdraw_request: links?.lnurl ?? null,
    lightning_uri: links?.lightningUri ?? null,
    lnurlw: links?.lnurlw ?? null,
    claim_url: links?.claimUrl ?? null,
    withdraw_request_withheld: withheldReason(access),
  };
}

/** A withdraw row read for the caller's merchant may carry links; any other row only a withheld reason. */
export function serializeWithdraw(row: MerchantWithdraw, access: LinkAccess, now?: Date): WithdrawObject;
export function serializeWithdraw(row: WithdrawRow, access: WithheldReason, now?: Date): WithdrawObject;
export function serializeWithdraw(row: MerchantWithdraw | WithdrawRow, access: LinkAccess, now: Date = new Date()): WithdrawObject {
  // The overloads above let a grant reach here only with a MerchantWithdraw (withdrawLinks checks it again).
  const link = linkFields(row as MerchantWithdraw, access);
  const paid = row.status === "paid";
  const shown = paid || row.status === "processing" ? row.payment : null;
  return {
    id: row.id,
    object: "withdraw",
    account_id: row.merchantId,
    livemode: row.livemode,
    status: effectiveStatus(row, now),
    amount: formatDecimal(new Decimal(row.amount.toString())),
    currency: row.currency,
    target_currency: "SATS",
    exchange_rate: formatDecimal(new Decimal(row.exchangeRate.toString())),
    exchange_rate_source: row.rateSource,
    target_amount: sats(row.targetAmountMsat),
    min_amount: row.minAmount === null ? null : formatDecimal(new Decimal(row.minAmount.toString())),
    min_target_amount: row.minTargetAmountMsat === null ? null : sats(row.minTargetAmountMsat),
    target_amount_paid: paid && row.paidAmountMsat !== null ? sats(row.paidAmountMsat) : 0,
    fees: paid && row.feesMsat !== null ? sats(row.feesMsat) : 0,
    fee_limit: sats(row.feeLimitMsat),
    ttl: row.ttlSeconds,
    expires_at: row.expiresAt.getTime(),
    withdraw_methods: ["lnurl"],
    withdraw_methods_options: {
      lnurl: {
        id: row.id,
        ...link,
        receiver_ln_invoice: shown?.invoice ?? null,
        payment_hash: shown?.paymentHash ?? null,
        payment_preimage: paid ? (shown?.preimage ?? null) : null,
      },
    },
    paid_withdraw_request: paid ? link.withdraw_request : null,
    target_amount_paid_by: paid ? (shown?.payeePubkey ?? null) : null,
    target_amount_paid_at: row.paidAt?.getTime() ?? null,
    statement_descriptor: row.statementDescriptor,
    metadata: (row.metadata as Record<string, JsonValue> | null) ?? null,
    created: row.createdAt.getTime(),
    modified: row.updatedAt.getTime(),
  };
}
