// What settling a payment does to the merchant's balance. A payment out of a balance reserved its amount
// plus its routing-fee limit when it was created; when it resolves:
// - succeeded: the amount paid comes out of the reservation (a withdraw with a range may pay less than it
//   reserved); the fee actually paid comes out of the reserved fee limit, and a backend that overshot the
//   limit still spent the money, so the excess comes out of available funds; whatever is left of the amount
//   and of the fee limit is released, so the whole reservation always leaves `reserved`;
// - failed: the kind's policy decides: the whole reservation is released (a payout is one invoice, failed
//   for good), or kept (a withdraw returns to unpaid and its customer may try again with a new invoice).
import type { LedgerMovement } from "../ledger/apply-ledger-entries";

/** What a payment reserved out of the balance: the most it may pay, and its routing-fee limit. */
export type Reservation = { amountMsat: bigint; feeLimitMsat: bigint };
/** What the payment really cost: the amount paid to the invoice (at most the amount reserved) and the fee. */
export type Paid = { amountMsat: bigint; feeMsat: bigint };
/** Which object the ledger entries belong to, and their note. */
export type LedgerLink = Pick<LedgerMovement, "withdrawId" | "payoutId" | "note">;
export type Movement = Omit<LedgerMovement, "merchantId">;

export function paidMovements({ amountMsat: reservedMsat, feeLimitMsat }: Reservation, { amountMsat, feeMsat }: Paid, link: LedgerLink): Movement[] {
  if (amountMsat <= 0n || amountMsat > reservedMsat || feeLimitMsat < 0n || feeMsat < 0n) {
    throw new RangeError("A settled payment pays a positive amount, at most the amount reserved, and no negative fee.");
  }
  const feeFromReserve = feeMsat < feeLimitMsat ? feeMsat : feeLimitMsat;
  const movements: Movement[] = [{ kind: "payout", availableDeltaMsat: 0n, reservedDeltaMsat: -amountMsat, ...link }];
  if (feeMsat > 0n) movements.push({ kind: "fee", availableDeltaMsat: -(feeMsat - feeFromReserve), reservedDeltaMsat: -feeFromReserve, ...link });
  // One release for all that was reserved and not spent: the unused part of the amount and of the fee limit.
  const unused = reservedMsat - amountMsat + (feeLimitMsat - feeFromReserve);
  if (unused > 0n) movements.push({ kind: "release", availableDeltaMsat: unused, reservedDeltaMsat: -unused, ...link });
  return movements;
}

/** What a failed payment does with its reservation (the policy of its kind). */
export type FailurePolicy = "release_reservation" | "keep_reservation";

export function failedMovements(policy: FailurePolicy, { amountMsat, feeLimitMsat }: Reservation, link: LedgerLink): Movement[] {
  if (policy === "keep_reservation") return [];
  const reserved = amountMsat + feeLimitMsat;
  return [{ kind: "release", availableDeltaMsat: reserved, reservedDeltaMsat: -reserved, ...link }];
}
