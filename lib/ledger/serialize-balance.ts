import { z } from "zod";
import { msatToSatsNumber } from "../money";
import type { MerchantBalance } from "./get-balance";

export const balanceObjectSchema = z.object({
  object: z.literal("balance"),
  available: z.number().describe("Sats that new withdraws can use."),
  reserved: z.number().describe("Sats held for unpaid and processing withdraws (amount plus fee limit)."),
  available_msat: z.string().regex(/^-?\d+$/).describe("The available balance in millisats, exact."),
  reserved_msat: z.string().regex(/^\d+$/).describe("The reserved balance in millisats, exact."),
  currency: z.literal("SATS"),
});

/** {object:"balance", available, reserved} in sats (numbers) and msat (strings: they can exceed 2^53). */
export function serializeBalance(balance: MerchantBalance): z.infer<typeof balanceObjectSchema> {
  return {
    object: "balance" as const,
    available: msatToSatsNumber(balance.availableMsat),
    reserved: msatToSatsNumber(balance.reservedMsat),
    available_msat: balance.availableMsat.toString(),
    reserved_msat: balance.reservedMsat.toString(),
    currency: "SATS" as const,
  };
}
