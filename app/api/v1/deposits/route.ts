import { listObject } from "@/lib/database/list-object";
import { pageDeposits } from "@/lib/deposits/page-deposits";
import { requestDeposit } from "@/lib/deposits/request-deposit";
import { serializeDeposit } from "@/lib/deposits/serialize-deposit";
import { apiRoute, json, readJson } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const POST = apiRoute({ action: "deposits.create" }, async ({ request, caller }) => {
  const deposit = await requestDeposit(caller.merchantId, await readJson(request));
  return json(serializeDeposit(deposit), 201);
});

export const GET = apiRoute({ action: "balance.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pageDeposits(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializeDeposit), page.hasMore));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
