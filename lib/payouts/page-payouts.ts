// The REST list of payouts, paged as every list is (lib/database/keyset-page.ts).
import type { z } from "zod";
import { listQuerySchema, pageIds } from "../database/keyset-page";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { PAYOUT_STATUSES, type PayoutRow } from "./serialize-payout";

export const listPayoutsQuerySchema = listQuerySchema({ noun: "payout", plural: "payouts", idPrefix: "po" }, PAYOUT_STATUSES);

export type ListPayoutsQuery = z.input<typeof listPayoutsQuerySchema>;

export async function pagePayouts(merchantId: string, input: unknown): Promise<{ rows: PayoutRow[]; hasMore: boolean }> {
  const query = parseInput(listPayoutsQuerySchema, input);
  const status = query.status ? [Prisma.sql`AND status = ${query.status}::"PayoutStatus"`] : [];
  const { ids, hasMore } = await pageIds("payouts", "payout", merchantId, query, status);
  const rows = ids.length ? await db().payout.findMany({ where: { id: { in: ids }, merchantId } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore };
}
