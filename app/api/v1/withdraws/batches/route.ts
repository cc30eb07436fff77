import { listObject } from "@/lib/database/list-object";
import { pageBatches } from "@/lib/batches/page-batches";
import { serializeBatchSummary } from "@/lib/batches/serialize-batch";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute({ action: "batches.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pageBatches(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializeBatchSummary), page.hasMore));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
