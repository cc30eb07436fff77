// Movements of one merchant's balance (one, or a batch upload's thousand reservations) in ONE statement: a
// conditional UPDATE of the balance row for their sum, which serialises concurrent writers on the row and
// never lets a column go below zero, and the INSERT of their ledger entries, each with the sequence and
// running balance it would have had if applied one by one. One statement holds the row lock for the least
// time: callers run it last in their transaction, so the lock lasts until COMMIT only.
//
// No entry may show a negative balance on the way either: the UPDATE requires the balance before the
// movements plus the lowest running sum of their deltas to be non-negative (the CHECK constraints on
// `balances` and `ledger_entries` back both rules up in the database itself).
//
// One movement is a batch of one (applyLedgerEntry, below): the only way a balance changes, inside the
// caller's transaction.
import type { Tx } from "../db";
import { fragment, queryOn, sql, type Fragment, type Queryable, type Statement } from "../database/sql";
import { AppError } from "../errors";
import { newId } from "../ids";
import { formatMsatAsSats } from "../money";
import type { LedgerKind } from "../generated/prisma/client";

export type LedgerMovement = {
  merchantId: string;
  kind: LedgerKind;
  availableDeltaMsat: bigint;
  reservedDeltaMsat: bigint;
  withdrawId?: string;
  depositId?: string;
  payoutId?: string;
  note?: string;
};

export type BalanceAfter = { availableMsat: bigint; reservedMsat: bigint };

export type Movement = Omit<LedgerMovement, "merchantId">;

/** The lowest running sum of `deltas` (0 when none goes below zero). */
function lowestRunningSum(deltas: bigint[]): bigint {
  let sum = 0n;
  let lowest = 0n;
  for (const d of deltas) {
    sum += d;
    if (sum < lowest) lowest = sum;
  }
  return lowest;
}

/**
 * The ledger's CTEs, to begin a statement with (`WITH ${ledgerCtes(…)}, … SELECT …`): `b` is the updated
 * balance row (no row when the movements do not fit, and then no entry is written), `e` the entries. A
 * statement may gate its own writes on `EXISTS (SELECT 1 FROM b)`, so that they happen only with the movements.
 */
export function ledgerCtes(merchantId: string, movements: Movement[]): Fragment {
  if (movements.length === 0) throw new RangeError("No ledger movements to apply.");
  const available = movements.map((m) => m.availableDeltaMsat);
  const reserved = movements.map((m) => m.reservedDeltaMsat);
  const a = available.reduce((s, d) => s + d, 0n);
  const r = reserved.reduce((s, d) => s + d, 0n);
  const n = BigInt(movements.length);
  // Arrays travel as text[] (exact for int8, and the same through pg and through Prisma's raw queries).
  const text = (values: (bigint | string | undefined)[]) => values.map((v) => (v === undefined ? null : String(v)));
  return fragment`
    m AS (
      SELECT * FROM unnest(${text(movements.map(() => newId("ledgerEntry")))}::text[], ${text(available)}::text[], ${text(reserved)}::text[],
                           ${text(movements.map((m) => m.kind))}::text[], ${text(movements.map((m) => m.withdrawId))}::text[],
                           ${text(movements.map((m) => m.depositId))}::text[], ${text(movements.map((m) => m.payoutId))}::text[],
                           ${text(movements.map((m) => m.note))}::text[])
        WITH ORDINALITY AS m(id, da, dr, kind, withdraw_id, deposit_id, payout_id, note, ord)
    ), b AS (
      UPDATE balances
         SET available_msat = available_msat + ${a}::bigint, reserved_msat = reserved_msat + ${r}::bigint,
             ledger_sequence = ledger_sequence + ${n}::bigint, updated_at = now()
       WHERE merchant_id = ${merchantId}
         AND available_msat + ${lowestRunningSum(available)}::bigint >= 0 AND reserved_msat + ${lowestRunningSum(reserved)}::bigint >= 0
       RETURNING available_msat, reserved_msat, ledger_sequence
    ), e AS (
      INSERT INTO ledger_entries (id, merchant_id, kind, available_delta_msat, reserved_delta_msat, available_after_msat,
                                  reserved_after_msat, sequence, withdraw_id, deposit_id, payout_id, note)
      SELECT m.id, ${merchantId}, m.kind::"LedgerKind", m.da::bigint, m.dr::bigint,
             b.available_msat - ${a}::bigint + (sum(m.da::bigint) OVER w)::bigint,
             b.reserved_msat - ${r}::bigint + (sum(m.dr::bigint) OVER w)::bigint,
             b.ledger_sequence - ${n}::bigint + m.ord, m.withdraw_id, m.deposit_id, m.payout_id, m.note
        FROM m CROSS JOIN b
      WINDOW w AS (ORDER BY m.ord ROWS UNBOUNDED PRECEDING)
    )`;
}

export function ledgerStatement(merchantId: string, movements: Movement[]): Statement {
  return sql`WITH ${ledgerCtes(merchantId, movements)} SELECT available_msat, reserved_msat FROM b`;
}

/** The error for movements that did not fit (the ledger statement changed nothing): read once, on refusal only. */
export async function ledgerRefusal(client: Tx | Queryable, merchantId: string, movements: Movement[]): Promise<AppError> {
  const [current] = await queryOn<{ available_msat: bigint }>(client, sql`SELECT available_msat FROM balances WHERE merchant_id = ${merchantId}`);
  if (!current) return new AppError("not_found", "This merchant has no balance.");
  const needed = -lowestRunningSum(movements.map((m) => m.availableDeltaMsat));
  return new AppError("insufficient_balance", `The available balance of ${formatMsatAsSats(current.available_msat)} sats does not cover ${formatMsatAsSats(needed)} sats.`);
}

/** Applies the movements in the caller's transaction (Prisma's or lib/database/sql.ts's); refuses and writes nothing if they do not fit. */
export async function applyLedgerEntries(client: Tx | Queryable, merchantId: string, movements: Movement[]): Promise<BalanceAfter> {
  const [after] = await queryOn<{ available_msat: bigint; reserved_msat: bigint }>(client, ledgerStatement(merchantId, movements));
  if (after) return { availableMsat: after.available_msat, reservedMsat: after.reserved_msat };
  throw await ledgerRefusal(client, merchantId, movements);
}

/** One movement of one merchant's balance: a batch of one. */
export async function applyLedgerEntry(tx: Tx | Queryable, movement: LedgerMovement): Promise<BalanceAfter> {
  const { merchantId, ...rest } = movement;
  return applyLedgerEntries(tx, merchantId, [rest]);
}
