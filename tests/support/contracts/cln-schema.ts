// Core Lightning's answers over CLNRest checked against its own definitions (tests/fixtures/node-apis/cln/,
// ElementsProject/lightning at 090f4b0e):
//   doc_schemas_<method>.json: the request and response JSON Schemas of each RPC method, with CLN's own types
//     (hash, secret, pubkey, msat, u64, …; doc/rpc-schema-draft.json lists them);
//   common_jsonrpc_errors.h: every RPC error code an error answer may carry;
//   plugins_rest-plugin_src_handlers.rs / _shared.rs: 201 with the result, 404 for an unknown method (-32601),
//     500 with the RPC error otherwise, 403 for a missing rune (1501), 401 for a rune checkrune refuses.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Contract, Exchange } from "../fake-lightning";

export type JsonSchema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  deprecated?: string[];
};
export type MethodSchema = { rpc: string; deprecated?: string[]; request: JsonSchema; response: JsonSchema; errors?: string[] };

const FIXTURES = path.join(process.cwd(), "tests/fixtures/node-apis/cln");

export function clnMethodSchema(method: string): MethodSchema | undefined {
  try {
    return JSON.parse(readFileSync(path.join(FIXTURES, `doc_schemas_${method}.json`), "utf8")) as MethodSchema;
  } catch {
    return undefined;
  }
}

/** The error codes defined in common_jsonrpc_errors.h (`NAME = code,`). */
export const CLN_ERROR_CODES: ReadonlyMap<number, string> = new Map(
  [...readFileSync(path.join(FIXTURES, "common_jsonrpc_errors.h"), "utf8").matchAll(/^\s*([A-Z0-9_]+)\s*=\s*(-?\d+)\s*,?/gm)].map((m) => [Number(m[2]), m[1]]),
);

const hex = (bytes?: number) => (v: unknown) => typeof v === "string" && (bytes ? new RegExp(`^[0-9a-f]{${bytes * 2}}$`) : /^(?:[0-9a-f]{2})*$/).test(v);
const uint = (max: number) => (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;

// The types of doc/rpc-schema-draft.json that the checked methods use, as CLN writes them in JSON.
const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  number: (v) => typeof v === "number",
  integer: (v) => Number.isInteger(v),
  object: (v) => !!v && typeof v === "object" && !Array.isArray(v),
  array: Array.isArray,
  hex: hex(),
  hash: hex(32),
  secret: hex(32),
  txid: hex(32),
  pubkey: (v) => typeof v === "string" && /^0[23][0-9a-f]{64}$/.test(v),
  u8: uint(0xff),
  u16: uint(0xffff),
  u32: uint(0xffffffff),
  u64: uint(Number.MAX_SAFE_INTEGER),
  msat: uint(Number.MAX_SAFE_INTEGER),
  sat: uint(Number.MAX_SAFE_INTEGER),
  msat_or_any: (v) => v === "any" || uint(Number.MAX_SAFE_INTEGER)(v),
  short_channel_id: (v) => typeof v === "string" && /^\d+x\d+x\d+$/.test(v),
};

/** JSON Schema (the keywords CLN's schemas use: type, enum, properties, required, additionalProperties, items, allOf, oneOf, if/then/else, min/maxLength). */
export function checkSchema(schema: JsonSchema, value: unknown, at = "$"): string[] {
  const problems: string[] = [];
  if (schema.type !== undefined) {
    const test = TYPES[schema.type];
    if (!test) return [`${at}: the schema has type ${schema.type}, which this check does not know`];
    if (!test(value)) return [`${at}: ${JSON.stringify(value)} is not of type ${schema.type}`];
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => problems.push(...checkSchema(schema.items!, item, `${at}[${i}]`)));
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${at}.${key}: required, missing`);
    for (const [key, field] of Object.entries(record)) {
      const known = schema.properties?.[key];
      if (known) problems.push(...checkSchema(known, field, `${at}.${key}`));
      // CLN's schemas mark every object that may carry more with `additionalProperties: true`; one with
      // properties and no mark is closed, as for xpay's response.
      else if (schema.additionalProperties === false || (schema.additionalProperties === undefined && schema.properties)) problems.push(`${at}.${key}: not allowed here`);
    }
  }
  for (const part of schema.allOf ?? []) problems.push(...checkSchema(part, value, at));
  if (schema.oneOf && schema.oneOf.filter((part) => checkSchema(part, value, at).length === 0).length !== 1) {
    problems.push(`${at}: ${JSON.stringify(value)} matches not exactly one of its alternatives`);
  }
  if (schema.if) {
    const branch = checkSchema(schema.if, value, at).length === 0 ? schema.then : schema.else;
    if (branch) problems.push(...checkSchema(branch, value, at));
  }
  return problems;
}

/** The codes a method's schema documents in its `errors` ("- 205: …"), besides -32602 (invalid parameters) that every method may answer. */
export function documentedErrors(schema: MethodSchema): number[] {
  return (schema.errors ?? []).flatMap((line) => [...line.matchAll(/^- (-?\d+):/g)].map((m) => Number(m[1])));
}

const rpcErrorShape: JsonSchema = {
  type: "object",
  required: ["code", "message"],
  additionalProperties: false,
  properties: { code: { type: "integer" }, message: { type: "string" }, data: {} },
};

export const clnContract: Contract = (exchange: Exchange) => {
  if (!exchange.complete) return { violations: [], checks: 0 };
  let body: unknown;
  try {
    body = JSON.parse(exchange.body);
  } catch {
    return { violations: [`not JSON: ${exchange.body.slice(0, 80)}`], checks: 1 };
  }
  const method = new URL(exchange.path, "http://x").pathname.replace(/^\/v1\//, "");
  const schema = clnMethodSchema(method);
  const violations: string[] = [];
  if (exchange.status === 201) {
    if (!schema) return { violations: [`a result for ${method}, which has no vendored schema`], checks: 1 };
    violations.push(...checkSchema(schema.response, body));
  } else if ([401, 403, 404, 500].includes(exchange.status)) {
    violations.push(...checkSchema(rpcErrorShape, body));
    const code = (body as { code?: number }).code;
    if (typeof code === "number" && !CLN_ERROR_CODES.has(code)) violations.push(`error code ${code} is not defined in common_jsonrpc_errors.h`);
    if (exchange.status === 404 && code !== -32601) violations.push(`CLNRest answers 404 only for an unknown method (-32601), not ${code}`);
    if (exchange.status === 403 && code !== 1501) violations.push(`CLNRest answers 403 only for a missing rune (1501 RUNE_NOT_AUTHORIZED), not ${code}`);
    if (exchange.status === 500 && (code === -32601 || code === 1501)) violations.push(`CLNRest does not answer ${code} with 500`);
  } else {
    violations.push(`CLNRest answers 201, 401, 403, 404 or 500, not ${exchange.status}`);
  }
  return { violations, checks: 1 };
};

/** A request checked against the method's request schema (unknown parameters refused, as lightningd's param() does). */
export function checkClnRequest(method: string, params: unknown): string[] {
  const schema = clnMethodSchema(method);
  if (!schema) return [`${method}: no vendored schema`];
  return checkSchema({ ...schema.request, type: "object", additionalProperties: false }, params, `${method} params`);
}
