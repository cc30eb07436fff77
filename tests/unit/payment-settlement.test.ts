// The ledger movements of a settled payment, and the one policy that differs by kind: what a failure does
// with the reservation.
import { describe, expect, it } from "vitest";
import { failedMovements, paidMovements } from "@/lib/payments/settlement";
import { PAYOUT_PAYMENT } from "@/lib/payouts/payout-payment";
import { WITHDRAW_PAYMENT } from "@/lib/withdraws/withdraw-payment";

const reservation = { amountMsat: 100_000n, feeLimitMsat: 5_000n };
const net = (moves: ReturnType<typeof paidMovements>) => ({
  available: moves.reduce((s, m) => s + m.availableDeltaMsat, 0n),
  reserved: moves.reduce((s, m) => s + m.reservedDeltaMsat, 0n),
});

describe("a succeeded payment", () => {
  it("pays the amount and the fee out of the reservation and releases the rest of the fee limit", () => {
    const moves = paidMovements(reservation, 1_200n, { withdrawId: "wi_1" });
    expect(moves.map((m) => [m.kind, m.availableDeltaMsat, m.reservedDeltaMsat])).toEqual([
      ["payout", 0n, -100_000n],
      ["fee", 0n, -1_200n],
      ["release", 3_800n, -3_800n],
    ]);
    expect(moves.every((m) => m.withdrawId === "wi_1")).toBe(true);
    // The whole reservation leaves `reserved`; only the unused fee limit returns to `available`.
    expect(net(moves)).toEqual({ available: 3_800n, reserved: -105_000n });
  });

  it("writes no fee entry for a free payment, and releases the whole fee limit", () => {
    const moves = paidMovements(reservation, 0n, { payoutId: "po_1", note: "Payout po_1" });
    expect(moves.map((m) => m.kind)).toEqual(["payout", "release"]);
    expect(moves[1]).toMatchObject({ availableDeltaMsat: 5_000n, reservedDeltaMsat: -5_000n, payoutId: "po_1", note: "Payout po_1" });
  });

  it("takes a fee above the limit partly from available funds and releases nothing", () => {
    const moves = paidMovements(reservation, 7_000n, {});
    expect(moves.map((m) => [m.kind, m.availableDeltaMsat, m.reservedDeltaMsat])).toEqual([
      ["payout", 0n, -100_000n],
      ["fee", -2_000n, -5_000n],
    ]);
    expect(net(moves)).toEqual({ available: -2_000n, reserved: -105_000n });
  });

  it("a fee exactly at the limit releases nothing", () => {
    expect(paidMovements(reservation, 5_000n, {}).map((m) => m.kind)).toEqual(["payout", "fee"]);
  });

  it("refuses amounts that cannot be a payment", () => {
    expect(() => paidMovements({ amountMsat: 0n, feeLimitMsat: 0n }, 0n, {})).toThrow(RangeError);
    expect(() => paidMovements(reservation, -1n, {})).toThrow(RangeError);
  });
});

describe("a failed payment, by kind", () => {
  it("a withdraw keeps its reservation: it returns to unpaid and its customer may try again", () => {
    expect(WITHDRAW_PAYMENT.failurePolicy).toBe("keep_reservation");
    expect(failedMovements(WITHDRAW_PAYMENT.failurePolicy, reservation, { withdrawId: "wi_1" })).toEqual([]);
  });

  it("a payout fails for good and releases the amount and the fee limit", () => {
    expect(PAYOUT_PAYMENT.failurePolicy).toBe("release_reservation");
    expect(failedMovements(PAYOUT_PAYMENT.failurePolicy, reservation, { payoutId: "po_1", note: "Payout po_1 failed" })).toEqual([
      { kind: "release", availableDeltaMsat: 105_000n, reservedDeltaMsat: -105_000n, payoutId: "po_1", note: "Payout po_1 failed" },
    ]);
  });

  it("only payouts can be left unsent (taken, never handed to the node) and be failed for it", () => {
    expect(PAYOUT_PAYMENT.abandoned).toBeTypeOf("function");
    expect(WITHDRAW_PAYMENT.abandoned).toBeUndefined();
  });
});
