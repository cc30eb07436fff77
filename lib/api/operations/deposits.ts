// Deposits: their REST operations, each with its method, path, the permission-table action its handler asks
// for, and its OpenAPI prose. Part of the one route registry (lib/api/registry.ts).
import { listDepositsQuerySchema } from "../../deposits/page-deposits";
import { createDepositSchema } from "../../deposits/schemas";
import type { ApiOperation } from "../operation";
import { pagedList } from "./paged-list";

export const DEPOSIT_OPERATIONS: ApiOperation[] = [
  {
    method: "POST",
    path: "/api/v1/deposits",
    action: "deposits.create",
    operationId: "createDeposit",
    summary: "Create a deposit",
    description:
      "Adds funds to the balance. With `amount` (and `currency`, default SATS; fiat converts at the current rate, rounded down to whole sats, the rate kept as `exchange_rate`): an invoice of this node to pay from any wallet. With `lnurl` (another service's LNURL-withdraw link, LUD-03 / LUD-17): Sluice reads its offer, invoices this node for `amount` (which must be within the offer's range) or else the most it offers in whole sats, and calls the service's callback; the answer waits up to 3 s for the payment. A service that answers `ERROR` is a 400 `lnurl_refused` and the deposit is `failed`; a callback that cannot be reached or read after the invoice was handed over is answered with the deposit `pending` and `failure_reason` saying why (the service may still pay it; a retry with the same Idempotency-Key replays this answer). Either way the balance is credited once, when the node sees the invoice paid (`deposit.paid` webhook). The link is never stored; only its domain is.",
    body: createDepositSchema,
    success: { status: 201, description: "The new deposit.", schema: "Deposit" },
    errors: [400, 401, 409, 413, 429, 502, 503],
  },
  pagedList({
    path: "/api/v1/deposits",
    action: "balance.read",
    operationId: "listDeposits",
    summary: "List deposits",
    query: listDepositsQuerySchema,
    page: "A page of deposits.",
    schema: "DepositList",
  }),
  {
    method: "GET",
    path: "/api/v1/deposits/{id}",
    action: "balance.read",
    operationId: "retrieveDeposit",
    summary: "Retrieve a deposit",
    description: "The deposit with its status; a pending one is first checked with the node, so a paid invoice is credited and answered `paid` at once.",
    pathId: "The deposit's id.",
    pathIdPattern: "^dep_[0-9a-z]{26}$",
    success: { status: 200, description: "The deposit.", schema: "Deposit" },
    errors: [400, 401, 404, 429],
  },
];
