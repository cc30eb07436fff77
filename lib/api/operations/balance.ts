// The balance and the exports of its history: their REST operations, each with its method, path, the
// permission-table action its handler asks for, and its OpenAPI prose. Part of the one route registry
// (lib/api/registry.ts).
import { ledgerExportSchema, statementSchema, withdrawExportSchema } from "../../export/filters";
import type { ApiOperation } from "../operation";

export const BALANCE_OPERATIONS: ApiOperation[] = [
  {
    method: "GET",
    path: "/api/v1/balance",
    action: "balance.read",
    operationId: "retrieveBalance",
    summary: "Retrieve the balance",
    description: "Available and reserved funds, in sats and exactly in millisats.",
    success: { status: 200, description: "The balance.", schema: "Balance" },
    errors: [401, 429],
  },
  {
    method: "GET",
    path: "/api/v1/exports/withdraws",
    action: "exports.read",
    operationId: "exportWithdraws",
    summary: "Export withdraws",
    description: "A streamed CSV (RFC 4180, formula cells neutralised) or JSON Lines file of the withdraws, oldest first. Dates are calendar days in `tz`.",
    query: withdrawExportSchema,
    success: { status: 200, description: "The file.", content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } } },
    errors: [400, 401, 429],
  },
  {
    method: "GET",
    path: "/api/v1/exports/ledger",
    action: "exports.read",
    operationId: "exportLedger",
    summary: "Export the ledger",
    description: "Every balance movement with the running balance after it, as CSV or JSON Lines, in ledger order.",
    query: ledgerExportSchema,
    success: { status: 200, description: "The file.", content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } } },
    errors: [400, 401, 429],
  },
  {
    method: "GET",
    path: "/api/v1/exports/statement",
    action: "exports.read",
    operationId: "retrieveStatement",
    summary: "Balance statement",
    description: "Opening balance, credits and debits by kind, and closing balance for a period; `reconciles` says whether opening + credits − debits = closing.",
    query: statementSchema,
    success: { status: 200, description: "The statement.", content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } } } },
    errors: [400, 401, 429],
  },
];
