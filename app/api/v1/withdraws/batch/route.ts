import { batchErrorResponse } from "@/lib/batches/batch-error-response";
import { createBatch } from "@/lib/batches/create-batch";
import { readBatchRequest } from "@/lib/web/read-batch-request";
import { isBatchRowsError } from "@/lib/batches/row-errors";
import { serializeBatch } from "@/lib/batches/serialize-batch";
import { linkAccessOf } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";

export const POST = apiRoute({ action: "batches.create" }, async ({ request, caller }) => {
  try {
    const created = await createBatch(caller.merchantId, { apiKeyId: caller.keyId }, await readBatchRequest(request));
    return json(serializeBatch(created, linkAccessOf(caller.principal)), 201);
  } catch (error) {
    if (isBatchRowsError(error)) return batchErrorResponse(error);
    throw error;
  }
});
