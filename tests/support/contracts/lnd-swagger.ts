// LND's REST answers checked against its own swagger definitions (tests/fixtures/node-apis/lnd/
// lnrpc_lightning.swagger.json and lnrpc_routerrpc_router.swagger.json, lightningnetwork/lnd at 90ea05d5).
// The rules, as the grpc-gateway writes proto messages: proto field names only (an unknown field is refused),
// int64/uint64 as decimal strings, `bytes` as base64, enums by name, int32 and friends as JSON numbers.
// A server-streaming call ("(streaming responses)") answers newline-delimited {"result": …} or {"error":
// rpcStatus} objects; an error before the stream started is either that wrapper or a bare rpcStatus (the
// operation's `default` response). Anything else answers `responses[status]` or `default` (rpcStatus).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Contract, Exchange } from "../fake-lightning";

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
};
type Operation = { responses: Record<string, { description?: string; schema?: Schema }> };
type Swagger = { paths: Record<string, Record<string, Operation>>; definitions: Record<string, Schema> };

const FIXTURES = path.join(process.cwd(), "tests/fixtures/node-apis/lnd");
const load = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as Swagger;
const SWAGGERS = [load("lnrpc_lightning.swagger.json"), load("lnrpc_routerrpc_router.swagger.json")];
const DEFINITIONS: Record<string, Schema> = Object.assign({}, ...SWAGGERS.map((s) => s.definitions));

const INT_STRING = /^-?\d+$/;
const UINT_STRING = /^\d+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const name = current.$ref.replace("#/definitions/", "");
    const found = DEFINITIONS[name];
    if (!found) throw new Error(`unresolved $ref ${current.$ref}`);
    current = found;
  }
  return current;
}

/** The violations of `value` against a swagger schema ($ref resolved, types, formats, enums, no unknown fields). */
export function checkSwagger(schema: Schema, value: unknown, at = "$"): string[] {
  const s = resolve(schema);
  if (s.enum) return typeof value === "string" && s.enum.includes(value) ? [] : [`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(", ")}`];
  switch (s.type) {
    case "string": {
      if (typeof value !== "string") return [`${at}: expected a string (${s.format ?? "string"}), got ${JSON.stringify(value)}`];
      if ((s.format === "int64" || s.format === "int32") && !INT_STRING.test(value)) return [`${at}: "${value}" is not an ${s.format} string`];
      if ((s.format === "uint64" || s.format === "uint32") && !UINT_STRING.test(value)) return [`${at}: "${value}" is not a ${s.format} string`];
      if (s.format === "byte" && !BASE64.test(value)) return [`${at}: "${value}" is not base64 (bytes)`];
      return [];
    }
    case "integer":
      return Number.isInteger(value) ? [] : [`${at}: expected an integer (${s.format ?? ""}), got ${JSON.stringify(value)}`];
    case "number":
      return typeof value === "number" ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
    case "array":
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      return value.flatMap((item, i) => checkSwagger(s.items ?? {}, item, `${at}[${i}]`));
    case "object":
    case undefined: {
      if (s.type === undefined && !s.properties) return []; // an untyped schema allows anything
      if (!value || typeof value !== "object" || Array.isArray(value)) return [`${at}: expected an object`];
      const problems: string[] = [];
      for (const [key, field] of Object.entries(value)) {
        const known = s.properties?.[key];
        if (known) problems.push(...checkSwagger(known, field, `${at}.${key}`));
        else if (s.additionalProperties === undefined || s.additionalProperties === false) problems.push(`${at}.${key}: not a field of this message`);
        else if (typeof s.additionalProperties === "object") problems.push(...checkSwagger(s.additionalProperties, field, `${at}.${key}`));
      }
      return problems;
    }
    default:
      return [`${at}: the definition has type ${s.type}, which this check does not know`];
  }
}

/** The swagger operation that serves `method path`, with its path template. */
export function lndOperation(method: string, urlPath: string): { template: string; operation: Operation } | undefined {
  const pathname = new URL(urlPath, "http://x").pathname;
  for (const swagger of SWAGGERS) {
    for (const [template, operations] of Object.entries(swagger.paths)) {
      const pattern = new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$");
      const operation = operations[method.toLowerCase()];
      if (operation && pattern.test(pathname)) return { template, operation };
    }
  }
  return undefined;
}

const STATUS: Schema = { $ref: "#/definitions/rpcStatus" };

function parse(text: string, at: string): { value?: unknown; problem?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: `${at}: not JSON: ${text.slice(0, 80)}` };
  }
}

export const lndContract: Contract = (exchange: Exchange) => {
  const found = lndOperation(exchange.method, exchange.path);
  // A reverse proxy's own error page in front of the node is not LND's answer (the fake's "server_error").
  if (exchange.status >= 502 && exchange.status <= 504 && !exchange.contentType.includes("json")) return { violations: [], checks: 1 };
  const ok = found?.operation.responses[String(exchange.status)];
  const streaming = ok?.description?.includes("(streaming responses)") || found?.operation.responses["200"]?.description?.includes("(streaming responses)");
  if (found && streaming) {
    const stream = found.operation.responses["200"].schema!;
    // Only whole lines: a stream cut mid-line by a closed connection is checked up to its last newline.
    const lines = exchange.body.split("\n");
    const whole = exchange.complete ? lines : lines.slice(0, -1);
    const violations: string[] = [];
    let checks = 0;
    for (const line of whole.map((l) => l.trim()).filter(Boolean)) {
      checks++;
      const parsed = parse(line, "a streamed line");
      if (parsed.problem) {
        violations.push(parsed.problem);
        continue;
      }
      const asLine = checkSwagger(stream, parsed.value);
      if (asLine.length === 0) continue;
      // Before the first message the gateway may also answer a bare rpcStatus (the `default` response).
      if (exchange.status !== 200 && checkSwagger(STATUS, parsed.value).length === 0) continue;
      violations.push(...asLine);
    }
    return { violations, checks };
  }
  if (!exchange.complete) return { violations: [], checks: 0 };
  const parsed = parse(exchange.body, "$");
  if (parsed.problem) return { violations: [parsed.problem], checks: 1 };
  // An unknown route is the gateway's NotFound, an rpcStatus like every other error.
  const schema = ok?.schema ?? (found?.operation.responses.default?.schema ?? STATUS);
  if (exchange.status === 200 && !ok) return { violations: [`no 200 answer is defined for ${exchange.method} ${exchange.path}`], checks: 1 };
  return { violations: checkSwagger(schema, parsed.value), checks: 1 };
};
