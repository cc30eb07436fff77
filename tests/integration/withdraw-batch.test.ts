import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getBalance } from "@/lib/ledger/get-balance";
import { createWithdraws } from "@/lib/withdraws/create-withdraw";
import { listWithdraws } from "@/lib/withdraws/list-withdraws";
import { createTestMerchant } from "../support/merchants";

describe("creating alike withdraws (vouchers)", () => {
  it("creates all of them with their reservations, newest last in creation order", async () => {
    const { merchantId } = await createTestMerchant(10_000n);
    const rows = await createWithdraws(merchantId, { amount: "1000", currency: "SATS", statement_descriptor: "Voucher" }, 5);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(new Set(rows.map((r) => r.lnurlSecretHash)).size).toBe(5);
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 10_000_000n - 5n * 1_100_000n, reservedMsat: 5n * 1_100_000n });
    const listed = await listWithdraws(merchantId, { q: "voucher" });
    expect(listed.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id).reverse());
  });

  it("creates none when the balance cannot cover all of them", async () => {
    const { merchantId } = await createTestMerchant(5_000n);
    const error = await createWithdraws(merchantId, { amount: "1000", currency: "SATS" }, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("insufficient_balance");
    expect(await db().withdraw.count({ where: { merchantId } })).toBe(0);
    expect(await db().ledgerEntry.count({ where: { merchantId, kind: "reserve" } })).toBe(0);
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 5_000_000n, reservedMsat: 0n });
  });

  it.each([0, 101, 1.5, Number.NaN])("refuses a count of %s", async (count) => {
    const { merchantId } = await createTestMerchant(5_000n);
    const error = await createWithdraws(merchantId, { amount: "10", currency: "SATS" }, count).catch((e: unknown) => e);
    expect((error as AppError).param).toBe("count");
    expect(await db().withdraw.count({ where: { merchantId } })).toBe(0);
  });
});

describe("listing withdraws", () => {
  it("pages through every row once, newest first, and shows each merchant only its own", async () => {
    const a = await createTestMerchant(1_000_000n);
    const b = await createTestMerchant(1_000_000n);
    const created = await createWithdraws(a.merchantId, { amount: "10", currency: "SATS" }, 60);
    await createWithdraws(b.merchantId, { amount: "10", currency: "SATS" }, 3);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listWithdraws(a.merchantId, { after });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(created.map((r) => r.id).reverse());
    expect((await listWithdraws(a.merchantId, { status: "paid" })).rows).toEqual([]);
    expect((await listWithdraws(a.merchantId, { q: created[0].id })).rows.map((r) => r.id)).toEqual([created[0].id]);
    expect((await listWithdraws(b.merchantId, { q: created[0].id })).rows).toEqual([]);
  });
});
