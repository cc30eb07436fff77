// The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the handlers validate with
// and the serializers' schemas (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). Only the prose
// (summaries, descriptions) is written here; every parameter, body and object shape comes from a schema.
import { z } from "zod";
import { rowErrorSchema } from "../batches/row-errors";
import { listDepositsQuerySchema } from "../deposits/page-deposits";
import { createDepositSchema } from "../deposits/schemas";
import { depositObjectSchema } from "../deposits/serialize-deposit";
import { batchUploadQuerySchema } from "../batches/schemas";
import { batchObjectSchema } from "../batches/serialize-batch";
import { ERROR_TABLE, type ErrorCode } from "../errors";
import { ledgerExportSchema, statementSchema, withdrawExportSchema } from "../export/filters";
import { scanObjectSchema } from "../lnurl-pay/serialize-scan";
import { signInRequestSchema } from "../lnurl-auth-client/auth-link";
import { listLoginsQuerySchema } from "../lnurl-auth-client/page-logins";
import { loginObjectSchema } from "../lnurl-auth-client/serialize-login";
import { listPayoutsQuerySchema } from "../payouts/page-payouts";
import { createPayoutSchema } from "../payouts/schemas";
import { payoutObjectSchema } from "../payouts/serialize-payout";
import { balanceObjectSchema } from "../ledger/serialize-balance";
import { createWithdrawSchema } from "../withdraws/schemas";
import { listWithdrawsQuerySchema } from "../withdraws/page-withdraws";
import { withdrawObjectSchema } from "../withdraws/serialize-withdraw";
import { listObjectSchema } from "./list-object";

export const errorObjectSchema = z.object({
  error: z.object({
    type: z.enum([...new Set(Object.values(ERROR_TABLE).map((e) => e.type))] as [string, ...string[]]),
    code: z.enum(Object.keys(ERROR_TABLE) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe("Written for the developer reading it; safe to show."),
    param: z.string().optional().describe("The parameter at fault, when there is one."),
    errors: z
      .array(rowErrorSchema)
      .optional()
      .describe("Only with `batch_invalid`: the rows of the uploaded file at fault (the header is row 1), sorted by row, at most 100."),
  }),
});

export const withdrawListSchema = listObjectSchema(withdrawObjectSchema);
export const payoutListSchema = listObjectSchema(payoutObjectSchema);
export const loginListSchema = listObjectSchema(loginObjectSchema);
export const depositListSchema = listObjectSchema(depositObjectSchema);

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** A zod object of query parameters as OpenAPI parameters, one per property. */
function queryParameters(schema: z.ZodType): JsonSchema[] {
  const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: object.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

type Operation = {
  method: "get" | "post";
  path: string;
  operationId: string;
  summary: string;
  description: string;
  write: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  pathId?: string;
  /** The id's pattern when it is not a withdraw's. */
  pathIdPattern?: string;
  /** A path parameter other than an id (the scanned code). */
  pathParameter?: JsonSchema;
  /** A request body that is not JSON (the batch upload's CSV file). */
  requestContent?: Record<string, JsonSchema>;
  success: { status: number; description: string; schema?: string; content?: Record<string, JsonSchema> };
  errors: number[];
};

const ID_PARAMETER = (what: string, pattern = "^wi_[0-9a-z]{26}$") => ({ name: "id", in: "path", required: true, description: what, schema: { type: "string", pattern } });

const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/v1/withdraws",
    operationId: "createWithdraw",
    summary: "Create a withdraw",
    description:
      "Reserves the amount plus the fee limit from the balance and answers the withdraw with its LNURL (`withdraw_methods_options.lnurl.withdraw_request`). Fiat amounts are converted to sats at creation.",
    write: true,
    body: createWithdrawSchema,
    success: { status: 201, description: "The new withdraw.", schema: "Withdraw" },
    errors: [400, 401, 403, 409, 413, 429, 503],
  },
  {
    method: "get",
    path: "/api/v1/withdraws",
    operationId: "listWithdraws",
    summary: "List withdraws",
    description: "Newest first. Page with `starting_after` (older) or `ending_before` (newer), using an id from the previous page.",
    write: false,
    query: listWithdrawsQuerySchema,
    success: { status: 200, description: "A page of withdraws.", schema: "WithdrawList" },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/api/v1/withdraws/{id}",
    operationId: "retrieveWithdraw",
    summary: "Retrieve a withdraw",
    description: "Expiry is exact: an unpaid withdraw past `expires_at` reads as `expired`.",
    write: false,
    pathId: "The withdraw's id.",
    success: { status: 200, description: "The withdraw.", schema: "Withdraw" },
    errors: [401, 404, 429],
  },
  {
    method: "post",
    path: "/api/v1/withdraws/{id}/cancel",
    operationId: "cancelWithdraw",
    summary: "Cancel a withdraw",
    description: "Only an `unpaid` withdraw can be cancelled; its reservation returns to the available balance.",
    write: true,
    pathId: "The withdraw's id.",
    success: { status: 200, description: "The cancelled withdraw.", schema: "Withdraw" },
    errors: [401, 403, 404, 409, 429],
  },
  {
    method: "post",
    path: "/api/v1/withdraws/batch",
    operationId: "createWithdrawBatch",
    summary: "Create withdraws from a CSV file",
    description:
      "The body is the file itself (`Content-Type: text/csv`, UTF-8 with or without a byte order mark, CRLF or LF line ends, RFC 4180 quoting), at most 64 KB and 1000 withdraws. A header row is required: `amount` and `currency`, optionally `ttl` (seconds, default 600), `descriptor` (the statement descriptor) and `min_amount` (a range: the least the customer may take, in the row's currency; empty for a fixed amount). Each row follows the rules of a single withdraw. All withdraws are created and reserved in one transaction, or none: any bad row answers `batch_invalid` with `error.errors` listing the rows at fault, and a balance that cannot cover the total (amounts plus fee limits) answers `insufficient_balance`.",
    write: true,
    query: batchUploadQuerySchema,
    requestContent: { "text/csv": { schema: { type: "string" }, example: "amount,currency,ttl,descriptor,min_amount\r\n1000,SATS,86400,Raffle prize,500\r\n2.50,USD,,Thank-you voucher,\r\n" } },
    success: { status: 201, description: "The batch with its withdraws, in the order of the file's rows.", schema: "WithdrawBatch" },
    errors: [400, 401, 403, 409, 413, 429, 503],
  },
  {
    method: "get",
    path: "/api/v1/withdraws/batches/{id}",
    operationId: "retrieveWithdrawBatch",
    summary: "Retrieve a batch",
    description: "The batch upload's record with its withdraws (statuses as of now), in the order of the file's rows.",
    write: false,
    pathId: "The batch's id.",
    pathIdPattern: "^wb_[0-9a-z]{26}$",
    success: { status: 200, description: "The batch.", schema: "WithdrawBatch" },
    errors: [401, 404, 429],
  },
  {
    method: "get",
    path: "/api/v1/withdraws/batches/{id}/csv",
    operationId: "downloadWithdrawBatch",
    summary: "Download a batch as CSV",
    description:
      "One row per withdraw: `row` (its row in the uploaded file), `withdraw_id`, `amount`, `currency`, `sats`, `descriptor`, `expires_at` (ISO 8601 UTC), `status` and `lnurl` (the bech32 LNURL, derived again from the withdraw id). Formula cells are neutralised.",
    write: false,
    pathId: "The batch's id.",
    pathIdPattern: "^wb_[0-9a-z]{26}$",
    success: { status: 200, description: "The file.", content: { "text/csv": { schema: { type: "string" } } } },
    errors: [401, 404, 429],
  },
  {
    method: "post",
    path: "/api/v1/payouts",
    operationId: "createPayout",
    summary: "Create a payout",
    description:
      "Pays a BOLT 11 invoice (`ln_invoice`; `amount` only for an invoice without one) or a Lightning Address / LNURL-pay (`destination` + `amount`, LUD-06 and LUD-16: the invoice is requested from the service and must be for exactly that amount, this node's network, validly signed and not about to expire; a description-hash mismatch is kept as a warning). The amount plus the fee limit is reserved at once; `failed` releases it, and only a definite failure fails a payout: an unknown outcome stays `processing` until the node reports it. The answer waits up to 5 s for the payment, so a quick payment is answered `paid`. An invoice is paid at most once.",
    write: true,
    body: createPayoutSchema,
    success: { status: 201, description: "The new payout.", schema: "Payout" },
    errors: [400, 401, 403, 409, 413, 429, 502, 503],
  },
  {
    method: "get",
    path: "/api/v1/payouts",
    operationId: "listPayouts",
    summary: "List payouts",
    description: "Newest first. Page with `starting_after` (older) or `ending_before` (newer), using an id from the previous page.",
    write: false,
    query: listPayoutsQuerySchema,
    success: { status: 200, description: "A page of payouts.", schema: "PayoutList" },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/api/v1/payouts/{id}",
    operationId: "retrievePayout",
    summary: "Retrieve a payout",
    description: "The payout with its status, fees, payment hash and, once paid, the preimage.",
    write: false,
    pathId: "The payout's id.",
    pathIdPattern: "^po_[0-9a-z]{26}$",
    success: { status: 200, description: "The payout.", schema: "Payout" },
    errors: [401, 404, 429],
  },
  {
    method: "post",
    path: "/api/v1/deposits",
    operationId: "createDeposit",
    summary: "Create a deposit",
    description:
      "Adds funds to the balance. With `amount` (and `currency`, default SATS; fiat converts at the current rate, rounded down to whole sats, the rate kept as `exchange_rate`): an invoice of this node to pay from any wallet. With `lnurl` (another service's LNURL-withdraw link, LUD-03 / LUD-17): Sluice reads its offer, invoices this node for `amount` (which must be within the offer's range) or else the most it offers in whole sats, and calls the service's callback; the answer waits up to 3 s for the payment. A service that answers `ERROR` is a 400 `lnurl_refused` and the deposit is `failed`; a callback that cannot be reached or read after the invoice was handed over is answered with the deposit `pending` and `failure_reason` saying why (the service may still pay it; a retry with the same Idempotency-Key replays this answer). Either way the balance is credited once, when the node sees the invoice paid (`deposit.paid` webhook). The link is never stored; only its domain is.",
    write: true,
    body: createDepositSchema,
    success: { status: 201, description: "The new deposit.", schema: "Deposit" },
    errors: [400, 401, 403, 409, 413, 429, 502, 503],
  },
  {
    method: "get",
    path: "/api/v1/deposits",
    operationId: "listDeposits",
    summary: "List deposits",
    description: "Newest first. Page with `starting_after` (older) or `ending_before` (newer), using an id from the previous page.",
    write: false,
    query: listDepositsQuerySchema,
    success: { status: 200, description: "A page of deposits.", schema: "DepositList" },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/api/v1/deposits/{id}",
    operationId: "retrieveDeposit",
    summary: "Retrieve a deposit",
    description: "The deposit with its status; a pending one is first checked with the node, so a paid invoice is credited and answered `paid` at once.",
    write: false,
    pathId: "The deposit's id.",
    pathIdPattern: "^dep_[0-9a-z]{26}$",
    success: { status: 200, description: "The deposit.", schema: "Deposit" },
    errors: [400, 401, 404, 429],
  },
  {
    method: "get",
    path: "/api/v1/lnurlscan/{code}",
    operationId: "scanCode",
    summary: "Scan an LNURL, Lightning Address or invoice",
    description:
      "What a code is before paying or pulling it: `pay` (LUD-06 / LUD-16), `withdraw` (LUD-03), `auth` (LUD-04) or `invoice` (BOLT 11, decoded and its signature checked). LNURLs and addresses are read from their service (first step only); services on private addresses are refused.",
    write: false,
    pathParameter: {
      name: "code",
      in: "path",
      required: true,
      description: "The code, percent-encoded: lnurl1…, lnurlp://…, lnurlw://…, keyauth://…, user@domain or lnbc…, with or without lightning:.",
      schema: { type: "string", maxLength: 4000 },
    },
    success: { status: 200, description: "What the code is.", schema: "Scan" },
    errors: [400, 401, 429, 502],
  },
  {
    method: "post",
    path: "/api/v1/lnurlauth",
    operationId: "signInWithLnurlAuth",
    summary: "Sign in to a service with LNURL-auth",
    description:
      "Acts as the merchant's wallet for an LNURL-auth code (LUD-04): signs the link's `k1` with the merchant's linking key for the service's domain (LUD-05: the same domain always gets the same key, another domain an unrelated one) and calls the service with `sig` and `key`. Give the login URL as `callback` or its LNURL as `lnurl` (bech32, `lightning:` or `keyauth://`). The service's `{\"status\":\"OK\"}` answers 200 with the login; its `{\"status\":\"ERROR\",\"reason\"}` answers 400 `lnurl_refused` with that reason; a service that cannot be reached or answers badly 502. Every attempt that reached for the service is recorded (see the list). Services on private addresses are refused.",
    write: true,
    body: signInRequestSchema,
    success: { status: 200, description: "The service signed the merchant in.", schema: "LnurlAuthLogin" },
    errors: [400, 401, 403, 409, 413, 429, 502],
  },
  {
    method: "get",
    path: "/api/v1/lnurlauth",
    operationId: "listLnurlAuthLogins",
    summary: "List LNURL-auth sign-ins",
    description: "Every sign-in attempt at another service, newest first, with its domain, linking key and outcome. Page with `starting_after` (older) or `ending_before` (newer).",
    write: false,
    query: listLoginsQuerySchema,
    success: { status: 200, description: "A page of sign-in attempts.", schema: "LnurlAuthLoginList" },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/api/v1/balance",
    operationId: "retrieveBalance",
    summary: "Retrieve the balance",
    description: "Available and reserved funds, in sats and exactly in millisats.",
    write: false,
    success: { status: 200, description: "The balance.", schema: "Balance" },
    errors: [401, 429],
  },
  {
    method: "get",
    path: "/api/v1/exports/withdraws",
    operationId: "exportWithdraws",
    summary: "Export withdraws",
    description: "A streamed CSV (RFC 4180, formula cells neutralised) or JSON Lines file of the withdraws, oldest first. Dates are calendar days in `tz`.",
    write: false,
    query: withdrawExportSchema,
    success: { status: 200, description: "The file.", content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } } },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/api/v1/exports/ledger",
    operationId: "exportLedger",
    summary: "Export the ledger",
    description: "Every balance movement with the running balance after it, as CSV or JSON Lines, in ledger order.",
    write: false,
    query: ledgerExportSchema,
    success: { status: 200, description: "The file.", content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } } },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/api/v1/exports/statement",
    operationId: "retrieveStatement",
    summary: "Balance statement",
    description: "Opening balance, credits and debits by kind, and closing balance for a period; `reconciles` says whether opening + credits − debits = closing.",
    write: false,
    query: statementSchema,
    success: { status: 200, description: "The statement.", content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } } } },
    errors: [400, 401, 429],
  },
];

function errorCodesFor(status: number): string {
  return Object.entries(ERROR_TABLE)
    .filter(([, e]) => e.status === status)
    .map(([code]) => `\`${code}\``)
    .join(", ");
}

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request",
  401: "No valid API key",
  403: "Not allowed with this key",
  404: "No such object in this account",
  409: "Conflict",
  413: "Body too large",
  429: "Too many requests",
  502: "An LNURL service answered badly or could not be reached",
  503: "A service Sluice depends on is unavailable",
};

function operationObject(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [];
  if (op.pathId) parameters.push(ID_PARAMETER(op.pathId, op.pathIdPattern));
  if (op.pathParameter) parameters.push(op.pathParameter);
  if (op.query) parameters.push(...queryParameters(op.query));
  if (op.method === "post") {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Any unique string up to 255 characters: retries with the same key and body replay the first response for 24 hours.",
      schema: { type: "string", maxLength: 255 },
    });
  }
  const responses: Record<string, JsonSchema> = {
    [String(op.success.status)]: {
      description: op.success.description,
      content: op.success.content ?? { "application/json": { schema: { $ref: `#/components/schemas/${op.success.schema}` } } },
    },
  };
  for (const status of op.errors) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status]}: ${errorCodesFor(status)}.`,
      ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } } : {}),
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: `${op.description}${op.write ? " Needs a key with full access." : " Read-only keys may call it."}`,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    ...(op.requestContent ? { requestBody: { required: true, content: op.requestContent } } : {}),
    responses,
  };
}

export function openApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Sluice API",
      version: "1",
      description:
        "Create LNURL-withdraw payouts, follow them to paid, expired or cancelled, and export the history. Authenticate with a secret API key (`Authorization: Bearer sk_…`, or HTTP Basic with the key as user name). Errors are `{error: {type, code, message, param}}`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }, { basicAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A secret API key, sk_…" },
        basicAuth: { type: "http", scheme: "basic", description: "The API key as the user name, no password." },
      },
      schemas: {
        Withdraw: jsonSchema(withdrawObjectSchema, "output"),
        WithdrawList: jsonSchema(withdrawListSchema, "output"),
        Balance: jsonSchema(balanceObjectSchema, "output"),
        Payout: jsonSchema(payoutObjectSchema, "output"),
        PayoutList: jsonSchema(payoutListSchema, "output"),
        Deposit: jsonSchema(depositObjectSchema, "output"),
        DepositList: jsonSchema(depositListSchema, "output"),
        Scan: jsonSchema(scanObjectSchema, "output"),
        LnurlAuthLogin: jsonSchema(loginObjectSchema, "output"),
        LnurlAuthLoginList: jsonSchema(loginListSchema, "output"),
        WithdrawBatch: jsonSchema(batchObjectSchema, "output"),
        Error: jsonSchema(errorObjectSchema, "output"),
      },
    },
  };
}

export const API_OPERATIONS = OPERATIONS.map(({ method, path, operationId, summary, write }) => ({ method, path, operationId, summary, write }));
