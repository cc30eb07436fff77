/** Everything the merchant holds: available plus reserved (the ledger's "balance after"). */
export function balanceTotal(balance: { availableMsat: bigint; reservedMsat: bigint }): bigint {
  return balance.availableMsat + balance.reservedMsat;
}
