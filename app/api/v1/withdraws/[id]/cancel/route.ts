import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { withdrawSlot } from "@/lib/withdraws/link-slots";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const POST = apiRoute<{ id: string }>({ action: "withdraws.cancel" }, async ({ caller, params }) => {
  const withdraw = await cancelWithdraw(caller.merchantId, params.id);
  return json(serializeWithdraw(withdraw, caller.linkAccess), 200, withdrawSlot(withdraw));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
