import { listObject } from "@/lib/database/list-object";
import { createPayout } from "@/lib/payouts/create-payout";
import { pagePayouts } from "@/lib/payouts/page-payouts";
import { serializePayout } from "@/lib/payouts/serialize-payout";
import { apiRoute, json, readJson } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const POST = apiRoute({ action: "payouts.create" }, async ({ request, caller }) => {
  const payout = await createPayout(caller.merchantId, await readJson(request));
  return json(serializePayout(payout), 201);
});

export const GET = apiRoute({ action: "payouts.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pagePayouts(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializePayout), page.hasMore));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
