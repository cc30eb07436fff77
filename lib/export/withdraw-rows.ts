// The withdraws export: one row per withdraw, oldest first, read in keyset batches over (created_at, id) so
// every batch costs the same whatever the table size. Columns reconcile to the sat: amounts in msat as exact
// integers, with the same amounts in sats as exact decimals beside them.
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { formatMsatAsSats } from "../money";
import { statusCondition } from "../withdraws/list-withdraws";
import type { WithdrawStatus } from "../withdraws/serialize-withdraw";
import type { Cell } from "./csv";
import type { Batch, BatchReader } from "./export-stream";

export const WITHDRAW_COLUMNS = [
  "id",
  "status",
  "created_at",
  "expires_at",
  "paid_at",
  "cancelled_at",
  "expired_at",
  "amount",
  "currency",
  "exchange_rate",
  "rate_source",
  "target_amount_msat",
  "target_amount_sats",
  "paid_amount_msat",
  "paid_amount_sats",
  "fee_msat",
  "fee_sats",
  "fee_limit_msat",
  "payment_hash",
  "payment_preimage",
  "invoice",
  "payee_pubkey",
  "statement_descriptor",
  "metadata",
  "livemode",
] as const;

export type WithdrawExportQuery = { merchantId: string; status?: WithdrawStatus; currency?: string; start?: Date; end?: Date; asOf: Date };

type Row = {
  id: string;
  status: string;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  cancelled_at: Date | null;
  expired_at: Date | null;
  amount: string;
  currency: string;
  exchange_rate: string;
  rate_source: string;
  target_amount_msat: bigint;
  paid_amount_msat: bigint | null;
  fees_msat: bigint | null;
  fee_limit_msat: bigint;
  payment_hash: string | null;
  preimage: string | null;
  invoice: string | null;
  payee_pubkey: string | null;
  statement_descriptor: string | null;
  metadata: Record<string, unknown> | null;
  livemode: boolean;
};

type Cursor = { createdAt: Date; id: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const sats = (msat: bigint | null) => (msat === null ? null : formatMsatAsSats(msat));

function toCells(row: Row, asOf: Date): Cell[] {
  // Expiry is exact on every read: an unpaid withdraw past its expiry is exported as expired, at expires_at.
  const lapsed = row.status === "unpaid" && row.expires_at.getTime() <= asOf.getTime();
  const paid = row.status === "paid";
  return [
    row.id,
    lapsed ? "expired" : row.status,
    iso(row.created_at),
    iso(row.expires_at),
    iso(row.paid_at),
    iso(row.cancelled_at),
    iso(lapsed ? row.expires_at : row.expired_at),
    row.amount,
    row.currency,
    row.exchange_rate,
    row.rate_source,
    row.target_amount_msat,
    sats(row.target_amount_msat),
    paid ? row.paid_amount_msat : null,
    paid ? sats(row.paid_amount_msat) : null,
    paid ? row.fees_msat : null,
    paid ? sats(row.fees_msat) : null,
    row.fee_limit_msat,
    row.payment_hash,
    paid ? row.preimage : null,
    row.invoice,
    row.payee_pubkey,
    row.statement_descriptor,
    row.metadata,
    row.livemode,
  ];
}

export function withdrawBatchReader(query: WithdrawExportQuery, batchSize: number): BatchReader<Cursor> {
  return async (after: Cursor | null): Promise<Batch<Cursor>> => {
    const conditions: Prisma.Sql[] = [statusCondition(query.status, query.asOf, "w")];
    if (query.currency) conditions.push(Prisma.sql`AND w.currency = ${query.currency}`);
    if (query.start) conditions.push(Prisma.sql`AND w.created_at >= ${query.start}`);
    if (query.end) conditions.push(Prisma.sql`AND w.created_at < ${query.end}`);
    if (after) conditions.push(Prisma.sql`AND (w.created_at, w.id) > (${after.createdAt}, ${after.id})`);
    // The payment shown is the one that paid (or is paying) the withdraw: at most one, by a unique index.
    const rows = await db().$queryRaw<Row[]>`
      SELECT w.id, w.status::text AS status, w.created_at, w.expires_at, w.paid_at, w.cancelled_at, w.expired_at,
             trim_scale(w.amount)::text AS amount, w.currency, trim_scale(w.exchange_rate)::text AS exchange_rate,
             w.rate_source, w.target_amount_msat, w.paid_amount_msat, w.fees_msat, w.fee_limit_msat,
             p.payment_hash, p.preimage, p.invoice, p.payee_pubkey, w.statement_descriptor, w.metadata, w.livemode
        FROM withdraws w
        LEFT JOIN withdraw_payments p ON p.withdraw_id = w.id AND p.status IN ('in_flight', 'succeeded')
       WHERE w.merchant_id = ${query.merchantId} ${Prisma.join(conditions, " ")}
       ORDER BY w.created_at, w.id
       LIMIT ${batchSize}`;
    const last = rows.at(-1);
    return {
      rows: rows.map((row) => toCells(row, query.asOf)),
      next: rows.length === batchSize && last ? { createdAt: last.created_at, id: last.id } : null,
    };
  };
}
