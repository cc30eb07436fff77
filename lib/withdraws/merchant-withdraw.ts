// The only rows a live link may be derived from. A link is a bearer capability to money, so it is derived
// only from a withdraw row that a merchant-scoped statement read (its WHERE carried `merchant_id = …`) or
// wrote (the insert that made it for that merchant), in the request that answers with it, and only for that
// same merchant. The type is branded so that an id, a JSON value or a row made any other way does not
// type-check where a link is derived; the WeakMap records, at run time, which merchant each row was read
// for, so a cast cannot forge one either (lib/withdraws/links.ts checks it). Rows are never cached across
// requests, so "read in this request" holds too.
//
// Only the loaders in load-withdraw.ts and the insert in create-withdraw.ts call readForMerchant
// (tests/unit/link-derivation.test.ts keeps it so).
//
// The row type stands here, at the bottom of lib/withdraws/, so that links.ts and serialize-withdraw.ts both
// import it from below and neither imports the other's importer.
import type { Withdraw, WithdrawPayment } from "../generated/prisma/client";

/** A withdraw as the loaders read it: the row and its payment, if one was made. */
export type WithdrawRow = Withdraw & { payment: Pick<WithdrawPayment, "paymentHash" | "invoice" | "preimage" | "feeMsat" | "payeePubkey" | "status"> | null };

declare const readForMerchant_: unique symbol;
export type MerchantWithdraw = WithdrawRow & { readonly [readForMerchant_]: true };

const readFor = new WeakMap<object, string>();

/** Marks a row as read for `merchantId` by a statement scoped to that merchant. */
export function readForMerchant(merchantId: string, row: WithdrawRow): MerchantWithdraw {
  // A statement scoped to one merchant returns only that merchant's rows; anything else is a bug to stop at.
  if (row.merchantId !== merchantId) throw new Error("A withdraw row was marked as read for a merchant it does not belong to.");
  readFor.set(row, merchantId);
  return row as MerchantWithdraw;
}

/** The merchant a row was read for, or undefined when no merchant-scoped loader produced it. */
export function merchantReadFor(row: object): string | undefined {
  return readFor.get(row);
}
