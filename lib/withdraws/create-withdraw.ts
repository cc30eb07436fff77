import { randomBytes } from "node:crypto";
import { modelRow, queryOn, sql, type Queryable } from "../database/sql";
import { pool, type Tx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { ledgerCtes, ledgerRefusal } from "../ledger/apply-ledger-entries";
import { lightning } from "../lightning/backend";
import { parseInput } from "../validation";
import { newWithdrawSecretHash } from "./links";
import { readForMerchant, type MerchantWithdraw } from "./merchant-withdraw";
import { quoteWithdraw, type Quote } from "./quote-withdraw";
import { createWithdrawSchema, type CreateWithdrawInput } from "./schemas";
import type { Withdraw } from "../generated/prisma/client";
import { WITHDRAW_DECIMALS } from "./load-withdraw";

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
    minAmount: quote.minAmount?.toFixed() ?? null,
    minTargetAmountMsat: quote.minTargetMsat,
    feeLimitMsat: quote.feeLimitMsat,
    ttlSeconds: data.ttl,
    expiresAt: new Date(createdAt.getTime() + data.ttl * 1000),
    statementDescriptor: data.statement_descriptor || null,
    metadata: data.metadata,
    lnurlSecretHash: newWithdrawSecretHash(merchantId, id),
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
export async function createWithdraw(merchantId: string, input: unknown, now: Date = new Date()): Promise<MerchantWithdraw> {
  return (await createWithdraws(merchantId, input, 1, now))[0];
}

/** `count` alike withdraws (vouchers), all in one transaction: all are created and reserved, or none. */
export async function createWithdraws(merchantId: string, input: unknown, count: number, now: Date = new Date()): Promise<MerchantWithdraw[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) {
    throw new AppError("validation_error", `Create between 1 and ${MAX_BATCH} withdraws at once.`, "count");
  }
  const data = parseInput(createWithdrawSchema, input as CreateWithdrawInput);
  const quote = await quoteWithdraw(data.amount, data.currency, data.min_amount);
  // One statement needs no transaction around it: it is atomic by itself.
  return insertQuotedWithdraws(pool(), merchantId, Array.from({ length: count }, () => ({ data, quote })), now);
}

/**
 * Inserts withdraws already validated and quoted, each with its reservation, inside the caller's transaction
 * (vouchers and batch uploads), or on their own: one statement whatever the count, which inserts every row
 * and takes each withdraw's own reservation entry, all or nothing.
 */
export async function insertQuotedWithdraws(client: Tx | Queryable, merchantId: string, items: QuotedWithdraw[], now: Date): Promise<MerchantWithdraw[]> {
  const livemode = lightning().livemode;
  // One millisecond apart, so that the list shows them in the order they were made.
  const data = items.map((item, i) => withdrawData(merchantId, livemode, item, new Date(now.getTime() + i)));
  // Columns travel as text[] arrays (one parameter each, exact for numeric and int8), the same through pg
  // and through Prisma's raw queries.
  const column = <T>(pick: (d: (typeof data)[number]) => T | null | undefined, show: (v: T) => string = String) =>
    data.map((d) => {
      const v = pick(d);
      return v === null || v === undefined ? null : show(v);
    });
  const iso = (d: Date) => d.toISOString();
  // The reservations are known before the rows exist: amount plus fee limit, from the quote.
  const reservations = data.map((d) => {
    const reserve = d.targetAmountMsat + d.feeLimitMsat;
    return { kind: "reserve" as const, availableDeltaMsat: -reserve, reservedDeltaMsat: reserve, withdrawId: d.id };
  });
  // One statement: the ledger's CTEs, and the INSERT of the withdraws gated on the balance row having taken
  // the reservations, so that a balance that cannot cover them writes nothing at all.
  const inserted = await queryOn<Record<string, unknown>>(
    client,
    sql`
    WITH ${ledgerCtes(merchantId, reservations)}, w AS (
      INSERT INTO withdraws (id, merchant_id, livemode, amount, currency, exchange_rate, rate_source, target_amount_msat, min_amount,
                             min_target_amount_msat, fee_limit_msat, ttl_seconds, expires_at, statement_descriptor, metadata, lnurl_secret_hash, k1, created_at, updated_at, batch_id, batch_row)
      SELECT id, ${merchantId}, ${livemode}, amount::numeric, currency, exchange_rate::numeric, rate_source, target_amount_msat::bigint,
             min_amount::numeric, min_target_amount_msat::bigint, fee_limit_msat::bigint, ttl_seconds::int, expires_at::timestamptz, statement_descriptor, metadata::jsonb, lnurl_secret_hash, k1,
             created_at::timestamptz, created_at::timestamptz, batch_id, batch_row::int
        FROM unnest(${column((d) => d.id)}::text[], ${column((d) => d.amount)}::text[], ${column((d) => d.currency)}::text[],
                    ${column((d) => d.exchangeRate)}::text[], ${column((d) => d.rateSource)}::text[], ${column((d) => d.targetAmountMsat)}::text[],
                    ${column((d) => d.minAmount)}::text[], ${column((d) => d.minTargetAmountMsat)}::text[],
                    ${column((d) => d.feeLimitMsat)}::text[], ${column((d) => d.ttlSeconds)}::text[], ${column((d) => d.expiresAt, iso)}::text[],
                    ${column((d) => d.statementDescriptor)}::text[], ${column((d) => d.metadata, (m) => JSON.stringify(m))}::text[],
                    ${column((d) => d.lnurlSecretHash)}::text[], ${column((d) => d.k1)}::text[], ${column((d) => d.createdAt, iso)}::text[],
                    ${column((d) => d.batchId)}::text[], ${column((d) => d.batchRow)}::text[])
          AS x(id, amount, currency, exchange_rate, rate_source, target_amount_msat, min_amount, min_target_amount_msat, fee_limit_msat,
               ttl_seconds, expires_at,
               statement_descriptor, metadata, lnurl_secret_hash, k1, created_at, batch_id, batch_row)
       WHERE EXISTS (SELECT 1 FROM b)
      RETURNING *
    )
    SELECT * FROM w`,
  );
  if (inserted.length === 0) throw await ledgerRefusal(client, merchantId, reservations);
  const created = new Map(inserted.map((row) => [row.id as string, modelRow<Withdraw>(row, WITHDRAW_DECIMALS)]));
  const rows = data.map((d) => created.get(d.id)!);
  // Written for this merchant by this statement: the rows may carry its links.
  return rows.map((row) => readForMerchant(merchantId, { ...row, payment: null }));
}
