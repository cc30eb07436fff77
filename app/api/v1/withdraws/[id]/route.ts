import { getWithdraw } from "@/lib/withdraws/get-withdraw";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";

export const GET = apiRoute<{ id: string }>({ write: false }, async ({ caller, params }) =>
  json(serializeWithdraw(await getWithdraw(caller.merchantId, params.id))),
);
