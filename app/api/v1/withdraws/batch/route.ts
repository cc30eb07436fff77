import { createBatch } from "@/lib/batches/create-batch";
import { readBatchRequest } from "@/lib/web/read-batch-request";
import { serializeBatch } from "@/lib/batches/serialize-batch";
import { batchSlots, withdrawLinkRedaction } from "@/lib/withdraws/link-slots";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

// A file with bad rows is a BatchRowsError: apiRoute's error answer lists the rows (its restFields).
// The answer holds withdraw objects: a stored copy (Idempotency-Key) drops their links, a replay derives them again.
export const POST = apiRoute({ action: "batches.create", redaction: withdrawLinkRedaction }, async ({ request, caller }) => {
  const created = await createBatch(caller.merchantId, { apiKeyId: caller.keyId }, await readBatchRequest(request));
  return json(serializeBatch(created, caller.linkAccess), 201, batchSlots(created.withdraws));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
