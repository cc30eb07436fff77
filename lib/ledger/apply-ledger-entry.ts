// The only way a balance changes: one conditional UPDATE of the balance row (which serialises concurrent
// writers on the row and never lets a column go below zero), plus the ledger entry recording it, inside the
// caller's transaction. The CHECK constraints on `balances` back this up in the database itself. One movement
// is a batch of one (lib/ledger/apply-ledger-entries.ts holds the statement).
import type { Queryable } from "../database/sql";
import type { Tx } from "../db";
import type { LedgerKind } from "../generated/prisma/client";
import { applyLedgerEntries } from "./apply-ledger-entries";

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

export async function applyLedgerEntry(tx: Tx | Queryable, movement: LedgerMovement): Promise<BalanceAfter> {
  const { merchantId, ...rest } = movement;
  return applyLedgerEntries(tx, merchantId, [rest]);
}
