// The only way a balance changes: one conditional UPDATE of the balance row (which serialises concurrent
// writers on the row and never lets a column go below zero), plus the ledger entry recording it, inside the
// caller's transaction. The CHECK constraints on `balances` back this up in the database itself.
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { LedgerKind } from "../generated/prisma/client";
import { newId } from "../ids";
import { formatMsatAsSats } from "../money";

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

export async function applyLedgerEntry(tx: Tx, movement: LedgerMovement): Promise<BalanceAfter> {
  const { merchantId, availableDeltaMsat: a, reservedDeltaMsat: r } = movement;
  const rows = await tx.$queryRaw<{ available_msat: bigint; reserved_msat: bigint; ledger_sequence: bigint }[]>`
    UPDATE balances
       SET available_msat = available_msat + ${a}, reserved_msat = reserved_msat + ${r},
           ledger_sequence = ledger_sequence + 1, updated_at = now()
     WHERE merchant_id = ${merchantId}
       AND available_msat + ${a} >= 0 AND reserved_msat + ${r} >= 0
     RETURNING available_msat, reserved_msat, ledger_sequence`;
  const after = rows[0];
  if (!after) {
    const current = await tx.balance.findUnique({ where: { merchantId }, select: { availableMsat: true } });
    if (!current) throw new AppError("not_found", "This merchant has no balance.");
    throw new AppError(
      "insufficient_balance",
      `The available balance of ${formatMsatAsSats(current.availableMsat)} sats does not cover ${formatMsatAsSats(-a)} sats.`,
    );
  }
  await tx.ledgerEntry.create({
    data: {
      id: newId("ledgerEntry"),
      merchantId,
      kind: movement.kind,
      availableDeltaMsat: a,
      reservedDeltaMsat: r,
      availableAfterMsat: after.available_msat,
      reservedAfterMsat: after.reserved_msat,
      sequence: after.ledger_sequence,
      withdrawId: movement.withdrawId,
      depositId: movement.depositId,
      payoutId: movement.payoutId,
      note: movement.note,
    },
    select: { id: true },
  });
  return { availableMsat: after.available_msat, reservedMsat: after.reserved_msat };
}
