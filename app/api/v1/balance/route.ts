import { getBalance } from "@/lib/ledger/get-balance";
import { serializeBalance } from "@/lib/ledger/serialize-balance";
import { apiRoute, json } from "@/lib/web/api";

export const GET = apiRoute({ action: "balance.read" }, async ({ caller }) => json(serializeBalance(await getBalance(caller.merchantId))));
