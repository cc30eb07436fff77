import { listObject } from "@/lib/database/list-object";
import { pageLedgerEntries } from "@/lib/ledger/page-ledger-entries";
import { serializeLedgerEntry } from "@/lib/ledger/serialize-ledger-entry";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

// Reading the ledger is reading the balance's history: the dashboard's Balance page and its actions ask for balance.read.
export const GET = apiRoute({ action: "balance.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pageLedgerEntries(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializeLedgerEntry), page.hasMore));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
