// The overview's figures for one merchant: sats paid out today, over 7 and 30 days, withdraws of the last
// 30 days by (effective) status, and payouts per day for a chart. Each is one indexed query.
import { db } from "../db";
import type { WithdrawStatus } from "./serialize-withdraw";

export type PayoutDay = { day: string; msat: bigint; count: number };

export type WithdrawSummary = {
  paid: { todayMsat: bigint; weekMsat: bigint; monthMsat: bigint; monthCount: number };
  byStatus: Record<WithdrawStatus, number>;
  days: PayoutDay[];
};

const DAY = 86_400_000;

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export async function summarizeWithdraws(merchantId: string, now: Date = new Date()): Promise<WithdrawSummary> {
  const today = startOfUtcDay(now);
  const weekAgo = new Date(today.getTime() - 6 * DAY);
  const monthAgo = new Date(today.getTime() - 29 * DAY);

  const [daily, statuses] = await Promise.all([
    db().$queryRaw<{ day: Date; msat: bigint; count: bigint }[]>`
      SELECT date_trunc('day', paid_at AT TIME ZONE 'UTC') AS day, sum(paid_amount_msat)::bigint AS msat, count(*) AS count
        FROM withdraws
       WHERE merchant_id = ${merchantId} AND status = 'paid' AND paid_at >= ${monthAgo}
       GROUP BY 1`,
    db().$queryRaw<{ status: WithdrawStatus; count: bigint }[]>`
      SELECT CASE WHEN status = 'unpaid' AND expires_at <= ${now} THEN 'expired' ELSE status::text END AS status, count(*) AS count
        FROM withdraws
       WHERE merchant_id = ${merchantId} AND created_at >= ${monthAgo}
       GROUP BY 1`,
  ]);

  const byDay = new Map(daily.map((d) => [d.day.toISOString().slice(0, 10), d]));
  const days: PayoutDay[] = Array.from({ length: 30 }, (_, i) => {
    const day = new Date(monthAgo.getTime() + i * DAY).toISOString().slice(0, 10);
    const found = byDay.get(day);
    return { day, msat: found?.msat ?? 0n, count: Number(found?.count ?? 0n) };
  });
  const sumSince = (from: Date) => days.filter((d) => d.day >= from.toISOString().slice(0, 10)).reduce((s, d) => s + d.msat, 0n);
  const byStatus: Record<WithdrawStatus, number> = { unpaid: 0, processing: 0, paid: 0, expired: 0, cancelled: 0 };
  for (const s of statuses) byStatus[s.status] += Number(s.count);
  return {
    paid: {
      todayMsat: sumSince(today),
      weekMsat: sumSince(weekAgo),
      monthMsat: sumSince(monthAgo),
      monthCount: days.reduce((s, d) => s + d.count, 0),
    },
    byStatus,
    days,
  };
}
