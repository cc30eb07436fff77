// The ledger export: every entry in its sequence (the order the running balance was computed in), read in
// keyset batches. amount_msat is the entry's effect on the whole balance (available + reserved); the two
// deltas show where the money sat, and balance_after_msat is the running balance after the entry.
import { db } from "../db";
import { Prisma, type LedgerKind } from "../generated/prisma/client";
import { formatMsatAsSats } from "../money";
import type { Cell } from "./csv";
import type { Batch, BatchReader } from "./export-stream";

export const LEDGER_COLUMNS = [
  "id",
  "sequence",
  "created_at",
  "kind",
  "amount_msat",
  "amount_sats",
  "available_delta_msat",
  "reserved_delta_msat",
  "available_after_msat",
  "reserved_after_msat",
  "balance_after_msat",
  "withdraw_id",
  "deposit_id",
  "note",
] as const;

export type LedgerExportQuery = { merchantId: string; kind?: LedgerKind; start?: Date; end?: Date };

type Row = {
  id: string;
  sequence: bigint;
  created_at: Date;
  kind: string;
  available_delta_msat: bigint;
  reserved_delta_msat: bigint;
  available_after_msat: bigint;
  reserved_after_msat: bigint;
  withdraw_id: string | null;
  deposit_id: string | null;
  note: string | null;
};

function toCells(row: Row): Cell[] {
  const amount = row.available_delta_msat + row.reserved_delta_msat;
  return [
    row.id,
    row.sequence,
    row.created_at.toISOString(),
    row.kind,
    amount,
    formatMsatAsSats(amount),
    row.available_delta_msat,
    row.reserved_delta_msat,
    row.available_after_msat,
    row.reserved_after_msat,
    row.available_after_msat + row.reserved_after_msat,
    row.withdraw_id,
    row.deposit_id,
    row.note,
  ];
}

export function ledgerBatchReader(query: LedgerExportQuery, batchSize: number): BatchReader<bigint> {
  return async (after: bigint | null): Promise<Batch<bigint>> => {
    const conditions: Prisma.Sql[] = [];
    if (query.kind) conditions.push(Prisma.sql`AND kind = ${query.kind}::"LedgerKind"`);
    if (query.start) conditions.push(Prisma.sql`AND created_at >= ${query.start}`);
    if (query.end) conditions.push(Prisma.sql`AND created_at < ${query.end}`);
    if (after !== null) conditions.push(Prisma.sql`AND sequence > ${after}`);
    const rows = await db().$queryRaw<Row[]>`
      SELECT id, sequence, created_at, kind::text AS kind, available_delta_msat, reserved_delta_msat,
             available_after_msat, reserved_after_msat, withdraw_id, deposit_id, note
        FROM ledger_entries
       WHERE merchant_id = ${query.merchantId} ${conditions.length ? Prisma.join(conditions, " ") : Prisma.empty}
       ORDER BY sequence
       LIMIT ${batchSize}`;
    const last = rows.at(-1);
    return { rows: rows.map(toCells), next: rows.length === batchSize && last ? last.sequence : null };
  };
}
