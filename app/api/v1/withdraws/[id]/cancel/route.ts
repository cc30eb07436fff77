import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";

export const POST = apiRoute<{ id: string }>({ write: true }, async ({ caller, params }) =>
  json(serializeWithdraw(await cancelWithdraw(caller.merchantId, params.id))),
);
