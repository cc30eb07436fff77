// The REST list of ledger entries: newest first, paged as every list is (limit, created range, cursors by id),
// but keyset over the ledger's own order, the merchant's sequence, not (created_at, id): the sequence is the
// order the running balance was computed in, and entries written while a client pages never shift a page.
import { z } from "zod";
import { pagedQuerySchema, pagingShape } from "../database/keyset-page";
import { db } from "../db";
import { AppError } from "../errors";
import { LedgerKind, type Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { LEDGER_ENTRY_SELECT, type LedgerEntryRow } from "./list-ledger-entries";

const KINDS = Object.values(LedgerKind);

export const listLedgerEntriesQuerySchema = pagedQuerySchema({
  ...pagingShape({ noun: "ledger entry", plural: "entries", idPrefix: "le" }),
  kind: z.enum(KINDS, { error: `kind must be one of ${KINDS.join(", ")}.` }).optional().describe("Only entries of this kind."),
});

export async function pageLedgerEntries(merchantId: string, input: unknown): Promise<{ rows: LedgerEntryRow[]; hasMore: boolean }> {
  const query = parseInput(listLedgerEntriesQuerySchema, input);
  const cursorId = query.starting_after ?? query.ending_before;
  const backwards = query.ending_before !== undefined;
  let sequence: Prisma.BigIntFilter = {};
  if (cursorId) {
    // Scoped to the merchant: another merchant's entry id is an unknown cursor, never a way in.
    const cursor = await db().ledgerEntry.findFirst({ where: { id: cursorId, merchantId }, select: { sequence: true } });
    if (!cursor) throw new AppError("validation_error", `No ledger entry ${cursorId} in this account.`, backwards ? "ending_before" : "starting_after");
    sequence = backwards ? { gt: cursor.sequence } : { lt: cursor.sequence };
  }
  const gte = query["created[gte]"];
  const lte = query["created[lte]"];
  const found = await db().ledgerEntry.findMany({
    where: {
      merchantId,
      sequence,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(gte !== undefined || lte !== undefined
        ? { createdAt: { ...(gte !== undefined ? { gte: new Date(gte) } : {}), ...(lte !== undefined ? { lte: new Date(lte) } : {}) } }
        : {}),
    },
    // Going backwards reads upwards from the cursor, then turns the page round to newest first.
    orderBy: { sequence: backwards ? "asc" : "desc" },
    take: query.limit + 1,
    select: LEDGER_ENTRY_SELECT,
  });
  const rows = found.slice(0, query.limit);
  if (backwards) rows.reverse();
  return { rows, hasMore: found.length > query.limit };
}
