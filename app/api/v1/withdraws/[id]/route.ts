import { getWithdraw } from "@/lib/withdraws/get-withdraw";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute<{ id: string }>({ action: "withdraws.read" }, async ({ caller, params }) =>
  json(serializeWithdraw(await getWithdraw(caller.merchantId, params.id), caller.linkAccess)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
