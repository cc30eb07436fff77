import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { linkAccessOf, serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const POST = apiRoute<{ id: string }>({ action: "withdraws.cancel" }, async ({ caller, params }) =>
  json(serializeWithdraw(await cancelWithdraw(caller.merchantId, params.id), linkAccessOf(caller.principal))),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
