import { getEvent } from "@/lib/webhooks/get-event";
import { serializeEvent } from "@/lib/webhooks/serialize-event";
import { otherMethods } from "@/lib/web/other-methods";
import { apiRoute, json } from "@/lib/web/api";

export const GET = apiRoute<{ id: string }>({ action: "events.read" }, async ({ caller, params }) => json(serializeEvent(await getEvent(caller.merchantId, params.id))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
