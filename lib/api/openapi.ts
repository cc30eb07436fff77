// The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the handlers validate with
// and the serializers' schemas (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). Its operations, with
// their prose (summaries, descriptions), come from the route registry; who may call each follows from the
// action it names in the permission table. Every parameter, body and object shape comes from a schema.
// Named schemas are registered in components.schemas below; a schema that must be referred to by name wherever
// it appears (a recursive one, such as JsonValue) carries `.meta({ id })` instead, and joins them under its id.
import { z } from "zod";
import { allows } from "../auth/permissions";
import { rowErrorSchema } from "../batches/row-errors";
import { depositObjectSchema } from "../deposits/serialize-deposit";
import { eventListSchema, eventObjectSchema } from "../webhooks/serialize-event";
import { batchObjectSchema, batchSummarySchema } from "../batches/serialize-batch";
import { ERROR_TABLE, type ErrorCode } from "../errors";
import { jsonValueSchema } from "../json-value";
import { scanObjectSchema } from "../lnurl-client/serialize-scan";
import { loginObjectSchema } from "../lnurl-auth-client/serialize-login";
import { payoutObjectSchema } from "../payouts/serialize-payout";
import { balanceObjectSchema } from "../ledger/serialize-balance";
import { ledgerEntryObjectSchema } from "../ledger/serialize-ledger-entry";
import { withdrawObjectSchema } from "../withdraws/serialize-withdraw";
import { deletedEndpointObjectSchema, webhookEndpointObjectSchema, webhookEndpointWithSecretSchema } from "../webhooks/serialize-endpoint";
import { listObjectSchema } from "../database/list-object";
import type { ApiOperation, JsonSchema } from "./operation";
import { API_OPERATIONS } from "./registry";

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

/**
 * Any JSON value is what the empty JSON Schema accepts. zod's recursive union (string, number, boolean, null,
 * arrays and objects of JSON values) says the same at length, and openapi-typescript cannot type it (the
 * generated member refers to itself: TS2502), so a client could not compile its types.
 */
const ANY_JSON_VALUE: JsonSchema = { description: "Any JSON value: a string, number, boolean, null, array or object." };
const jsonValue: z.core.$ZodType = jsonValueSchema;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema: generated }) => {
      if (zodSchema !== jsonValue) return;
      for (const key of Object.keys(generated)) delete generated[key];
      Object.assign(generated, ANY_JSON_VALUE);
    },
  }) as JsonSchema;
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

/**
 * Moves every schema zod put under a local `$defs` (a schema registered with `.meta({ id })`, such as the
 * recursive JsonValue) into components/schemas, and points its refs there: in an OpenAPI document `#/$defs/…`
 * would point at the document's root, where nothing is. A schema is hoisted once under its id; a recursive
 * schema without an id (zod names it `__schema0`, `__schema1`, … per conversion), two different schemas with
 * one id, or an id that is already a named schema, are refused: the document would be ambiguous.
 */
export function hoistDefs(document: { components: { schemas: Record<string, JsonSchema> } }): JsonSchema {
  const named = document.components.schemas;
  const hoisted: Record<string, JsonSchema> = {};
  const hoist = (name: string, schema: JsonSchema) => {
    if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(name)) throw new Error(`OpenAPI: a shared schema without an id (${name}): give it .meta({ id }).`);
    if (name in named) throw new Error(`OpenAPI: the id ${name} is also a named schema.`);
    if (name in hoisted && JSON.stringify(hoisted[name]) !== JSON.stringify(schema)) throw new Error(`OpenAPI: two different schemas have the id ${name}.`);
    hoisted[name] = schema;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$defs") for (const [name, schema] of Object.entries(value as Record<string, JsonSchema>)) hoist(name, walk(schema) as JsonSchema);
      else if (key === "$ref" && typeof value === "string" && value.startsWith("#/$defs/")) out[key] = `#/components/schemas/${value.slice("#/$defs/".length)}`;
      else out[key] = walk(value);
    }
    return out;
  };
  const out = walk(document) as typeof document;
  out.components.schemas = { ...out.components.schemas, ...hoisted };
  return out;
}

export function openApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of API_OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  const document = {
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
        Event: jsonSchema(eventObjectSchema, "output"),
        EventList: jsonSchema(eventListSchema, "output"),
        WebhookEndpoint: jsonSchema(webhookEndpointObjectSchema, "output"),
        WebhookEndpointList: jsonSchema(listObjectSchema(webhookEndpointObjectSchema), "output"),
        WebhookEndpointWithSecret: jsonSchema(webhookEndpointWithSecretSchema, "output"),
        DeletedWebhookEndpoint: jsonSchema(deletedEndpointObjectSchema, "output"),
        LedgerEntry: jsonSchema(ledgerEntryObjectSchema, "output"),
        LedgerEntryList: jsonSchema(ledgerEntryListSchema, "output"),
        WithdrawBatchList: jsonSchema(batchListSchema, "output"),
      } as Record<string, JsonSchema>,
    },
  };
  return hoistDefs(document);
}

