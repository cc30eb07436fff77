import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createWithdraws } from "@/lib/withdraws/create-withdraw";
import { summarizeWithdraws } from "@/lib/withdraws/summarize-withdraws";
import { createTestMerchant } from "../support/merchants";

const DAY = 86_400_000;

async function markPaid(id: string, paidAt: Date, msat: bigint) {
  await db().withdraw.update({
    where: { id },
    data: { status: "paid", paidAt, paidAmountMsat: msat, feesMsat: 1000n, claimedPaymentHash: id.padEnd(64, "0") },
  });
}

describe("summarizeWithdraws", () => {
  it("sums payouts today, over 7 and 30 days by UTC day, and counts the last 30 days by effective status", async () => {
    const { merchantId } = await createTestMerchant(100_000n);
    const other = await createTestMerchant(100_000n);
    const now = new Date("2026-11-22T15:00:00.000Z");
    const [a, b, c, d, e] = await createWithdraws(merchantId, { amount: "1000", currency: "SATS" }, 5, new Date(now.getTime() - 40 * DAY));
    await db().withdraw.updateMany({ where: { id: { in: [a.id, b.id, c.id, d.id] } }, data: { createdAt: new Date(now.getTime() - DAY) } });
    await markPaid(a.id, new Date("2026-11-22T01:00:00.000Z"), 1_000_000n); // today
    await markPaid(b.id, new Date("2026-11-18T23:59:59.000Z"), 1_000_000n); // within 7 days
    await markPaid(c.id, new Date("2026-10-30T12:00:00.000Z"), 1_000_000n); // within 30 days
    await markPaid(e.id, new Date("2026-10-01T12:00:00.000Z"), 1_000_000n); // older than 30 days
    // d stays unpaid with an expiry in the past: it counts as expired.
    const [otherPaid] = await createWithdraws(other.merchantId, { amount: "5000", currency: "SATS" }, 1, now);
    await markPaid(otherPaid.id, now, 5_000_000n);

    const summary = await summarizeWithdraws(merchantId, now);
    expect(summary.paid).toEqual({ todayMsat: 1_000_000n, weekMsat: 2_000_000n, monthMsat: 3_000_000n, monthCount: 3 });
    expect(summary.byStatus).toEqual({ unpaid: 0, processing: 0, paid: 3, expired: 1, cancelled: 0 });
    expect(summary.days).toHaveLength(30);
    expect(summary.days[0].day).toBe("2026-10-24");
    expect(summary.days.at(-1)).toEqual({ day: "2026-11-22", msat: 1_000_000n, count: 1 });
    expect(summary.days.find((x) => x.day === "2026-11-18")).toEqual({ day: "2026-11-18", msat: 1_000_000n, count: 1 });
  });
});
