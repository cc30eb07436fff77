// The batch object of the REST API: the upload's record, with its withdraws in the file's row order.
import { z } from "zod";
import { msatToSatsNumber } from "../money";
import { serializeWithdraw, withdrawObjectSchema, type LinkAccess } from "../withdraws/serialize-withdraw";
import type { BatchWithWithdraws } from "./create-batch";

/** A batch without its withdraws: what the list of batches shows for each (a batch holds up to 1000). */
export const batchSummarySchema = z.object({
  id: z.string().startsWith("wb_"),
  object: z.literal("withdraw_batch"),
  account_id: z.string().startsWith("mer_"),
  file_name: z.string().nullable().describe("The uploaded file's name, when one was given."),
  row_count: z.number().int().positive().describe("How many withdraws the batch created."),
  total_target_amount: z.number().positive().describe("The sum of the withdraws' target_amount, in sats."),
  total_reserved: z.number().positive().describe("What the batch reserved from the balance: the amounts plus each withdraw's fee limit, in sats."),
  uploaded_by: z.string().describe("The user's email or the API key's name, as they were at upload."),
  created: z.number().int(),
});

export const batchObjectSchema = batchSummarySchema.extend({
  withdraws: z.array(withdrawObjectSchema).describe("The withdraws, in the order of the file's rows."),
});

export type BatchObject = z.infer<typeof batchObjectSchema>;

export function serializeBatchSummary(batch: BatchWithWithdraws["batch"]): z.infer<typeof batchSummarySchema> {
  return {
    id: batch.id,
    object: "withdraw_batch",
    account_id: batch.merchantId,
    file_name: batch.fileName,
    row_count: batch.rowCount,
    total_target_amount: msatToSatsNumber(batch.totalTargetMsat),
    total_reserved: msatToSatsNumber(batch.totalReservedMsat),
    uploaded_by: batch.actorLabel,
    created: batch.createdAt.getTime(),
  };
}

export function serializeBatch({ batch, withdraws }: BatchWithWithdraws, access: LinkAccess, now: Date = new Date()): BatchObject {
  return { ...serializeBatchSummary(batch), withdraws: withdraws.map((w) => serializeWithdraw(w, access, now)) };
}
