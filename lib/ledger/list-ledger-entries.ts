// A merchant's ledger, newest first, one page at a time. Keyset pagination over the entries' sequence: the
// cursor is the id of the last entry shown, so a page costs the same at entry 10 as at entry 10 million (the
// (merchant_id, sequence) index serves it) and entries written meanwhile never shift a page.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import type { LedgerKind } from "../generated/prisma/client";
import { isId } from "../ids";
import { parseInput } from "../validation";

export const LEDGER_PAGE_SIZE = 50;

export type LedgerEntryRow = {
  id: string;
  kind: LedgerKind;
  sequence: bigint;
  createdAt: Date;
  availableDeltaMsat: bigint;
  reservedDeltaMsat: bigint;
  availableAfterMsat: bigint;
  reservedAfterMsat: bigint;
  withdrawId: string | null;
  depositId: string | null;
  payoutId: string | null;
  note: string | null;
};

/** The columns of an entry that the dashboard's listing and the REST list show. */
export const LEDGER_ENTRY_SELECT = {
  id: true,
  kind: true,
  sequence: true,
  createdAt: true,
  availableDeltaMsat: true,
  reservedDeltaMsat: true,
  availableAfterMsat: true,
  reservedAfterMsat: true,
  withdrawId: true,
  depositId: true,
  payoutId: true,
  note: true,
} as const;

export type LedgerPage = { entries: LedgerEntryRow[]; nextBefore: string | null };

const schema = z.object({
  merchantId: z.string().min(1),
  before: z
    .string()
    .refine((v) => isId("ledgerEntry", v), "The page cursor is not a ledger entry id (le_…).")
    .optional(),
  limit: z.number().int().min(1).max(200).default(LEDGER_PAGE_SIZE),
});

export async function listLedgerEntries(input: { merchantId: string; before?: string; limit?: number }): Promise<LedgerPage> {
  const { merchantId, before, limit } = parseInput(schema, input);
  let cursor: { sequence: bigint } | undefined;
  if (before) {
    // Scoped to the merchant: another merchant's entry id is an unknown cursor, never a way in.
    const found = await db().ledgerEntry.findFirst({ where: { id: before, merchantId }, select: { sequence: true } });
    if (!found) throw new AppError("not_found", "That page of the ledger does not exist.", "before");
    cursor = found;
  }
  const rows = await db().ledgerEntry.findMany({
    where: {
      merchantId,
      ...(cursor ? { sequence: { lt: cursor.sequence } } : {}),
    },
    orderBy: { sequence: "desc" },
    take: limit + 1,
    select: LEDGER_ENTRY_SELECT,
  });
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1].id : null };
}
