import { db } from "../db";
import type { WithdrawBatch } from "../generated/prisma/client";
import { isId } from "../ids";

export const BATCH_PAGE_SIZE = 50;

/** A merchant's batches, newest first, a page at a time; `after` is the last batch id of the previous page. */
export async function listBatches(merchantId: string, after?: string): Promise<{ rows: WithdrawBatch[]; next: string | null }> {
  const cursor = after && isId("withdrawBatch", after) ? await db().withdrawBatch.findFirst({ where: { id: after, merchantId }, select: { createdAt: true, id: true } }) : null;
  const rows = await db().withdrawBatch.findMany({
    where: {
      merchantId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: BATCH_PAGE_SIZE + 1,
  });
  const more = rows.length > BATCH_PAGE_SIZE;
  const page = rows.slice(0, BATCH_PAGE_SIZE);
  return { rows: page, next: more ? page[page.length - 1].id : null };
}
