import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { linkAccessOf, serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";

export const POST = apiRoute<{ id: string }>({ action: "withdraws.cancel" }, async ({ caller, params }) =>
  json(serializeWithdraw(await cancelWithdraw(caller.merchantId, params.id), linkAccessOf(caller.principal))),
);
