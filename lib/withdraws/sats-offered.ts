// How many sats a withdraw offers, for people: "5,000 sats", or for a ranged withdraw "up to 5,000 sats
// (minimum 1,000)". The customer's wallet chooses within the range, so the top alone would promise too much.
import { displaySats } from "../money";

type Offered = { targetAmountMsat: bigint; minTargetAmountMsat: bigint | null };

export function isRanged(w: Offered): boolean {
  return w.minTargetAmountMsat !== null && w.minTargetAmountMsat < w.targetAmountMsat;
}

export function satsOffered(w: Offered): string {
  const max = displaySats(w.targetAmountMsat);
  return isRanged(w) ? `up to ${max} sats (minimum ${displaySats(w.minTargetAmountMsat!)})` : `${max} sats`;
}
