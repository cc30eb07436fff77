import { listObject } from "@/lib/database/list-object";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { pageWithdraws } from "@/lib/withdraws/page-withdraws";
import { withdrawLinkRedaction, withdrawSlot } from "@/lib/withdraws/link-slots";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json, readJson } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

// Always run per request, never cached; and with "force-dynamic" Next.js hands the handler the request itself
// rather than a Proxy that watches every read of it for signs of dynamic use.
export const dynamic = "force-dynamic";

// The answer holds a withdraw object: a stored copy (Idempotency-Key) drops its links, a replay derives them again.
export const POST = apiRoute({ action: "withdraws.create", redaction: withdrawLinkRedaction }, async ({ request, caller }) => {
  const withdraw = await createWithdraw(caller.merchantId, await readJson(request));
  return json(serializeWithdraw(withdraw, caller.linkAccess), 201, withdrawSlot(withdraw));
});

export const GET = apiRoute({ action: "withdraws.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const now = new Date();
  const page = await pageWithdraws(caller.merchantId, Object.fromEntries(url.searchParams), now);
  return json(listObject(url.pathname, page.rows.map((row) => serializeWithdraw(row, caller.linkAccess, now)), page.hasMore));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
