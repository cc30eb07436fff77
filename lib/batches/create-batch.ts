// A batch upload: every row of the file becomes a withdraw, all in one transaction with its reservation, or
// nothing is written. Bad rows are all reported at once, by row number; a balance that cannot cover the
// batch's total refuses the whole batch.
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import type { WithdrawBatch } from "../generated/prisma/client";
import { newId } from "../ids";
import { getBalance } from "../ledger/get-balance";
import { formatMsatAsSats } from "../money";
import { insertQuotedWithdraws, type QuotedWithdraw } from "../withdraws/create-withdraw";
import { quoteWithdraw } from "../withdraws/quote-withdraw";
import type { MerchantWithdraw } from "../withdraws/merchant-withdraw";
import { parseBatchCsv } from "./parse-batch-csv";
import { BatchRowsError, type RowError } from "./row-errors";
import { uploaderLabel, type BatchUploader } from "./uploader";

export type BatchFile = { name: string | null; text: string };
export type BatchWithWithdraws = { batch: WithdrawBatch; withdraws: MerchantWithdraw[] };

// A thousand rows are a few statements, but large ones: more room than Prisma's 5 s default on a busy machine.
const TRANSACTION_TIMEOUT_MS = 60_000;

export async function createBatch(merchantId: string, uploader: BatchUploader, file: BatchFile, now: Date = new Date()): Promise<BatchWithWithdraws> {
  const parsed = parseBatchCsv(file.text);
  if (parsed.errors.length) throw new BatchRowsError(parsed.errors);

  const id = newId("withdrawBatch", now.getTime());
  const errors: RowError[] = [];
  const items: QuotedWithdraw[] = [];
  for (const { row, data } of parsed.rows) {
    try {
      items.push({ data, quote: await quoteWithdraw(data.amount, data.currency, data.min_amount), batch: { id, row } });
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
  try {
    return await db().$transaction(
      async (tx) => {
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
        // The reservations are written last and together, so the balance row is locked only briefly.
        return { batch, withdraws: await insertQuotedWithdraws(tx, merchantId, items, now) };
      },
      { timeout: TRANSACTION_TIMEOUT_MS },
    );
  } catch (error) {
    if (isAppError(error) && error.code === "insufficient_balance") throw await notCovered(merchantId, totalReservedMsat, items.length);
    throw error;
  }
}

/** The refusal names the batch's total rather than the sum the ledger could not take. */
async function notCovered(merchantId: string, totalMsat: bigint, count: number): Promise<AppError> {
  const { availableMsat } = await getBalance(merchantId);
  return new AppError(
    "insufficient_balance",
    `The available balance of ${formatMsatAsSats(availableMsat)} sats does not cover this batch: its ${count} withdraw${count === 1 ? "" : "s"} need ${formatMsatAsSats(totalMsat)} sats (amounts plus routing-fee limits). Nothing was created.`,
  );
}
