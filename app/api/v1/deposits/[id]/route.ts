import { refreshDeposit } from "@/lib/deposits/refresh-deposit";
import { serializeDeposit } from "@/lib/deposits/serialize-deposit";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute<{ id: string }>({ action: "balance.read" }, async ({ caller, params }) => json(serializeDeposit(await refreshDeposit(caller.merchantId, params.id))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
