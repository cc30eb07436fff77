// The withdraws list: filters and keyset pagination over (created_at, id), newest first, always scoped to
// one merchant, so a page costs the same on the millionth row as on the first.
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { CURRENCIES } from "../money";
import { loadWithdrawsByIds } from "./load-withdraw";
import type { WithdrawRow } from "./merchant-withdraw";
import { WITHDRAW_STATUSES } from "./serialize-withdraw";

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

// Expiry is exact on reads: an unpaid withdraw past its expiry is listed as expired. `table` qualifies the
// columns when the query joins another table that has a status column.
export function statusCondition(status: WithdrawFilters["status"], now: Date, table?: "w"): Prisma.Sql {
  const t = Prisma.raw(table ? `${table}.` : "");
  if (status === "unpaid") return Prisma.sql`AND ${t}status = 'unpaid' AND ${t}expires_at > ${now}`;
  if (status === "expired") return Prisma.sql`AND (${t}status = 'expired' OR (${t}status = 'unpaid' AND ${t}expires_at <= ${now}))`;
  if (status) return Prisma.sql`AND ${t}status = ${status}::"WithdrawStatus"`;
  return Prisma.empty;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listWithdraws(
  merchantId: string,
  filters: WithdrawFilters,
  now: Date = new Date(),
): Promise<{ rows: WithdrawRow[]; next: string | null }> {
  const conditions: Prisma.Sql[] = [statusCondition(filters.status, now)];
  if (filters.currency) conditions.push(Prisma.sql`AND currency = ${filters.currency}`);
  if (filters.from) conditions.push(Prisma.sql`AND created_at >= ${new Date(`${filters.from}T00:00:00.000Z`)}`);
  if (filters.to) conditions.push(Prisma.sql`AND created_at < ${new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000)}`);
  if (filters.q) {
    const q = filters.q.toLowerCase();
    // A withdraw id matches exactly (the primary key); anything else matches the start of the descriptor,
    // case-insensitively, which the (merchant_id, lower(statement_descriptor) text_pattern_ops) index
    // answers at any table size.
    conditions.push(
      /^wi_[0-9a-z]{26}$/.test(q) ? Prisma.sql`AND id = ${q}` : Prisma.sql`AND lower(statement_descriptor) LIKE ${`${escapeLike(q)}%`}`,
    );
  }
  if (filters.after) {
    const cursor = await db().withdraw.findFirst({ where: { id: filters.after, merchantId }, select: { createdAt: true, id: true } });
    // A row-value comparison, so the (merchant_id, created_at DESC, id DESC) index serves every page alike.
    if (cursor) conditions.push(Prisma.sql`AND (created_at, id) < (${cursor.createdAt}, ${cursor.id})`);
  }
  const page = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM withdraws WHERE merchant_id = ${merchantId} ${Prisma.join(conditions, " ")}
     ORDER BY created_at DESC, id DESC LIMIT ${PAGE_SIZE + 1}`;
  const ids = page.slice(0, PAGE_SIZE).map((r) => r.id);
  const rows = await loadWithdrawsByIds(merchantId, ids);
  return { rows, next: page.length > PAGE_SIZE ? ids[ids.length - 1] : null };
}
