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
  // What a payment reserved (amount + fee limit), what it really paid (amount, fee), and the ledger entries:
  // [kind, available delta, reserved delta]. A ranged withdraw may pay less than it reserved.
  const cases: [string, { paidMsat: bigint; feeMsat: bigint }, [string, bigint, bigint][]][] = [
    [
      "pays the amount and the fee out of the reservation and releases the rest of the fee limit",
      { paidMsat: 100_000n, feeMsat: 1_200n },
      [["payout", 0n, -100_000n], ["fee", 0n, -1_200n], ["release", 3_800n, -3_800n]],
    ],
    ["writes no fee entry for a free payment, and releases the whole fee limit", { paidMsat: 100_000n, feeMsat: 0n }, [["payout", 0n, -100_000n], ["release", 5_000n, -5_000n]]],
    ["takes a fee above the limit partly from available funds and releases nothing", { paidMsat: 100_000n, feeMsat: 7_000n }, [["payout", 0n, -100_000n], ["fee", -2_000n, -5_000n]]],
    ["a fee exactly at the limit releases nothing", { paidMsat: 100_000n, feeMsat: 5_000n }, [["payout", 0n, -100_000n], ["fee", 0n, -5_000n]]],
    [
      "a partial amount releases the unused amount with the unused fee limit",
      { paidMsat: 30_500n, feeMsat: 1_200n },
      [["payout", 0n, -30_500n], ["fee", 0n, -1_200n], ["release", 73_300n, -73_300n]],
    ],
    ["a partial amount paid for free releases the rest of the amount and the whole fee limit", { paidMsat: 1_000n, feeMsat: 0n }, [["payout", 0n, -1_000n], ["release", 104_000n, -104_000n]]],
    [
      "a partial amount with a fee over the limit still releases the unused amount",
      { paidMsat: 60_000n, feeMsat: 7_000n },
      [["payout", 0n, -60_000n], ["fee", -2_000n, -5_000n], ["release", 40_000n, -40_000n]],
    ],
  ];

  it.each(cases)("%s", (_what, paid, expected) => {
    const moves = paidMovements(reservation, { amountMsat: paid.paidMsat, feeMsat: paid.feeMsat }, { withdrawId: "wi_1" });
    expect(moves.map((m) => [m.kind, m.availableDeltaMsat, m.reservedDeltaMsat])).toEqual(expected);
    expect(moves.every((m) => m.withdrawId === "wi_1")).toBe(true);
    // The whole reservation always leaves `reserved`; `available` pays exactly the amount and the fee.
    const reserved = reservation.amountMsat + reservation.feeLimitMsat;
    expect(net(moves)).toEqual({ available: reserved - paid.paidMsat - paid.feeMsat, reserved: -reserved });
  });

  it("links every entry to its object, with its note", () => {
    const moves = paidMovements(reservation, { amountMsat: 100_000n, feeMsat: 0n }, { payoutId: "po_1", note: "Payout po_1" });
    expect(moves.every((m) => m.payoutId === "po_1" && m.note === "Payout po_1")).toBe(true);
  });

  it.each([
    ["no amount", { amountMsat: 0n, feeLimitMsat: 0n }, { amountMsat: 0n, feeMsat: 0n }],
    ["a negative fee", reservation, { amountMsat: 100_000n, feeMsat: -1n }],
    ["more than was reserved", reservation, { amountMsat: 100_001n, feeMsat: 0n }],
    ["nothing paid", reservation, { amountMsat: 0n, feeMsat: 0n }],
  ])("refuses %s, which cannot be a settled payment", (_what, reserved, paid) => {
    expect(() => paidMovements(reserved, paid, {})).toThrow(RangeError);
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
