// The ledger: its REST operations, each with its method, path, the permission-table action its handler asks
// for, and its OpenAPI prose. Part of the one route registry (lib/api/registry.ts).
import { listLedgerEntriesQuerySchema } from "../../ledger/page-ledger-entries";
import type { ApiOperation } from "../operation";
import { pagedList } from "./paged-list";

export const LEDGER_OPERATIONS: ApiOperation[] = [
  pagedList({
    path: "/api/v1/ledger_entries",
    action: "balance.read",
    operationId: "listLedgerEntries",
    summary: "List ledger entries",
    query: listLedgerEntriesQuerySchema,
    page: "A page of ledger entries, each with the running balance after it, in the ledger's order (its sequence).",
    schema: "LedgerEntryList",
  }),
];
