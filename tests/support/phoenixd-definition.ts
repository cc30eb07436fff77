// Reads phoenixd's vendored API definition (tests/fixtures/node-apis/phoenixd/: Api.kt and JsonSerializers.kt
// of ACINQ/phoenixd 402c2eac) so that tests can hold the fake phoenixd and the adapter's shapes to it: the
// JSON fields of each ApiType class, and each route's method, line, form parameters and required access.
import { readFileSync } from "node:fs";
import path from "node:path";

const folder = path.resolve(import.meta.dirname, "../fixtures/node-apis/phoenixd");
export const API_KT = readFileSync(path.join(folder, "Api.kt"), "utf8");
export const JSON_SERIALIZERS_KT = readFileSync(path.join(folder, "JsonSerializers.kt"), "utf8");

/** The text from `open` (an opening bracket) to its matching close (exclusive). Brackets in strings are balanced in these files. */
function enclosed(text: string, open: number, pair: "()" | "{}"): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === pair[0]) depth++;
    else if (text[i] === pair[1] && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`no closing ${pair[1]} after offset ${open}`);
}

/** Splits a parameter list at its top-level commas. */
function topLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if ("(<[{".includes(c)) depth++;
    else if (")>]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export type KotlinField = { json: string; nullable: boolean; type: string };

/**
 * The JSON fields of an ApiType data class of JsonSerializers.kt: its constructor's `val`s, named by
 * @SerialName when there is one, without @Transient ones.
 */
export function jsonFieldsOf(className: string): KotlinField[] {
  const at = JSON_SERIALIZERS_KT.search(new RegExp(`data class ${className}\\b`));
  if (at < 0) throw new Error(`JsonSerializers.kt has no data class ${className}`);
  const open = JSON_SERIALIZERS_KT.indexOf("(", at);
  return topLevel(enclosed(JSON_SERIALIZERS_KT, open, "()"))
    .filter((p) => !p.includes("@Transient"))
    .map((p) => {
      const m = /^(?:@SerialName\("([^"]+)"\)\s*)?val (\w+): ([^=]+?)\s*(?:=.*)?$/s.exec(p);
      if (!m) throw new Error(`cannot read the parameter "${p}" of ${className}`);
      const type = m[3].trim();
      return { json: m[1] ?? m[2], nullable: type.endsWith("?"), type };
    });
}

/** Whether the class is a subclass of the sealed ApiType with a @SerialName (its `type` when responded as ApiType). */
export function serialNameOf(className: string): string | undefined {
  return new RegExp(`@SerialName\\("([^"]+)"\\)\\s*data class ${className}\\b`).exec(JSON_SERIALIZERS_KT)?.[1];
}

export type ApiRoute = { method: "GET" | "POST"; path: string; line: number; fullAccessOnly: boolean; formParameters: string[]; body: string };

const lineOf = (offset: number) => API_KT.slice(0, offset).split("\n").length;

/** Every route of Api.kt's routing block, with what its handler reads. */
export function apiRoutes(): ApiRoute[] {
  const fullAccessBlocks = [...API_KT.matchAll(/authenticate\("full-access"[^{]*\{/g)].map((m) => {
    const open = m.index + m[0].length - 1;
    return [open, open + enclosed(API_KT, open, "{}").length + 1] as const;
  });
  return [...API_KT.matchAll(/\b(get|post)\("([^"]+)"\)\s*\{/g)].map((m) => {
    const open = m.index + m[0].length - 1;
    const body = enclosed(API_KT, open, "{}");
    const names = new Set<string>();
    for (const p of body.matchAll(/formParameters(?:\.get\w*\("(\w+)"\)|\["(\w+)"\])/g)) names.add(p[1] ?? p[2]);
    if (/formParameters\.getOptionalAmount\(\)/.test(body)) ["amountSat", "sendAll"].forEach((n) => names.add(n));
    return {
      method: m[1].toUpperCase() as "GET" | "POST",
      path: m[2],
      line: lineOf(m.index),
      fullAccessOnly: fullAccessBlocks.some(([from, to]) => m.index > from && m.index < to),
      formParameters: [...names],
      body,
    };
  });
}

export function apiRoute(path: string): ApiRoute {
  const route = apiRoutes().find((r) => r.path === path);
  if (!route) throw new Error(`Api.kt has no route ${path}`);
  return route;
}

/**
 * What in one JSON answer breaks its class of JsonSerializers.kt: a field the class does not have, a field that
 * is not nullable left out, a null written (Api.kt's Json has `explicitNulls = false`: nulls are left out), or a
 * `type` other than the class's @SerialName. A NodeInfo's channels are held to Channel. Empty when it conforms.
 */
export function answerViolations(className: string, body: Record<string, unknown>): string[] {
  const violations: string[] = [];
  const fields = jsonFieldsOf(className);
  const allowed = new Set(fields.map((f) => f.json));
  const discriminator = serialNameOf(className);
  for (const key of Object.keys(body)) {
    if (key === "type") {
      if (body.type !== discriminator) violations.push(`${className}.type is ${JSON.stringify(body.type)}, not ${JSON.stringify(discriminator)}`);
    } else if (!allowed.has(key)) violations.push(`${className} has no field ${key}`);
  }
  for (const field of fields) {
    if (!field.nullable && !(field.json in body)) violations.push(`${className}.${field.json} is not nullable but missing`);
    if (field.json in body && body[field.json] === null) violations.push(`${className}.${field.json} is written as null`);
  }
  if (className === "NodeInfo" && Array.isArray(body.channels)) {
    for (const channel of body.channels as Record<string, unknown>[]) violations.push(...answerViolations("Channel", channel));
  }
  return violations;
}
