// The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the handlers validate with
// and the serializers' schemas (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). Only the prose
// (summaries, descriptions) is written here; every parameter, body and object shape comes from a schema.
import { z } from "zod";
import { ERROR_TABLE, type ErrorCode } from "../errors";
import { ledgerExportSchema, statementSchema, withdrawExportSchema } from "../export/filters";
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
  }),
});

export const withdrawListSchema = listObjectSchema(withdrawObjectSchema);

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
  success: { status: number; description: string; schema?: string; content?: Record<string, JsonSchema> };
  errors: number[];
};

const ID_PARAMETER = (what: string) => ({ name: "id", in: "path", required: true, description: what, schema: { type: "string", pattern: "^wi_[0-9a-z]{26}$" } });

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
  503: "A service Sluice depends on is unavailable",
};

function operationObject(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [];
  if (op.pathId) parameters.push(ID_PARAMETER(op.pathId));
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
        Error: jsonSchema(errorObjectSchema, "output"),
      },
    },
  };
}

export const API_OPERATIONS = OPERATIONS.map(({ method, path, operationId, summary, write }) => ({ method, path, operationId, summary, write }));
