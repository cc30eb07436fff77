// The overview's figures, from withdraws paid through the real claim and payment code on the days the test
// chooses, so the summary is checked against payments the ledger really holds.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { summarizeWithdraws } from "@/lib/withdraws/summarize-withdraws";
import { createTestMerchant } from "../support/merchants";
import { payWithdrawAt } from "../support/pay-withdraw";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TWO_DAYS = 2 * 86_400;

/** A 1 000-sat withdraw created an hour before `paidAt`, paid then through the real flow. */
async function paidWithdraw(merchantId: string, paidAt: Date, sats = 1_000): Promise<string> {
  const w = await createWithdraw(merchantId, { amount: String(sats), currency: "SATS", ttl: TWO_DAYS }, new Date(paidAt.getTime() - HOUR));
  await payWithdrawAt(merchantId, w.id, BigInt(sats) * 1000n, paidAt);
  return w.id;
}

describe("summarizeWithdraws", () => {
  it("sums payouts today, over 7 and 30 days by UTC day, and counts the last 30 days by effective status", async () => {
    const { merchantId } = await createTestMerchant(100_000n);
    const other = await createTestMerchant(100_000n);
    const now = new Date("2026-11-22T15:00:00.000Z");
    const a = await paidWithdraw(merchantId, new Date("2026-11-22T01:00:00.000Z")); // today
    const b = await paidWithdraw(merchantId, new Date("2026-11-18T23:59:59.000Z")); // within 7 days
    const c = await paidWithdraw(merchantId, new Date("2026-10-30T12:00:00.000Z")); // within 30 days
    const e = await paidWithdraw(merchantId, new Date("2026-10-01T12:00:00.000Z")); // created and paid over 30 days ago
    // Created a day ago with an hour to live, never pulled: it counts as expired.
    await createWithdraw(merchantId, { amount: "1000", currency: "SATS", ttl: 3_600 }, new Date(now.getTime() - DAY));
    // Another merchant's payment, today, is not this merchant's.
    await paidWithdraw(other.merchantId, new Date(now.getTime() - HOUR), 5_000);

    const paid = await db().withdraw.findMany({ where: { merchantId, status: "paid" }, select: { id: true, paidAt: true, paidAmountMsat: true, feesMsat: true } });
    expect(paid.map((w) => w.id).sort()).toEqual([a, b, c, e].sort());
    expect(Object.fromEntries(paid.map((w) => [w.id, w.paidAt!.toISOString()]))).toEqual({
      [a]: "2026-11-22T01:00:00.000Z",
      [b]: "2026-11-18T23:59:59.000Z",
      [c]: "2026-10-30T12:00:00.000Z",
      [e]: "2026-10-01T12:00:00.000Z",
    });
    // The ledger holds each payment: the amount paid and the routing fee, out of the merchant's balance.
    for (const w of paid) {
      const entries = await db().ledgerEntry.findMany({ where: { merchantId, withdrawId: w.id, kind: { in: ["payout", "fee"] } } });
      expect(entries.reduce((t, x) => t - x.availableDeltaMsat - x.reservedDeltaMsat, 0n)).toBe(w.paidAmountMsat! + w.feesMsat!);
      expect(entries.find((x) => x.kind === "payout")!.reservedDeltaMsat).toBe(-1_000_000n);
    }

    const summary = await summarizeWithdraws(merchantId, now);
    expect(summary.paid).toEqual({ todayMsat: 1_000_000n, weekMsat: 2_000_000n, monthMsat: 3_000_000n, monthCount: 3 });
    expect(summary.byStatus).toEqual({ unpaid: 0, processing: 0, paid: 3, expired: 1, cancelled: 0 });
    expect(summary.days).toHaveLength(30);
    expect(summary.days[0].day).toBe("2026-10-24");
    expect(summary.days.at(-1)).toEqual({ day: "2026-11-22", msat: 1_000_000n, count: 1 });
    expect(summary.days.find((x) => x.day === "2026-11-18")).toEqual({ day: "2026-11-18", msat: 1_000_000n, count: 1 });
    expect(summary.days.find((x) => x.day === "2026-10-30")).toEqual({ day: "2026-10-30", msat: 1_000_000n, count: 1 });
  });
});
