import { getBalance } from "@/lib/ledger/get-balance";
import { serializeBalance } from "@/lib/ledger/serialize-balance";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute({ action: "balance.read" }, async ({ caller }) => json(serializeBalance(await getBalance(caller.merchantId))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
