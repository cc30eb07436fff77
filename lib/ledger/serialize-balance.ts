import { msatToSatsNumber } from "../money";
import type { MerchantBalance } from "./get-balance";

/** {object:"balance", available, reserved} in sats (numbers) and msat (strings: they can exceed 2^53). */
export function serializeBalance(balance: MerchantBalance) {
  return {
    object: "balance" as const,
    available: msatToSatsNumber(balance.availableMsat),
    reserved: msatToSatsNumber(balance.reservedMsat),
    available_msat: balance.availableMsat.toString(),
    reserved_msat: balance.reservedMsat.toString(),
    currency: "SATS" as const,
  };
}
