import { getPayout } from "@/lib/payouts/get-payout";
import { serializePayout } from "@/lib/payouts/serialize-payout";
import { apiRoute, json } from "@/lib/web/api";

export const GET = apiRoute<{ id: string }>({ action: "payouts.read" }, async ({ caller, params }) => json(serializePayout(await getPayout(caller.merchantId, params.id))));
