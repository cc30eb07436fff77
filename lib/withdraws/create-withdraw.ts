import { randomBytes } from "node:crypto";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { applyLedgerEntries } from "../ledger/apply-ledger-entries";
import { lightning } from "../lightning/backend";
import { parseInput } from "../validation";
import { hashSecret, withdrawSecret } from "./lnurl-secret";
import { quoteWithdraw, type Quote } from "./quote-withdraw";
import { createWithdrawSchema, type CreateWithdrawInput } from "./schemas";
import type { WithdrawRow } from "./serialize-withdraw";

export const MAX_BATCH = 100;

type Parsed = ReturnType<typeof createWithdrawSchema.parse>;

/** A withdraw checked against createWithdrawSchema and quoted; `batch` links it to a batch upload's row. */
export type QuotedWithdraw = { data: Parsed; quote: Quote; batch?: { id: string; row: number } };

function withdrawData(merchantId: string, livemode: boolean, { data, quote, batch }: QuotedWithdraw, createdAt: Date) {
  const id = newId("withdraw", createdAt.getTime());
  return {
    id,
    merchantId,
    livemode,
    amount: quote.amount.toFixed(),
    currency: data.currency,
    exchangeRate: quote.exchangeRate.toFixed(),
    rateSource: quote.rateSource,
    targetAmountMsat: quote.targetMsat,
    feeLimitMsat: quote.feeLimitMsat,
    ttlSeconds: data.ttl,
    expiresAt: new Date(createdAt.getTime() + data.ttl * 1000),
    statementDescriptor: data.statement_descriptor || null,
    metadata: data.metadata,
    lnurlSecretHash: hashSecret(withdrawSecret(id)),
    k1: randomBytes(32).toString("hex"),
    createdAt,
    updatedAt: createdAt,
    batchId: batch?.id,
    batchRow: batch?.row,
  };
}

/**
 * Creates a withdraw: converts at a rate locked now, and reserves its amount plus the fee limit in the
 * same transaction. A balance that cannot cover it refuses the withdraw and nothing is written.
 */
export async function createWithdraw(merchantId: string, input: unknown, now: Date = new Date()): Promise<WithdrawRow> {
  return (await createWithdraws(merchantId, input, 1, now))[0];
}

/** `count` alike withdraws (vouchers), all in one transaction: all are created and reserved, or none. */
export async function createWithdraws(merchantId: string, input: unknown, count: number, now: Date = new Date()): Promise<WithdrawRow[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) {
    throw new AppError("validation_error", `Create between 1 and ${MAX_BATCH} withdraws at once.`, "count");
  }
  const data = parseInput(createWithdrawSchema, input as CreateWithdrawInput);
  const quote = await quoteWithdraw(data.amount, data.currency);
  return db().$transaction((tx) => insertQuotedWithdraws(tx, merchantId, Array.from({ length: count }, () => ({ data, quote })), now));
}

/**
 * Inserts withdraws already validated and quoted, each with its reservation, inside the caller's transaction
 * (vouchers and batch uploads): the caller's transaction makes them all or none.
 */
export async function insertQuotedWithdraws(tx: Tx, merchantId: string, items: QuotedWithdraw[], now: Date): Promise<WithdrawRow[]> {
  const livemode = lightning().livemode;
  // One millisecond apart, so that the list shows them in the order they were made.
  const data = items.map((item, i) => withdrawData(merchantId, livemode, item, new Date(now.getTime() + i)));
  const created = new Map((await tx.withdraw.createManyAndReturn({ data })).map((row) => [row.id, row]));
  const rows = data.map((d) => created.get(d.id)!);
  // Each withdraw keeps its own reservation entry; they are written together (three statements in all).
  await applyLedgerEntries(
    tx,
    merchantId,
    rows.map((row) => {
      const reserve = row.targetAmountMsat + row.feeLimitMsat;
      return { kind: "reserve" as const, availableDeltaMsat: -reserve, reservedDeltaMsat: reserve, withdrawId: row.id };
    }),
  );
  return rows.map((row) => ({ ...row, payment: null }));
}
