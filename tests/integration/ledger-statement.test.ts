// The ledger's one statement (lib/ledger/apply-ledger-entries.ts), through Prisma's transactions and
// through lib/database/sql.ts's: running balances and sequences as if applied one by one, and movements
// that do not fit (in total, or on the way) refused with nothing written.
import { describe, expect, it } from "vitest";
import { query, sql, transaction } from "@/lib/database/sql";
import { db } from "@/lib/db";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { applyLedgerEntries } from "@/lib/ledger/apply-ledger-entries";
import { getBalance } from "@/lib/ledger/get-balance";
import { rejectedAppError } from "../support/app-errors";
import { createTestMerchant } from "../support/merchants";

type Entry = { kind: string; available_after_msat: bigint; reserved_after_msat: bigint; sequence: bigint; withdraw_id: string | null; note: string | null };

const entriesOf = (merchantId: string) =>
  query<Entry>(sql`SELECT kind::text AS kind, available_after_msat, reserved_after_msat, sequence, withdraw_id, note
                     FROM ledger_entries WHERE merchant_id = ${merchantId} ORDER BY sequence`);

describe("the ledger statement", () => {
  it("writes each entry with the running balance and sequence it would have had alone (pg transaction)", async () => {
    const { merchantId } = await createTestMerchant();
    await adjustBalance({ merchantId, sats: 10n, note: "top-up" });
    const after = await transaction((client) =>
      applyLedgerEntries(client, merchantId, [
        { kind: "reserve", availableDeltaMsat: -6_000n, reservedDeltaMsat: 6_000n, withdrawId: undefined, note: "one" },
        { kind: "payout", availableDeltaMsat: 0n, reservedDeltaMsat: -5_000n },
        { kind: "release", availableDeltaMsat: 1_000n, reservedDeltaMsat: -1_000n, note: "three" },
      ]),
    );
    expect(after).toEqual({ availableMsat: 5_000n, reservedMsat: 0n });
    expect((await entriesOf(merchantId)).map((e) => [e.kind, e.available_after_msat, e.reserved_after_msat, e.sequence, e.note])).toEqual([
      ["adjustment", 10_000n, 0n, 1n, "top-up"],
      ["reserve", 4_000n, 6_000n, 2n, "one"],
      ["payout", 4_000n, 1_000n, 3n, null],
      ["release", 5_000n, 0n, 4n, "three"],
    ]);
    expect(await getBalance(merchantId)).toMatchObject({ availableMsat: 5_000n, reservedMsat: 0n });
  });

  it("refuses movements whose total does not fit, naming the balance, and writes nothing (Prisma transaction)", async () => {
    const { merchantId } = await createTestMerchant();
    await adjustBalance({ merchantId, sats: 1n, note: "top-up" });
    const error = await rejectedAppError(
      db().$transaction((tx) => applyLedgerEntries(tx, merchantId, [{ kind: "reserve", availableDeltaMsat: -2_000n, reservedDeltaMsat: 2_000n }])),
    );
    expect(error).toMatchObject({ code: "insufficient_balance", message: "The available balance of 1 sats does not cover 2 sats." });
    expect(await entriesOf(merchantId)).toHaveLength(1);
    expect(await getBalance(merchantId)).toMatchObject({ availableMsat: 1_000n, reservedMsat: 0n });
  });

  it("refuses movements that fit in total but go below zero on the way", async () => {
    const { merchantId } = await createTestMerchant();
    await adjustBalance({ merchantId, sats: 1n, note: "top-up" });
    // +1 sat in the end, but the first entry would show -1 sat available.
    const error = await rejectedAppError(
      transaction((client) =>
        applyLedgerEntries(client, merchantId, [
          { kind: "adjustment", availableDeltaMsat: -2_000n, reservedDeltaMsat: 0n },
          { kind: "adjustment", availableDeltaMsat: 3_000n, reservedDeltaMsat: 0n },
        ]),
      ),
    );
    expect(error.code).toBe("insufficient_balance");
    expect(await entriesOf(merchantId)).toHaveLength(1);
    expect(await getBalance(merchantId)).toMatchObject({ availableMsat: 1_000n });
  });

  it("refuses a merchant without a balance", async () => {
    const error = await rejectedAppError(transaction((client) => applyLedgerEntries(client, "mer_missing", [{ kind: "credit", availableDeltaMsat: 1_000n, reservedDeltaMsat: 0n }])));
    expect(error.code).toBe("not_found");
  });
});
