// The withdraws export: one row per withdraw, oldest first, read in keyset batches over (created_at, id) so
// every batch costs the same whatever the table size. Columns reconcile to the sat: amounts in msat as exact
// integers, with the same amounts in sats as exact decimals beside them. A ranged withdraw's minimum is beside
// its target; paid_amount is what was really paid, anywhere in the range.
import type pg from "pg";
import { bulkReadPool } from "../db";
import { Prisma } from "../generated/prisma/client";
import { msatAsSatsSql } from "../money";
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
  "min_amount",
  "min_target_amount_msat",
  "min_target_amount_sats",
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

// Every cell arrives as the text it is written as, in column order (an array per row, straight from the
// driver): PostgreSQL formats the times (ISO 8601 UTC with milliseconds, as Date.toISOString() writes them),
// the exact amounts and the sats beside them, and applies the export-time expiry. Only livemode (a boolean)
// and metadata (JSON) are parsed, for the JSON Lines format. Measured on a million rows, converting to Date
// and bigint and back in JavaScript, and Prisma's row objects, cost a third of the export's time. Amounts
// here are never negative, so their text cells start with a digit and are never taken for formulas.
const BOOL_OID = 16;
const JSONB_OID = 3802;
const ROW_TYPES = {
  getTypeParser: (oid: number) =>
    oid === BOOL_OID ? (text: string) => text === "t" : oid === JSONB_OID ? (text: string) => JSON.parse(text) as unknown : (text: string) => text,
} as unknown as pg.CustomTypesConfig;

/** The keyset position: the last row's created_at (as its exact ISO text) and id. */
type Cursor = { createdAt: string; id: string };

const iso = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
// The sats beside each msat amount: the text formatMsatAsSats writes, written by PostgreSQL.
const sats = (column: string) => Prisma.raw(msatAsSatsSql(column));
const ifPaid = (expression: Prisma.Sql) => Prisma.sql`CASE WHEN w.status = 'paid' THEN ${expression} END`;

/** The export's query: its rows after the cursor, oldest first, at most `limit` of them (all without one). */
export function withdrawExportSql(query: WithdrawExportQuery, after: Cursor | null, limit?: number): Prisma.Sql {
  // Expiry is exact on every read: an unpaid withdraw past its expiry is exported as expired, at expires_at.
  const lapsed = Prisma.sql`(w.status = 'unpaid' AND w.expires_at <= ${query.asOf})`;
  const conditions: Prisma.Sql[] = [statusCondition(query.status, query.asOf, "w")];
  if (query.currency) conditions.push(Prisma.sql`AND w.currency = ${query.currency}`);
  if (query.start) conditions.push(Prisma.sql`AND w.created_at >= ${query.start}`);
  if (query.end) conditions.push(Prisma.sql`AND w.created_at < ${query.end}`);
  if (after) conditions.push(Prisma.sql`AND (w.created_at, w.id) > (${after.createdAt}::timestamptz, ${after.id})`);
  // The payment shown is the one that paid (or is paying) the withdraw: at most one, by a unique index.
  return Prisma.sql`
    SELECT w.id, CASE WHEN ${lapsed} THEN 'expired' ELSE w.status::text END AS status,
           ${iso("w.created_at")} AS created_at, ${iso("w.expires_at")} AS expires_at, ${iso("w.paid_at")} AS paid_at,
           ${iso("w.cancelled_at")} AS cancelled_at,
           CASE WHEN ${lapsed} THEN ${iso("w.expires_at")} ELSE ${iso("w.expired_at")} END AS expired_at,
           trim_scale(w.amount)::text AS amount, w.currency, trim_scale(w.exchange_rate)::text AS exchange_rate,
           w.rate_source, w.target_amount_msat::text AS target_amount_msat, ${sats("w.target_amount_msat")} AS target_amount_sats,
           trim_scale(w.min_amount)::text AS min_amount, w.min_target_amount_msat::text AS min_target_amount_msat,
           ${sats("w.min_target_amount_msat")} AS min_target_amount_sats,
           ${ifPaid(Prisma.sql`w.paid_amount_msat::text`)} AS paid_amount_msat, ${ifPaid(sats("w.paid_amount_msat"))} AS paid_amount_sats,
           ${ifPaid(Prisma.sql`w.fees_msat::text`)} AS fee_msat, ${ifPaid(sats("w.fees_msat"))} AS fee_sats,
           w.fee_limit_msat::text AS fee_limit_msat,
           p.payment_hash, ${ifPaid(Prisma.sql`p.preimage`)} AS preimage, p.invoice, p.payee_pubkey,
           w.statement_descriptor, w.metadata, w.livemode
      FROM withdraws w
      LEFT JOIN withdraw_payments p ON p.withdraw_id = w.id AND p.status IN ('in_flight', 'succeeded')
     WHERE w.merchant_id = ${query.merchantId} ${Prisma.join(conditions, " ")}
     ORDER BY w.created_at, w.id
     ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`;
}

export function withdrawBatchReader(query: WithdrawExportQuery, batchSize: number): BatchReader<Cursor> {
  return async (after: Cursor | null): Promise<Batch<Cursor>> => {
    const sql = withdrawExportSql(query, after, batchSize);
    const { rows } = await bulkReadPool().query<Cell[]>({ text: sql.text, values: sql.values, rowMode: "array", types: ROW_TYPES });
    const last = rows.at(-1);
    // Columns 0 and 2 are the id and created_at, the keyset.
    return { rows, next: rows.length === batchSize && last ? { createdAt: last[2] as string, id: last[0] as string } : null };
  };
}
