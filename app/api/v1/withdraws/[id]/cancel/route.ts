import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { withdrawLinkRedaction, withdrawSlot } from "@/lib/withdraws/link-slots";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

// The answer holds a withdraw object: a stored copy (Idempotency-Key) drops its links, a replay derives them again.
export const POST = apiRoute<{ id: string }>({ action: "withdraws.cancel", redaction: withdrawLinkRedaction }, async ({ caller, params }) => {
  const withdraw = await cancelWithdraw(caller.merchantId, params.id);
  return json(serializeWithdraw(withdraw, caller.linkAccess), 200, withdrawSlot(withdraw));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
