import { getPayout } from "@/lib/payouts/get-payout";
import { serializePayout } from "@/lib/payouts/serialize-payout";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute<{ id: string }>({ action: "payouts.read" }, async ({ caller, params }) => json(serializePayout(await getPayout(caller.merchantId, params.id))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
