// A deposit: an invoice of the merchant's Lightning node that credits the merchant's balance once paid.
import { z } from "zod";
import { db } from "../db";
import { newId } from "../ids";
import { lightning } from "../lightning/backend";
import { satsToMsat } from "../money";
import { parseInput } from "../validation";

const DEPOSIT_EXPIRY_SECONDS = 3600;

const schema = z.object({
  merchantId: z.string().min(1),
  sats: z
    .bigint({ error: "Give the deposit in whole sats." })
    .min(1n, "A deposit is at least 1 sat.")
    .max(10_000_000_000n, "A deposit is at most 100 BTC."),
});

export async function createDeposit(input: { merchantId: string; sats: bigint }) {
  const { merchantId, sats } = parseInput(schema, input);
  const amountMsat = satsToMsat(sats);
  const merchant = await db().merchant.findUniqueOrThrow({ where: { id: merchantId }, select: { name: true } });
  const created = await lightning().createInvoice({
    amountMsat,
    description: `Deposit to ${merchant.name} (Sluice)`,
    expirySeconds: DEPOSIT_EXPIRY_SECONDS,
  });
  return db().deposit.create({
    data: {
      id: newId("deposit"),
      merchantId,
      amountMsat,
      paymentHash: created.paymentHash,
      invoice: created.invoice,
      expiresAt: created.expiresAt,
    },
  });
}
