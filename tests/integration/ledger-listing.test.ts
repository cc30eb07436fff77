// The balance page's ledger: newest first, keyset pages of (created_at, id), one merchant's entries only;
// and deposits settled one at a time by the page's polling with the same logic as the background job.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDeposit } from "@/lib/deposits/create-deposit";
import { refreshDeposit } from "@/lib/deposits/refresh-deposit";
import { settleDeposit } from "@/lib/deposits/settle-deposit";
import { settleDeposits } from "@/lib/deposits/settle-deposits";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { applyLedgerEntry } from "@/lib/ledger/apply-ledger-entries";
import { getBalance } from "@/lib/ledger/get-balance";
import { listLedgerEntries, type LedgerEntryRow } from "@/lib/ledger/list-ledger-entries";
import { payFromDemoWallet } from "@/lib/lightning/simulator/demo-wallet";
import { rejectedAppError } from "../support/app-errors";
import { createTestMerchant } from "../support/merchants";

async function allPages(merchantId: string): Promise<{ pages: LedgerEntryRow[][]; cursors: (string | null)[] }> {
  const pages: LedgerEntryRow[][] = [];
  const cursors: (string | null)[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await listLedgerEntries({ merchantId, before });
    pages.push(page.entries);
    cursors.push(page.nextBefore);
    if (!page.nextBefore) return { pages, cursors };
    before = page.nextBefore;
  }
}

describe("listing the ledger", () => {
  it("pages newest first through every entry once, each entry's balance following from the older one", async () => {
    const { merchantId } = await createTestMerchant();
    for (let i = 1; i <= 110; i++) await adjustBalance({ merchantId, sats: BigInt(i), note: `top-up ${i}` });
    // Three movements in one transaction, milliseconds apart at most: their sequence orders them.
    await db().$transaction(async (tx) => {
      await applyLedgerEntry(tx, { merchantId, kind: "reserve", availableDeltaMsat: -5_000n, reservedDeltaMsat: 5_000n });
      await applyLedgerEntry(tx, { merchantId, kind: "payout", availableDeltaMsat: 0n, reservedDeltaMsat: -3_000n });
      await applyLedgerEntry(tx, { merchantId, kind: "release", availableDeltaMsat: 2_000n, reservedDeltaMsat: -2_000n });
    });

    const { pages, cursors } = await allPages(merchantId);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 13]);
    expect(cursors[0]).toBe(pages[0][49].id);
    expect(cursors[2]).toBeNull();
    const entries = pages.flat();
    expect(new Set(entries.map((e) => e.id)).size).toBe(113);
    expect(entries.slice(0, 3).map((e) => e.kind)).toEqual(["release", "payout", "reserve"]);
    expect(entries.at(-1)).toMatchObject({ kind: "adjustment", note: "top-up 1", availableAfterMsat: 1_000n });

    for (let i = 0; i < entries.length - 1; i++) {
      const [newer, older] = [entries[i], entries[i + 1]];
      expect(newer.availableAfterMsat).toBe(older.availableAfterMsat + newer.availableDeltaMsat);
      expect(newer.reservedAfterMsat).toBe(older.reservedAfterMsat + newer.reservedDeltaMsat);
    }
    const balance = await getBalance(merchantId);
    expect(entries[0]).toMatchObject({ availableAfterMsat: balance.availableMsat, reservedAfterMsat: balance.reservedMsat });
  });

  it("shows a merchant only its own entries, and refuses another merchant's entry as a cursor", async () => {
    const a = await createTestMerchant(1_000n);
    const b = await createTestMerchant(2_000n);
    await adjustBalance({ merchantId: b.merchantId, sats: 5n, note: "b again" });

    const ofA = await listLedgerEntries({ merchantId: a.merchantId });
    expect(ofA.entries).toHaveLength(1);
    expect(ofA.entries[0]).toMatchObject({ availableDeltaMsat: 1_000_000n, note: "test funding" });
    const ofB = await listLedgerEntries({ merchantId: b.merchantId });
    expect(ofB.entries.map((e) => e.note)).toEqual(["b again", "test funding"]);

    const error = await rejectedAppError(listLedgerEntries({ merchantId: a.merchantId, before: ofB.entries[0].id }));
    expect(error).toMatchObject({ code: "not_found", param: "before" });
    const malformed = await rejectedAppError(listLedgerEntries({ merchantId: a.merchantId, before: "'; drop table ledger_entries" }));
    expect(malformed).toMatchObject({ code: "validation_error", message: "The page cursor is not a ledger entry id (le_…)." });
  });

  it("answers an empty ledger with no entries and no next page", async () => {
    const { merchantId } = await createTestMerchant();
    expect(await listLedgerEntries({ merchantId })).toEqual({ entries: [], nextBefore: null });
  });
});

describe("settling one deposit", () => {
  it("credits a paid deposit exactly once, whether the page's poll or the background job gets there first", async () => {
    const { merchantId } = await createTestMerchant();
    const deposit = await createDeposit({ merchantId, sats: 50_000n });
    expect(await settleDeposit(merchantId, deposit.id)).toBe("pending");
    expect((await refreshDeposit(merchantId, deposit.id)).status).toBe("pending");

    expect((await payFromDemoWallet(deposit.invoice)).status).toBe("succeeded");
    const results = await Promise.all([
      settleDeposit(merchantId, deposit.id),
      settleDeposit(merchantId, deposit.id),
      settleDeposits().then((r) => (r.credited === 1 ? "credited" : "already_settled")),
    ]);
    expect(results.filter((r) => r === "credited")).toHaveLength(1);
    expect(await refreshDeposit(merchantId, deposit.id)).toMatchObject({ status: "paid", amountMsat: 50_000_000n });
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 50_000_000n, reservedMsat: 0n });
    const credits = await db().ledgerEntry.findMany({ where: { merchantId, depositId: deposit.id } });
    expect(credits).toHaveLength(1);
  });

  it("expires an unpaid deposit past its invoice's expiry", async () => {
    const { merchantId } = await createTestMerchant();
    const deposit = await createDeposit({ merchantId, sats: 1_000n });
    expect(await settleDeposit(merchantId, deposit.id, new Date(deposit.expiresAt.getTime() + 1))).toBe("expired");
    expect((await refreshDeposit(merchantId, deposit.id)).status).toBe("expired");
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 0n, reservedMsat: 0n });
  });

  it("does not show or settle another merchant's deposit", async () => {
    const owner = await createTestMerchant();
    const other = await createTestMerchant();
    const deposit = await createDeposit({ merchantId: owner.merchantId, sats: 2_000n });
    expect((await payFromDemoWallet(deposit.invoice)).status).toBe("succeeded");
    expect(await rejectedAppError(refreshDeposit(other.merchantId, deposit.id))).toMatchObject({ code: "not_found" });
    expect(await settleDeposit(other.merchantId, deposit.id)).toBe("already_settled");
    expect(await getBalance(other.merchantId)).toEqual({ availableMsat: 0n, reservedMsat: 0n });
    expect((await db().deposit.findUniqueOrThrow({ where: { id: deposit.id } })).status).toBe("pending");
    expect(await rejectedAppError(refreshDeposit(owner.merchantId, "not-an-id"))).toMatchObject({ code: "validation_error" });
  });
});
