// Withdraws and their batches: their REST operations, each with its method, path, the permission-table action
// its handler asks for, and its OpenAPI prose. Part of the one route registry (lib/api/registry.ts).
import { listBatchesQuerySchema } from "../../batches/page-batches";
import { batchUploadQuerySchema } from "../../batches/schemas";
import { listWithdrawsQuerySchema } from "../../withdraws/page-withdraws";
import { createWithdrawSchema } from "../../withdraws/schemas";
import type { ApiOperation } from "../operation";
import { pagedList } from "./paged-list";

export const WITHDRAW_OPERATIONS: ApiOperation[] = [
  {
    method: "POST",
    path: "/api/v1/withdraws",
    action: "withdraws.create",
    operationId: "createWithdraw",
    summary: "Create a withdraw",
    description:
      "Reserves the amount plus the fee limit from the balance and answers the withdraw with its LNURL (`withdraw_methods_options.lnurl.withdraw_request`). Fiat amounts are converted to sats at creation.",
    body: createWithdrawSchema,
    success: { status: 201, description: "The new withdraw.", schema: "Withdraw" },
    errors: [400, 401, 409, 413, 429, 503],
  },
  pagedList({
    path: "/api/v1/withdraws",
    action: "withdraws.read",
    operationId: "listWithdraws",
    summary: "List withdraws",
    query: listWithdrawsQuerySchema,
    page: "A page of withdraws.",
    schema: "WithdrawList",
  }),
  {
    method: "GET",
    path: "/api/v1/withdraws/{id}",
    action: "withdraws.read",
    operationId: "retrieveWithdraw",
    summary: "Retrieve a withdraw",
    description: "Expiry is exact: an unpaid withdraw past `expires_at` reads as `expired`.",
    pathId: "The withdraw's id.",
    success: { status: 200, description: "The withdraw.", schema: "Withdraw" },
    errors: [401, 404, 429],
  },
  {
    method: "POST",
    path: "/api/v1/withdraws/{id}/cancel",
    action: "withdraws.cancel",
    operationId: "cancelWithdraw",
    summary: "Cancel a withdraw",
    description: "Only an `unpaid` withdraw can be cancelled; its reservation returns to the available balance.",
    pathId: "The withdraw's id.",
    success: { status: 200, description: "The cancelled withdraw.", schema: "Withdraw" },
    errors: [401, 404, 409, 429],
  },
  {
    method: "POST",
    path: "/api/v1/withdraws/batch",
    action: "batches.create",
    operationId: "createWithdrawBatch",
    summary: "Create withdraws from a CSV file",
    description:
      "The body is the file itself (`Content-Type: text/csv`, UTF-8 with or without a byte order mark, CRLF or LF line ends, RFC 4180 quoting), at most 64 KB and 1000 withdraws. A header row is required: `amount` and `currency`, optionally `ttl` (seconds, default 600), `descriptor` (the statement descriptor) and `min_amount` (a range: the least the customer may take, in the row's currency; empty for a fixed amount). Each row follows the rules of a single withdraw. All withdraws are created and reserved in one transaction, or none: any bad row answers `batch_invalid` with `error.errors` listing the rows at fault, and a balance that cannot cover the total (amounts plus fee limits) answers `insufficient_balance`.",
    query: batchUploadQuerySchema,
    requestContent: { "text/csv": { schema: { type: "string" }, example: "amount,currency,ttl,descriptor,min_amount\r\n1000,SATS,86400,Raffle prize,500\r\n2.50,USD,,Thank-you voucher,\r\n" } },
    success: { status: 201, description: "The batch with its withdraws, in the order of the file's rows.", schema: "WithdrawBatch" },
    errors: [400, 401, 409, 413, 429, 503],
  },
  pagedList({
    path: "/api/v1/withdraws/batches",
    action: "batches.read",
    operationId: "listWithdrawBatches",
    summary: "List batches",
    query: listBatchesQuerySchema,
    page: "A page of batches, each without its withdraws (retrieve a batch for them).",
    schema: "WithdrawBatchList",
  }),
  {
    method: "GET",
    path: "/api/v1/withdraws/batches/{id}",
    action: "batches.read",
    operationId: "retrieveWithdrawBatch",
    summary: "Retrieve a batch",
    description: "The batch upload's record with its withdraws (statuses as of now), in the order of the file's rows.",
    pathId: "The batch's id.",
    pathIdPattern: "^wb_[0-9a-z]{26}$",
    success: { status: 200, description: "The batch.", schema: "WithdrawBatch" },
    errors: [401, 404, 429],
  },
  {
    method: "GET",
    path: "/api/v1/withdraws/batches/{id}/csv",
    action: "batches.read",
    operationId: "downloadWithdrawBatch",
    summary: "Download a batch as CSV",
    description:
      "One row per withdraw: `row` (its row in the uploaded file), `withdraw_id`, `amount`, `currency`, `sats`, `descriptor`, `expires_at` (ISO 8601 UTC), `status` and `lnurl` (the bech32 LNURL, derived again from the withdraw id). Formula cells are neutralised.",
    pathId: "The batch's id.",
    pathIdPattern: "^wb_[0-9a-z]{26}$",
    success: { status: 200, description: "The file.", content: { "text/csv": { schema: { type: "string" } } } },
    errors: [401, 404, 429],
  },
];
