// The REST list of deposits, paged as every list is (lib/database/keyset-page.ts).
import type { z } from "zod";
import { listQuerySchema, pageIds } from "../database/keyset-page";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { DEPOSIT_STATUSES, type DepositRow } from "./serialize-deposit";

export const listDepositsQuerySchema = listQuerySchema({ noun: "deposit", plural: "deposits", idPrefix: "dep" }, DEPOSIT_STATUSES);

export type ListDepositsQuery = z.input<typeof listDepositsQuerySchema>;

export async function pageDeposits(merchantId: string, input: unknown): Promise<{ rows: DepositRow[]; hasMore: boolean }> {
  const query = parseInput(listDepositsQuerySchema, input);
  const status = query.status ? [Prisma.sql`AND status = ${query.status}::"DepositStatus"`] : [];
  const { ids, hasMore } = await pageIds("deposits", "deposit", merchantId, query, status);
  const rows = ids.length ? await db().deposit.findMany({ where: { id: { in: ids }, merchantId } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore };
}
