// A batch upload: every row of the file becomes a withdraw, all in one transaction with its reservation, or
// nothing is written. Bad rows are all reported at once, by row number; a balance that cannot cover the
// batch's total refuses the whole batch.
import { db, type Tx } from "../db";
import { AppError, isAppError } from "../errors";
import type { WithdrawBatch } from "../generated/prisma/client";
import { newId } from "../ids";
import { formatMsatAsSats } from "../money";
import { insertQuotedWithdraws, type QuotedWithdraw } from "../withdraws/create-withdraw";
import { quoteWithdraw } from "../withdraws/quote-withdraw";
import type { WithdrawRow } from "../withdraws/serialize-withdraw";
import { parseBatchCsv } from "./parse-batch-csv";
import { BatchRowsError, type RowError } from "./row-errors";
import { uploaderLabel, type BatchUploader } from "./uploader";

export type BatchFile = { name: string | null; text: string };
export type BatchWithWithdraws = { batch: WithdrawBatch; withdraws: WithdrawRow[] };

// A thousand rows are three thousand statements in one transaction: far more than Prisma's 5 s default.
const TRANSACTION_TIMEOUT_MS = 120_000;

export async function createBatch(merchantId: string, uploader: BatchUploader, file: BatchFile, now: Date = new Date()): Promise<BatchWithWithdraws> {
  const parsed = parseBatchCsv(file.text);
  if (parsed.errors.length) throw new BatchRowsError(parsed.errors);

  const id = newId("withdrawBatch", now.getTime());
  const errors: RowError[] = [];
  const items: QuotedWithdraw[] = [];
  for (const { row, data } of parsed.rows) {
    try {
      items.push({ data, quote: await quoteWithdraw(data.amount, data.currency), batch: { id, row } });
    } catch (error) {
      // The amount's own rules were checked while parsing; what is left is "too large once converted".
      if (isAppError(error) && error.code === "validation_error") errors.push({ row, column: error.param ?? "amount", message: error.message });
      else throw error;
    }
  }
  if (errors.length) throw new BatchRowsError(errors);

  const totalTargetMsat = items.reduce((sum, i) => sum + i.quote.targetMsat, 0n);
  const totalReservedMsat = items.reduce((sum, i) => sum + i.quote.targetMsat + i.quote.feeLimitMsat, 0n);
  const actorLabel = await uploaderLabel(merchantId, uploader);
  return db().$transaction(
    async (tx) => {
      await lockCoveringBalance(tx, merchantId, totalReservedMsat, items.length);
      const batch = await tx.withdrawBatch.create({
        data: {
          id,
          merchantId,
          userId: "userId" in uploader ? uploader.userId : null,
          apiKeyId: "apiKeyId" in uploader ? uploader.apiKeyId : null,
          actorLabel,
          fileName: file.name,
          rowCount: items.length,
          totalTargetMsat,
          totalReservedMsat,
          createdAt: now,
        },
      });
      return { batch, withdraws: await insertQuotedWithdraws(tx, merchantId, items, now) };
    },
    { timeout: TRANSACTION_TIMEOUT_MS },
  );
}

/**
 * Locks the merchant's balance row for this transaction and refuses the batch at once when its total is not
 * covered, so the error names the batch's total rather than whichever row ran out. The per-row reservations
 * that follow keep the database's own guarantee (a conditional update that never goes below zero).
 */
async function lockCoveringBalance(tx: Tx, merchantId: string, totalMsat: bigint, count: number): Promise<void> {
  const rows = await tx.$queryRaw<{ available_msat: bigint }[]>`
    SELECT available_msat FROM balances WHERE merchant_id = ${merchantId} FOR UPDATE`;
  const available = rows[0]?.available_msat;
  if (available === undefined) throw new AppError("not_found", "This merchant has no balance.");
  if (available < totalMsat) {
    throw new AppError(
      "insufficient_balance",
      `The available balance of ${formatMsatAsSats(available)} sats does not cover this batch: its ${count} withdraw${count === 1 ? "" : "s"} need ${formatMsatAsSats(totalMsat)} sats (amounts plus routing-fee limits). Nothing was created.`,
    );
  }
}
