import { randomBytes } from "node:crypto";
import { db } from "../db";
import { newId } from "../ids";
import { applyLedgerEntry } from "../ledger/apply-ledger-entry";
import { lightning } from "../lightning/backend";
import { parseInput } from "../validation";
import { hashSecret, withdrawSecret } from "./lnurl-secret";
import { quoteWithdraw } from "./quote-withdraw";
import { createWithdrawSchema } from "./schemas";
import type { WithdrawRow } from "./serialize-withdraw";

/**
 * Creates a withdraw: converts at a rate locked now, and reserves its amount plus the fee limit in the
 * same transaction. A balance that cannot cover it refuses the withdraw and nothing is written.
 */
export async function createWithdraw(merchantId: string, input: unknown, now: Date = new Date()): Promise<WithdrawRow> {
  const data = parseInput(createWithdrawSchema, input);
  const { amount, targetMsat, exchangeRate, rateSource, feeLimitMsat: feeLimit } = await quoteWithdraw(data.amount, data.currency);
  const id = newId("withdraw", now.getTime());

  return db().$transaction(async (tx) => {
    const row = await tx.withdraw.create({
      data: {
        id,
        merchantId,
        livemode: lightning().livemode,
        amount: amount.toFixed(),
        currency: data.currency,
        exchangeRate: exchangeRate.toFixed(),
        rateSource,
        targetAmountMsat: targetMsat,
        feeLimitMsat: feeLimit,
        ttlSeconds: data.ttl,
        expiresAt: new Date(now.getTime() + data.ttl * 1000),
        statementDescriptor: data.statement_descriptor || null,
        metadata: data.metadata,
        lnurlSecretHash: hashSecret(withdrawSecret(id)),
        k1: randomBytes(32).toString("hex"),
        createdAt: now,
        updatedAt: now,
      },
    });
    await applyLedgerEntry(tx, {
      merchantId,
      kind: "reserve",
      availableDeltaMsat: -(targetMsat + feeLimit),
      reservedDeltaMsat: targetMsat + feeLimit,
      withdrawId: id,
    });
    return { ...row, payment: null };
  });
}
