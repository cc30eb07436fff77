import { listObject } from "@/lib/database/list-object";
import { pageEvents } from "@/lib/webhooks/page-events";
import { serializeEvent } from "@/lib/webhooks/serialize-event";
import { otherMethods } from "@/lib/web/other-methods";
import { apiRoute, json } from "@/lib/web/api";

export const GET = apiRoute({ action: "events.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pageEvents(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializeEvent), page.hasMore));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
