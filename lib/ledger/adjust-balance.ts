// A manual ledger adjustment (the admin CLI's balance:credit): positive adds funds, negative removes them.
import { z } from "zod";
import { db } from "../db";
import { satsToMsat } from "../money";
import { parseInput } from "../validation";
import { applyLedgerEntry, type BalanceAfter } from "./apply-ledger-entries";

const adjustmentSchema = z.object({
  merchantId: z.string().min(1),
  sats: z
    .bigint({ error: "Give the amount in whole sats." })
    .refine((v) => v !== 0n, "The adjustment must not be zero.")
    .refine((v) => v <= 2_100_000_000_000_000n && v >= -2_100_000_000_000_000n, "That is more than all bitcoin."),
  note: z.string().trim().min(1, "Say why the balance is adjusted (--note).").max(500),
});

export async function adjustBalance(input: { merchantId: string; sats: bigint; note: string }): Promise<BalanceAfter> {
  const { merchantId, sats, note } = parseInput(adjustmentSchema, input);
  return db().$transaction((tx) =>
    applyLedgerEntry(tx, { merchantId, kind: "adjustment", availableDeltaMsat: satsToMsat(sats), reservedDeltaMsat: 0n, note }),
  );
}
