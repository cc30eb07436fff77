// LNURL-withdraw first step (LUD-03). It only reads: wallets call it more than once.
import { msatToJsonNumber, msatToSats } from "../money";
import { assertPullable, findWithdrawBySecret } from "./find-by-secret";
import { callbackUrl } from "./links";

export type WithdrawRequest = {
  tag: "withdrawRequest";
  callback: string;
  k1: string;
  defaultDescription: string;
  minWithdrawable: number;
  maxWithdrawable: number;
};

export async function describeWithdrawRequest(secret: string, now: Date = new Date()): Promise<WithdrawRequest> {
  const row = await findWithdrawBySecret(secret);
  assertPullable(row, now);
  const ranged = row.minTargetAmountMsat < row.targetAmountMsat;
  const amount = `${ranged ? "up to " : ""}${msatToSats(row.targetAmountMsat)} sats`;
  return {
    tag: "withdrawRequest",
    callback: callbackUrl(secret),
    k1: row.k1,
    defaultDescription: row.statementDescriptor || `${row.merchant.name}: withdraw of ${amount}`,
    // Exact: withdraws are capped below 2^53 msat and both ends are whole sats. A fixed withdraw offers
    // min = max; a ranged one lets the wallet choose (LUD-03).
    minWithdrawable: msatToJsonNumber(row.minTargetAmountMsat),
    maxWithdrawable: msatToJsonNumber(row.targetAmountMsat),
  };
}
