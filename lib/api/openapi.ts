// The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the handlers validate with
// and the serializers' schemas (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). Its operations, with
// their prose (summaries, descriptions), come from the route registry; who may call each follows from the
// action it names in the permission table. Every parameter, body and object shape comes from a schema.
import { z } from "zod";
import { allows } from "../auth/permissions";
import { rowErrorSchema } from "../batches/row-errors";
import { depositObjectSchema } from "../deposits/serialize-deposit";
import { batchObjectSchema, batchSummarySchema } from "../batches/serialize-batch";
import { ERROR_TABLE, type ErrorCode } from "../errors";
import { scanObjectSchema } from "../lnurl-pay/serialize-scan";
import { loginObjectSchema } from "../lnurl-auth-client/serialize-login";
import { payoutObjectSchema } from "../payouts/serialize-payout";
import { balanceObjectSchema } from "../ledger/serialize-balance";
import { ledgerEntryObjectSchema } from "../ledger/serialize-ledger-entry";
import { withdrawObjectSchema } from "../withdraws/serialize-withdraw";
import { listObjectSchema } from "./list-object";
import { API_OPERATIONS, type ApiOperation, type JsonSchema } from "./registry";

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
export const ledgerEntryListSchema = listObjectSchema(ledgerEntryObjectSchema);
export const batchListSchema = listObjectSchema(batchSummarySchema);

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

const ID_PARAMETER = (what: string, pattern = "^wi_[0-9a-z]{26}$") => ({ name: "id", in: "path", required: true, description: what, schema: { type: "string", pattern } });

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

/** The error statuses an operation may answer: its own, and 403 when the permission table refuses read-only keys. */
function errorStatuses(op: ApiOperation): number[] {
  return allows("read_only_key", op.action) ? op.errors : [...op.errors, 403].sort((a, b) => a - b);
}

function operationObject(op: ApiOperation): JsonSchema {
  const readOnlyKeys = allows("read_only_key", op.action);
  const parameters: JsonSchema[] = [];
  if (op.pathId) parameters.push(ID_PARAMETER(op.pathId, op.pathIdPattern));
  if (op.pathParameter) parameters.push(op.pathParameter);
  if (op.query) parameters.push(...queryParameters(op.query));
  if (op.method === "POST") {
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
  for (const status of errorStatuses(op)) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status]}: ${errorCodesFor(status)}.`,
      ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } } : {}),
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: `${op.description}${readOnlyKeys ? " Read-only keys may call it." : " Needs a key with full access."}`,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    ...(op.requestContent ? { requestBody: { required: true, content: op.requestContent } } : {}),
    responses,
  };
}

export function openApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of API_OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
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
        LedgerEntry: jsonSchema(ledgerEntryObjectSchema, "output"),
        LedgerEntryList: jsonSchema(ledgerEntryListSchema, "output"),
        WithdrawBatchList: jsonSchema(batchListSchema, "output"),
      },
    },
  };
}

