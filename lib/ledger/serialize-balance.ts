import { formatMsatAsSats } from "../money";
import type { MerchantBalance } from "./get-balance";

/** {object:"balance", available, reserved} in sats (numbers) and msat (strings: they can exceed 2^53). */
export function serializeBalance(balance: MerchantBalance) {
  return {
    object: "balance" as const,
    available: Number(formatMsatAsSats(balance.availableMsat)),
    reserved: Number(formatMsatAsSats(balance.reservedMsat)),
    available_msat: balance.availableMsat.toString(),
    reserved_msat: balance.reservedMsat.toString(),
    currency: "SATS" as const,
  };
}
