// Payouts: their REST operations, each with its method, path, the permission-table action its handler asks
// for, and its OpenAPI prose. Part of the one route registry (lib/api/registry.ts).
import { listPayoutsQuerySchema } from "../../payouts/page-payouts";
import { createPayoutSchema } from "../../payouts/schemas";
import type { ApiOperation } from "../operation";
import { pagedList } from "./paged-list";

export const PAYOUT_OPERATIONS: ApiOperation[] = [
  {
    method: "POST",
    path: "/api/v1/payouts",
    action: "payouts.create",
    operationId: "createPayout",
    summary: "Create a payout",
    description:
      "Pays a BOLT 11 invoice (`ln_invoice`; `amount` only for an invoice without one) or a Lightning Address / LNURL-pay (`destination` + `amount`, LUD-06 and LUD-16: the invoice is requested from the service and must be for exactly that amount, this node's network, validly signed and not about to expire; a description-hash mismatch is kept as a warning). The amount plus the fee limit is reserved at once; `failed` releases it, and only a definite failure fails a payout: an unknown outcome stays `processing` until the node reports it. The answer waits up to 5 s for the payment, so a quick payment is answered `paid`. An invoice is paid at most once.",
    body: createPayoutSchema,
    success: { status: 201, description: "The new payout.", schema: "Payout" },
    errors: [400, 401, 409, 413, 429, 502, 503],
  },
  pagedList({
    path: "/api/v1/payouts",
    action: "payouts.read",
    operationId: "listPayouts",
    summary: "List payouts",
    query: listPayoutsQuerySchema,
    page: "A page of payouts.",
    schema: "PayoutList",
  }),
  {
    method: "GET",
    path: "/api/v1/payouts/{id}",
    action: "payouts.read",
    operationId: "retrievePayout",
    summary: "Retrieve a payout",
    description: "The payout with its status, fees, payment hash and, once paid, the preimage.",
    pathId: "The payout's id.",
    pathIdPattern: "^po_[0-9a-z]{26}$",
    success: { status: 200, description: "The payout.", schema: "Payout" },
    errors: [401, 404, 429],
  },
];
