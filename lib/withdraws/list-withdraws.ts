// The withdraws list: filters and keyset pagination over (created_at, id), newest first, always scoped to
// one merchant, so a page costs the same on the millionth row as on the first.
import { z } from "zod";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { CURRENCIES } from "../money";
import { loadWithdrawsByIds } from "./load-withdraw";
import { WITHDRAW_STATUSES, type WithdrawRow } from "./serialize-withdraw";

export const PAGE_SIZE = 25;

const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(200).optional());
const optionalDate = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.iso.date({ error: "Use a date like 2026-11-22." }).optional(),
);

export const withdrawFiltersSchema = z.object({
  status: z.preprocess((v) => (v === "" || v === "all" ? undefined : v), z.enum(WITHDRAW_STATUSES).optional()),
  currency: z.preprocess((v) => (v === "" || v === "all" ? undefined : v), z.enum(CURRENCIES).optional()),
  from: optionalDate,
  to: optionalDate,
  q: optionalText,
  after: optionalText,
});

export type WithdrawFilters = z.output<typeof withdrawFiltersSchema>;

function statusWhere(status: WithdrawFilters["status"], now: Date): Prisma.WithdrawWhereInput {
  // Expiry is exact on reads: an unpaid withdraw past its expiry is listed as expired.
  if (status === "unpaid") return { status: "unpaid", expiresAt: { gt: now } };
  if (status === "expired") return { OR: [{ status: "expired" }, { status: "unpaid", expiresAt: { lte: now } }] };
  return status ? { status } : {};
}

export async function listWithdraws(
  merchantId: string,
  filters: WithdrawFilters,
  now: Date = new Date(),
): Promise<{ rows: WithdrawRow[]; next: string | null }> {
  const where: Prisma.WithdrawWhereInput[] = [{ merchantId }, statusWhere(filters.status, now)];
  if (filters.currency) where.push({ currency: filters.currency });
  if (filters.from) where.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00.000Z`) } });
  if (filters.to) where.push({ createdAt: { lt: new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000) } });
  if (filters.q) {
    where.push(
      filters.q.startsWith("wi_")
        ? { id: { startsWith: filters.q.toLowerCase() } }
        : { statementDescriptor: { contains: filters.q, mode: "insensitive" } },
    );
  }
  if (filters.after) {
    const cursor = await db().withdraw.findFirst({ where: { id: filters.after, merchantId }, select: { createdAt: true, id: true } });
    if (cursor) {
      where.push({ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] });
    }
  }
  const page = await db().withdraw.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    select: { id: true },
  });
  const ids = page.slice(0, PAGE_SIZE).map((r) => r.id);
  const rows = await loadWithdrawsByIds(merchantId, ids);
  return { rows, next: page.length > PAGE_SIZE ? ids[ids.length - 1] : null };
}
