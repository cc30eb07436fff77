// A statement of the balance for a period: opening balance + credits − debits = closing balance, where the
// balance is everything the merchant holds (available + reserved). Reservations and releases move money
// between the two parts and are shown, but are neither credits nor debits. The opening and closing balances
// are the running balances of the last entry before each boundary; the period's movements are summed from
// the entries themselves, so the identity is a real check of the ledger, not arithmetic done twice.
import { db, type Tx } from "../db";
import type { LedgerKind } from "../generated/prisma/client";
import { LedgerKind as LEDGER_KINDS } from "../generated/prisma/enums";

export type BalanceAt = { availableMsat: bigint; reservedMsat: bigint; totalMsat: bigint };
export type KindTotals = { kind: LedgerKind; count: number; creditsMsat: bigint; debitsMsat: bigint; availableMsat: bigint; reservedMsat: bigint };
export type Statement = {
  start: Date | null;
  end: Date;
  opening: BalanceAt;
  closing: BalanceAt;
  creditsMsat: bigint;
  debitsMsat: bigint;
  entryCount: number;
  byKind: KindTotals[];
  /** opening + credits − debits − closing: zero for a sound ledger. */
  discrepancyMsat: bigint;
};

async function balanceBefore(tx: Tx, merchantId: string, instant: Date | null): Promise<BalanceAt> {
  if (!instant) return { availableMsat: 0n, reservedMsat: 0n, totalMsat: 0n };
  // created_at never decreases along the sequence, so "before the instant" is a prefix of the ledger and
  // its last entry is one probe of the (merchant_id, created_at, sequence) index.
  const rows = await tx.$queryRaw<{ available_after_msat: bigint; reserved_after_msat: bigint }[]>`
    SELECT available_after_msat, reserved_after_msat FROM ledger_entries
     WHERE merchant_id = ${merchantId} AND created_at < ${instant}
     ORDER BY created_at DESC, sequence DESC LIMIT 1`;
  const a = rows[0]?.available_after_msat ?? 0n;
  const r = rows[0]?.reserved_after_msat ?? 0n;
  return { availableMsat: a, reservedMsat: r, totalMsat: a + r };
}

export async function getStatement(merchantId: string, range: { start?: Date; end?: Date }, now: Date = new Date()): Promise<Statement> {
  const start = range.start ?? null;
  // A period reaching into the future closes now: entries written later do not belong to it yet.
  const end = range.end && range.end.getTime() < now.getTime() ? range.end : now;
  // One snapshot for the three reads, so an entry committed meanwhile cannot land in one and not another.
  const [opening, closing, sums] = await db().$transaction(
    async (tx) => [
      await balanceBefore(tx, merchantId, start),
      await balanceBefore(tx, merchantId, end),
      await tx.$queryRaw<{ kind: LedgerKind; count: bigint; credits: bigint | null; debits: bigint | null; available: bigint | null; reserved: bigint | null }[]>`
      SELECT kind::text AS kind, count(*) AS count,
             sum(GREATEST(available_delta_msat + reserved_delta_msat, 0))::bigint AS credits,
             sum(GREATEST(-(available_delta_msat + reserved_delta_msat), 0))::bigint AS debits,
             sum(available_delta_msat)::bigint AS available, sum(reserved_delta_msat)::bigint AS reserved
        FROM ledger_entries
       WHERE merchant_id = ${merchantId} AND created_at < ${end}
         AND created_at >= ${start ?? new Date(0)}
       GROUP BY kind`,
    ] as const,
    { isolationLevel: "RepeatableRead" },
  );
  const found = new Map(sums.map((s) => [s.kind, s]));
  const byKind = Object.values(LEDGER_KINDS).map((kind): KindTotals => {
    const s = found.get(kind);
    return {
      kind,
      count: Number(s?.count ?? 0n),
      creditsMsat: s?.credits ?? 0n,
      debitsMsat: s?.debits ?? 0n,
      availableMsat: s?.available ?? 0n,
      reservedMsat: s?.reserved ?? 0n,
    };
  });
  const creditsMsat = byKind.reduce((t, k) => t + k.creditsMsat, 0n);
  const debitsMsat = byKind.reduce((t, k) => t + k.debitsMsat, 0n);
  return {
    start,
    end,
    opening,
    closing,
    creditsMsat,
    debitsMsat,
    entryCount: byKind.reduce((t, k) => t + k.count, 0),
    byKind,
    discrepancyMsat: opening.totalMsat + creditsMsat - debitsMsat - closing.totalMsat,
  };
}
