// The tenancy oracle (issue 26). The rule, for every operation of the route registry and every replay of a
// stored answer, with two merchants and each kind of API key: whatever the caller writes into the fields it
// controls (metadata, descriptors, descriptions, names, URLs, batch CSV cells, cursors and filters,
// Idempotency-Keys), here filled with the other merchant's ids and withdraw-shaped objects, the answer
//  - carries no working link, claim URL or secret of a withdraw the caller may not take: none of another
//    merchant's withdraws, and none at all for a principal the permission table refuses `withdraws.link`;
//  - carries no object of another merchant (no id of another merchant's object outside what the caller
//    wrote), nor another merchant's API key or webhook endpoint secret;
//  - gives back what the caller wrote under `metadata` exactly as written (deep-equal);
//  - and, so that the oracle is not vacuous, gives a full key a working link for each of its own withdraws
//    where the API promises one (create, retrieve, list, cancel, batch and its file).
// Every POST is sent with an Idempotency-Key, then replayed with the same key and body by the same key and by
// the merchant's other key, and each answer is held to the same rule.
//
// The oracle does not use Sluice's link code (the code under test): it takes every candidate capability out
// of the answer's text (bech32 LNURLs decoded with lnurl-node, the reference implementation; lnurlw:// and
// http(s) URLs and whatever follows /api/lnurl/w/ or /claim/; bare base64url tokens), hashes each with
// SHA-256 and asks the database which withdraw has that lnurl_secret_hash. A hit is a working link.
//
// Requests are generated with fast-check from a fixed seed (ORACLE_SEED overrides it; every failure names the
// seed, the route, the key, the step and the request). ORACLE_DEBUG=1 prints every answer's status.
// Scans and LNURL-auth sign-ins reach services on loopback; webhook endpoints are registered on loopback
// (nothing is delivered during the walk).
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiOperation } from "@/lib/api/operation";
import { API_OPERATIONS, appRouterPath } from "@/lib/api/registry";
import { allows } from "@/lib/auth/permissions";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { paymentsSettled } from "@/lib/payments/engine";
import { startFakeLnurlAuthService, type FakeLnurlAuthService } from "../support/fake-lnurl-auth-service";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

const requireFromRoot = createRequire(path.join(process.cwd(), "package.json"));
const decodeLnurl = requireFromRoot("lnurl/lib/decode") as (encoded: string) => string;
const encodeLnurl = requireFromRoot("lnurl/lib/encode") as (url: string) => string;

const SEED = Number(process.env.ORACLE_SEED ?? 26_2026);
const RUNS = 8;

type KeyPrincipal = "full_key" | "read_only_key";
const KEY_PRINCIPALS = ["full_key", "read_only_key"] as const satisfies readonly KeyPrincipal[];
const otherPrincipal = (p: KeyPrincipal): KeyPrincipal => (p === "full_key" ? "read_only_key" : "full_key");

type Party = {
  name: "A" | "B";
  shop: TestMerchant;
  /** Every webhook endpoint secret this merchant was ever answered (create and roll). */
  endpointSecrets: Set<string>;
  /** The Idempotency-Keys it has used: the other merchant sends them too. */
  idempotencyKeys: string[];
};
const keyOf = (p: Party, principal: KeyPrincipal) => (principal === "full_key" ? p.shop.key : p.shop.readOnlyKey);

let server: Awaited<ReturnType<typeof serveRoutes>>;
let authService: FakeLnurlAuthService;
let wallet: TestWallet;
let A: Party;
let B: Party;

/** What each caller wrote under `metadata` for each object it created, as the request carried it. */
const written = new Map<string, unknown>();

// ---------------------------------------------------------------------------------------------------------
// Talking to the API.

type Sent = { status: number; type: string; text: string; replayed: boolean };
type Req = { method: string; path: string; body?: string; type?: string; idempotencyKey?: string };

async function call(key: string, req: Req): Promise<Sent> {
  const res = await fetch(`${server.url}${req.path}`, {
    method: req.method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(req.body !== undefined ? { "Content-Type": req.type ?? "application/json" } : {}),
      ...(req.idempotencyKey !== undefined ? { "Idempotency-Key": req.idempotencyKey } : {}),
    },
    body: req.body,
  });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text(), replayed: res.headers.get("idempotent-replayed") === "true" };
}

const operationOf = new Map(API_OPERATIONS.map((op) => [`${op.method} ${appRouterPath(op.path)}`, op]));
const routeOfRequest = (req: Req) => {
  const pathname = req.path.split("?")[0];
  for (const [route, op] of operationOf) {
    const pattern = new RegExp(`^${appRouterPath(op.path).replace(/\[\w+\]/g, "[^/]+")}$`);
    if (req.method === op.method && pattern.test(pathname)) return route;
  }
  return undefined;
};

/** Keeps what the caller wrote for each object it created, and the webhook secrets it was answered. */
function remember(caller: Party, req: Req, sent: Sent): void {
  if (sent.status >= 300 || !sent.type.startsWith("application/json")) return;
  const route = routeOfRequest(req);
  const op = route ? operationOf.get(route) : undefined;
  const answer = JSON.parse(sent.text) as Record<string, unknown>;
  if (answer.object === "webhook_endpoint" && typeof answer.secret === "string") caller.endpointSecrets.add(answer.secret);
  if (req.method !== "POST" || sent.status !== 201 || typeof answer.id !== "string") return;
  if (op?.body instanceof z.ZodObject && "metadata" in op.body.shape && !written.has(answer.id)) {
    written.set(answer.id, (JSON.parse(req.body ?? "{}") as { metadata?: unknown }).metadata ?? null);
  }
  // A batch's withdraws come from CSV rows, which have no metadata.
  if (Array.isArray(answer.withdraws)) for (const w of answer.withdraws as { id: string }[]) if (!written.has(w.id)) written.set(w.id, null);
}

async function send(caller: Party, principal: KeyPrincipal, req: Req): Promise<Sent> {
  const sent = await call(keyOf(caller, principal), req);
  if (req.idempotencyKey !== undefined && !caller.idempotencyKeys.includes(req.idempotencyKey)) caller.idempotencyKeys.push(req.idempotencyKey);
  remember(caller, req, sent);
  return sent;
}

async function created(caller: Party, req: Req): Promise<Record<string, unknown> & { id: string }> {
  const sent = await send(caller, "full_key", req);
  expect(sent.status, `${req.method} ${req.path}: ${sent.text}`).toBeLessThan(300);
  return JSON.parse(sent.text) as Record<string, unknown> & { id: string };
}

// ---------------------------------------------------------------------------------------------------------
// The database's view: which withdraw a secret opens, who owns an id, what a merchant owns.

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The withdraws whose lnurl_secret_hash is the SHA-256 of one of `secrets`, by that hash. */
async function withdrawsOpenedBy(secrets: Iterable<string>): Promise<Map<string, { id: string; merchantId: string }>> {
  const hashes = [...new Set([...secrets].map(sha256))];
  if (hashes.length === 0) return new Map();
  const { rows } = await pool().query<{ id: string; merchant_id: string; lnurl_secret_hash: string }>(
    "SELECT id, merchant_id, lnurl_secret_hash FROM withdraws WHERE lnurl_secret_hash = ANY($1::text[])",
    [hashes],
  );
  return new Map(rows.map((r) => [r.lnurl_secret_hash, { id: r.id, merchantId: r.merchant_id }]));
}

const OWNED_TABLES = ["users", "withdraws", "withdraw_payments", "ledger_entries", "deposits", "events", "api_keys", "exports", "webhook_endpoints", "webhook_deliveries", "payouts", "withdraw_batches", "lnurl_auth_logins", "security_events"];
const OWNERS_SQL = ["SELECT id, id AS merchant_id FROM merchants WHERE id = ANY($1::text[])", ...OWNED_TABLES.map((t) => `SELECT id, merchant_id FROM ${t} WHERE id = ANY($1::text[])`)].join(" UNION ALL ");

/** The merchant owning each of `ids` that the database knows. */
async function ownersOf(ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const { rows } = await pool().query<{ id: string; merchant_id: string | null }>(OWNERS_SQL, [list]);
  return new Map(rows.filter((r) => r.merchant_id !== null).map((r) => [r.id, r.merchant_id!]));
}

const KIND_TABLES = {
  withdraw: "withdraws",
  withdrawBatch: "withdraw_batches",
  payout: "payouts",
  deposit: "deposits",
  event: "events",
  webhookEndpoint: "webhook_endpoints",
  ledgerEntry: "ledger_entries",
  lnurlAuthLogin: "lnurl_auth_logins",
  apiKey: "api_keys",
} as const;
type Kind = keyof typeof KIND_TABLES;
type Ids = Record<Kind, string[]> & { merchant: string; all: string[] };

/** Everything a merchant owns, newest first by kind (ids are time-ordered). */
async function idsOf(merchantId: string): Promise<Ids> {
  const sql = Object.entries(KIND_TABLES)
    .map(([kind, table]) => `SELECT '${kind}' AS kind, id FROM ${table} WHERE merchant_id = $1`)
    .join(" UNION ALL ");
  const { rows } = await pool().query<{ kind: Kind; id: string }>(`${sql} ORDER BY id DESC`, [merchantId]);
  const ids = Object.fromEntries(Object.keys(KIND_TABLES).map((k) => [k, [] as string[]])) as Record<Kind, string[]>;
  for (const r of rows) ids[r.kind].push(r.id);
  return { ...ids, merchant: merchantId, all: [merchantId, ...rows.map((r) => r.id)] };
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const ID_PREFIX: Record<Kind, string> = { withdraw: "wi", withdrawBatch: "wb", payout: "po", deposit: "dep", event: "evt", webhookEndpoint: "we", ledgerEntry: "le", lnurlAuthLogin: "lal", apiKey: "key" };
const unknownId = (kind: Kind, pick: number) => `${ID_PREFIX[kind]}_${Array.from({ length: 26 }, (_, i) => ALPHABET[(pick * 7 + i * 13) % 32]).join("")}`;

// ---------------------------------------------------------------------------------------------------------
// The oracle.

/** An id of Sluice's form (prefix_ + 26 base32 characters). */
const ID_LIKE = /^[a-z]{2,4}_[0-9a-z]{26}$/;
/**
 * Fields whose strings the caller wrote (or that echo what it sent, as an error's message does): another
 * merchant's id there is the caller's own text, not a Sluice object. `metadata` is compared whole instead.
 */
const CALLER_WRITTEN = new Set(["statement_descriptor", "description", "file_name", "comment", "descriptor", "note", "message", "url"]);

const BECH32_LNURL = /lnurl1[02-9ac-hj-np-z]{6,}/gi;
const LINK_PATH = /\/(?:api\/lnurl\/w|claim)\/([^/?#&"'\s,;<>\\]+)/gi;
const TOKEN = /[A-Za-z0-9_-]{20,}/g;

/** Every string in the answer that could be a withdraw's secret, with where it was found (first place wins). */
function candidateSecrets(places: { where: string; text: string }[]): Map<string, string> {
  const found = new Map<string, string>();
  const add = (secret: string, where: string) => {
    for (const s of [secret, safeDecode(secret)]) if (s && !found.has(s)) found.set(s, where);
  };
  const scan = (text: string, where: string) => {
    for (const [, segment] of text.matchAll(LINK_PATH)) add(segment, where);
    for (const [token] of text.matchAll(TOKEN)) add(token, where);
  };
  for (const { where, text } of places) {
    for (const form of new Set([text, text.replace(/\\\//g, "/"), safeDecode(text)])) {
      scan(form, where);
      for (const [lnurl] of form.matchAll(BECH32_LNURL)) {
        try {
          scan(decodeLnurl(lnurl.toLowerCase()), `${where} (in the bech32 LNURL ${lnurl.slice(0, 16)}…)`);
        } catch {
          // Not valid bech32: nothing a wallet would open.
        }
      }
    }
  }
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%2f/gi, "/");
  }
}

type Findings = {
  places: { where: string; text: string }[];
  refs: { where: string; id: string }[];
  metadata: { where: string; id: string; actual: unknown }[];
  /** Withdraws as Sluice produced them (outside what the caller wrote), with their text but for metadata. */
  withdraws: { where: string; id: string; text: string }[];
};

function walkJson(value: unknown, where: string, out: Findings, skipRefs = false): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkJson(item, `${where}[${i}]`, out, skipRefs));
  } else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (!skipRefs && typeof object.id === "string") {
      if ("metadata" in object) out.metadata.push({ where: `${where}.metadata`, id: object.id, actual: object.metadata });
      if (object.object === "withdraw") out.withdraws.push({ where, id: object.id, text: JSON.stringify({ ...object, metadata: null }) });
    }
    for (const [key, item] of Object.entries(object)) {
      out.places.push({ where: `${where} key`, text: key });
      // What the caller wrote: compared whole (metadata) or its own text (CALLER_WRITTEN), never a Sluice object.
      walkJson(item, `${where}.${key}`, out, skipRefs || key === "metadata" || (CALLER_WRITTEN.has(key) && typeof item === "string"));
    }
  } else if (typeof value === "string") {
    out.places.push({ where, text: value });
    if (!skipRefs && ID_LIKE.test(value)) out.refs.push({ where, id: value });
  }
}

function findings(sent: Sent): Findings {
  const out: Findings = { places: [], refs: [], metadata: [], withdraws: [] };
  if (sent.type.includes("json") && !sent.type.includes("ndjson")) {
    try {
      walkJson(JSON.parse(sent.text), "answer", out);
    } catch {
      // Not JSON after all: the text itself is scanned below.
    }
  } else if (sent.type.includes("ndjson")) {
    sent.text.split("\n").forEach((line, i) => line.trim() && walkJson(JSON.parse(line), `line ${i + 1}`, out));
  } else if (sent.type.includes("csv")) {
    const rows = parseCsv(sent.text, { bom: true, relax_column_count: true }) as string[][];
    const header = rows[0] ?? [];
    rows.slice(1).forEach((row, r) => {
      const cell = (name: string) => row[header.indexOf(name)];
      row.forEach((text, c) => {
        const where = `row ${r + 1} ${header[c] ?? c}`;
        out.places.push({ where, text });
        if (header[c] === "metadata") out.metadata.push({ where, id: cell("id"), actual: text === "" ? null : (JSON.parse(text) as unknown) });
        else if (!CALLER_WRITTEN.has(header[c]) && header[c] !== "statement_descriptor" && ID_LIKE.test(text)) out.refs.push({ where, id: text });
      });
      if (header.includes("withdraw_id") && header.includes("lnurl")) {
        out.withdraws.push({ where: `row ${r + 1}`, id: cell("withdraw_id"), text: row.filter((_, c) => header[c] !== "descriptor").join(",") });
      }
    });
  }
  out.places.push({ where: "answer text", text: sent.text });
  return out;
}

/** Operations where the API promises a full key the working links of the caller's own withdraws. */
const LINKS_PROMISED = new Set(["createWithdraw", "listWithdraws", "retrieveWithdraw", "cancelWithdraw", "createWithdrawBatch", "retrieveWithdrawBatch", "downloadWithdrawBatch"]);

const brief = (value: unknown, max = 160) => {
  const text = value === undefined ? "(nothing)" : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/** Where two JSON values first differ (key order aside), or null when they are equal. */
function firstDifference(wrote: unknown, got: unknown, at = ""): string | null {
  if (isDeepStrictEqual(wrote, got)) return null;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
  if (isObject(wrote) && isObject(got) && Array.isArray(wrote) === Array.isArray(got)) {
    for (const key of new Set([...Object.keys(wrote), ...Object.keys(got)])) {
      const difference = firstDifference(wrote[key], got[key], `${at}.${key}`);
      if (difference) return difference;
    }
  }
  return `at ${at || "its top"} wrote ${brief(wrote)}, got ${brief(got)}`;
}

/** The oracle: every way `sent` breaks the rule for this caller, as messages naming what leaked and where. */
async function violations(op: ApiOperation, principal: KeyPrincipal, caller: Party, other: Party, sent: Sent, context: string): Promise<string[]> {
  const out: string[] = [];
  const found = findings(sent);
  const secrets = candidateSecrets(found.places);
  const opened = await withdrawsOpenedBy(secrets.keys());
  const mayLink = allows(principal, "withdraws.link");
  const seen = new Set<string>();
  for (const [secret, where] of secrets) {
    const w = opened.get(sha256(secret));
    if (!w || seen.has(w.id)) continue;
    seen.add(w.id);
    if (w.merchantId !== caller.shop.merchantId) out.push(`${context}: a working link of withdraw ${w.id} of merchant ${w.merchantId} (not the caller's) at ${where}`);
    else if (!mayLink) out.push(`${context}: a working link of its own withdraw ${w.id} at ${where}, but ${principal} may not receive links`);
  }

  for (const secret of [other.shop.key, other.shop.readOnlyKey]) if (sent.text.includes(secret)) out.push(`${context}: the other merchant's API key ${secret.slice(0, 12)}…`);
  for (const secret of other.endpointSecrets) if (sent.text.includes(secret)) out.push(`${context}: the other merchant's webhook endpoint secret ${secret.slice(0, 12)}…`);

  const owners = await ownersOf(found.refs.map((r) => r.id));
  for (const { where, id } of found.refs) {
    const owner = owners.get(id);
    if (owner !== undefined && owner !== caller.shop.merchantId) out.push(`${context}: ${where} = ${id}, an object of merchant ${owner} (not the caller's)`);
  }

  for (const { where, id, actual } of found.metadata) {
    if (!written.has(id)) continue;
    const difference = firstDifference(written.get(id), actual);
    if (difference) out.push(`${context}: ${where} of ${id} is not what the caller wrote: ${difference}`);
  }

  if (LINKS_PROMISED.has(op.operationId) && mayLink && sent.status < 300) {
    for (const w of found.withdraws) {
      if (owners.get(w.id) !== undefined && owners.get(w.id) !== caller.shop.merchantId) continue; // reported above
      const own = [...candidateSecrets([{ where: w.where, text: w.text }]).keys()].some((s) => opened.get(sha256(s))?.id === w.id);
      if (!own) out.push(`${context}: its own withdraw ${w.id} at ${w.where} came without a working link, which the API promises a full key here`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Generated requests.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Target = { who: "own" | "other" | "other-any-kind" | "unknown" | "fresh"; pick: number };
type Draw = {
  callerIsA: boolean;
  target: Target;
  metadata: Record<string, Json> | undefined;
  /** A descriptor, description or name the caller writes. */
  text: string;
  texts: string[];
  /** A URL the caller writes (a webhook endpoint's, a sign-in link's extra query). */
  urlPart: string;
  flag: boolean;
  num: number;
  query: Record<string, string>;
  idempotencyKey: { shared: boolean; prefix: string; pick: number };
  code: { kind: "invoice" | "lnurl-http" | "lnurlw" | "address" | "id"; pick: number };
  /** An id of the other merchant, for the builders that write one somewhere else. */
  otherId: string;
};

/** The kind of object a path's {id} (or a list's cursor) names, by the path segment before it. */
const SEGMENT_KIND: Record<string, Kind> = {
  withdraws: "withdraw",
  batches: "withdrawBatch",
  payouts: "payout",
  deposits: "deposit",
  events: "event",
  webhook_endpoints: "webhookEndpoint",
  ledger_entries: "ledgerEntry",
  lnurlauth: "lnurlAuthLogin",
};
function pathKind(op: ApiOperation): Kind | undefined {
  const segments = op.path.split("/");
  const at = segments.indexOf("{id}");
  return SEGMENT_KIND[at > 0 ? segments[at - 1] : segments[segments.length - 1]];
}

function queryKeys(op: ApiOperation): string[] {
  return op.query instanceof z.ZodObject ? Object.keys(op.query.shape) : [];
}

/** The values a query parameter takes when its schema lists them (statuses, kinds, formats, event types). */
function queryEnums(op: ApiOperation): Record<string, string[]> {
  if (!op.query) return {};
  const schema = z.toJSONSchema(op.query, { io: "output", unrepresentable: "any" }) as { properties?: Record<string, { enum?: unknown[] }> };
  return Object.fromEntries(Object.entries(schema.properties ?? {}).flatMap(([name, p]) => (p.enum ? [[name, p.enum.map(String)]] : [])));
}

/** The fields a caller controls, filled with the other merchant's ids and withdraw-shaped objects. */
function drawArbitrary(op: ApiOperation, callerIsA: boolean, me: Ids, other: Ids): fc.Arbitrary<Draw> {
  const pickOf = (ids: string[]) => (ids.length > 0 ? fc.constantFrom(...ids) : fc.constant(unknownId("withdraw", 1)));
  const otherId = pickOf(other.all);
  const withdrawId = fc.oneof({ weight: 4, arbitrary: pickOf(other.withdraw) }, { weight: 1, arbitrary: pickOf(me.withdraw) });
  const key = fc.oneof(fc.constantFrom("order", "x", "object", "id", "withdraw", "data", "links", "account_id", "lnurl"), fc.string({ minLength: 1, maxLength: 10 })).filter((k) => k !== "__proto__");
  const shaped: fc.Arbitrary<Json> = fc.record(
    {
      object: fc.constant("withdraw"),
      id: withdrawId,
      withdraw_methods_options: fc.constantFrom<Json>({ lnurl: {} }, { lnurl: { withdraw_request: null, lightning_uri: null, lnurlw: null, claim_url: null } }, { lnurl: { id: "x" } }),
      status: fc.constantFrom("paid", "unpaid", "processing", "cancelled", "expired"),
      paid_withdraw_request: fc.constant(null),
      account_id: fc.constantFrom(other.merchant, me.merchant),
      amount: fc.constantFrom("1", "100000"),
    },
    { requiredKeys: ["object", "id", "withdraw_methods_options"] },
  );
  const leaf: fc.Arbitrary<Json> = fc.oneof(otherId, fc.string({ maxLength: 8 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.boolean(), fc.constant(null));
  const { tree } = fc.letrec<{ tree: Json; list: Json[]; record: Record<string, Json> }>((tie) => ({
    tree: fc.oneof({ depthSize: "small", maxDepth: 3 }, leaf, shaped, tie("list"), tie("record")),
    list: fc.array(tie("tree"), { maxLength: 3 }),
    record: fc.dictionary(key, tie("tree"), { maxKeys: 3 }),
  }));
  // A withdraw-shaped object at a random depth: as it is, in an array, under a key, several levels down.
  const nested: fc.Arbitrary<Json> = fc
    .tuple(shaped, fc.array(fc.oneof(fc.constant<null | string>(null), key), { maxLength: 4 }))
    .map(([s, wraps]) => wraps.reduce<Json>((inner, wrap) => (wrap === null ? [inner] : { [wrap]: inner }), s));
  const metadata: fc.Arbitrary<Record<string, Json> | undefined> = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.dictionary(key, tree, { maxKeys: 3 }), key, nested).map(([rest, k, n]) => ({ ...(JSON.parse(JSON.stringify(rest)) as Record<string, Json>), [k]: n })) },
    { weight: 2, arbitrary: shaped.map((s) => s as Record<string, Json>) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const text = fc.oneof(otherId, fc.tuple(fc.string({ maxLength: 6 }), otherId).map(([a, id]) => `${a} ${id}`), shaped.map((s) => JSON.stringify(s).slice(0, 140)));
  const kind = pathKind(op);
  // Each query parameter, now and then: a cursor or an object filter names the other merchant's object (or
  // the caller's own), a parameter with a fixed set of values takes one of them (from the schema), and any
  // other parameter, written by the caller, carries the other merchant's id.
  const enums = queryEnums(op);
  const queryValue = (name: string): fc.Arbitrary<string> => {
    if (name === "starting_after" || name === "ending_before") return kind ? fc.oneof(pickOf(other[kind]), pickOf(me[kind]), otherId) : otherId;
    if (name === "withdraw" || name === "payout" || name === "deposit") return fc.oneof(pickOf(other[name]), pickOf(me[name]));
    if (name === "limit") return fc.constantFrom("1", "3", "100");
    if (name === "file_name") return text;
    if (enums[name]) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...enums[name]) }, { weight: 1, arbitrary: otherId });
    return otherId;
  };
  const sometimes = (name: string) => {
    // The weight of leaving it out, against 1 for sending it.
    const absent = name === "format" || name === "file_name" ? 1 : enums[name] || name === "limit" || name === "withdraw" || name === "payout" || name === "deposit" ? 2 : 12;
    return fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: queryValue(name) });
  };
  const names = queryKeys(op);
  const cursors: string[] = names.filter((n) => n === "starting_after" || n === "ending_before");
  const query = fc
    .tuple(
      fc.record(Object.fromEntries(names.filter((n) => !cursors.includes(n)).map((n) => [n, sometimes(n)]))),
      cursors.length > 0 ? fc.option(fc.tuple(fc.constantFrom(...cursors), queryValue(cursors[0])), { nil: undefined, freq: 2 }) : fc.constant(undefined),
    )
    .map(([plain, cursor]) => {
      const q: Record<string, string> = {};
      for (const [k, v] of Object.entries(plain)) if (typeof v === "string") q[k] = v;
      if (cursor) q[cursor[0]] = cursor[1];
      return q;
    });
  return fc.record({
    callerIsA: fc.constant(callerIsA),
    target: fc.record({
      who: fc.oneof(
        { weight: 3, arbitrary: fc.constant("own" as const) },
        { weight: 1, arbitrary: fc.constant("fresh" as const) },
        { weight: 2, arbitrary: fc.constant("other" as const) },
        { weight: 1, arbitrary: fc.constantFrom("other-any-kind" as const, "unknown" as const) },
      ),
      pick: fc.nat({ max: 20 }),
    }),
    metadata,
    text,
    texts: fc.array(text, { minLength: 1, maxLength: 3 }),
    urlPart: fc.oneof(otherId, withdrawId),
    flag: fc.boolean(),
    num: fc.nat({ max: 7 * 24 * 60 * 60 }),
    query,
    idempotencyKey: fc.record({ shared: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), prefix: fc.oneof(otherId, fc.stringMatching(/^[!-~]{1,20}$/)), pick: fc.nat() }),
    code: fc.record({ kind: fc.constantFrom("invoice", "lnurl-http", "lnurlw", "address", "id"), pick: fc.nat() }),
    otherId,
  });
}

type Run = { caller: Party; other: Party; me: Ids; them: Ids; draw: Draw };

/** For every operation of the registry (by "METHOD /app/router/path"): its body, from the caller's draw. */
const BODIES: Record<string, (run: Run) => Pick<Req, "body" | "type"> | Promise<Pick<Req, "body" | "type">>> = {
  "GET /api/v1/withdraws": () => ({}),
  "POST /api/v1/withdraws": ({ draw }) => ({ body: JSON.stringify({ amount: "100", currency: "SATS", statement_descriptor: draw.text.slice(0, 140), metadata: draw.metadata }) }),
  "GET /api/v1/withdraws/[id]": () => ({}),
  "POST /api/v1/withdraws/[id]/cancel": () => ({}),
  "POST /api/v1/withdraws/batch": ({ draw }) => ({
    type: "text/csv",
    body: `amount,currency,descriptor\n${draw.texts.map((t) => `100,SATS,"${t.slice(0, 140).replace(/"/g, '""')}"`).join("\n")}\n`,
  }),
  "GET /api/v1/withdraws/batches": () => ({}),
  "GET /api/v1/withdraws/batches/[id]": () => ({}),
  "GET /api/v1/withdraws/batches/[id]/csv": () => ({}),
  "POST /api/v1/payouts": ({ draw }) => ({ body: JSON.stringify({ ln_invoice: wallet.invoice(5_000n), statement_descriptor: draw.text.slice(0, 140), metadata: draw.metadata }) }),
  "GET /api/v1/payouts": () => ({}),
  "GET /api/v1/payouts/[id]": () => ({}),
  "POST /api/v1/deposits": ({ draw, them }) => ({
    body: JSON.stringify({
      amount: 1,
      metadata: draw.metadata,
      // Now and then a link to pull from: the other merchant's withdraw id where a secret would be.
      ...(draw.flag && draw.num % 4 === 0 ? { lnurl: `lnurlw://127.0.0.1:1/api/lnurl/w/${them.withdraw[0]}` } : {}),
    }),
  }),
  "GET /api/v1/deposits": () => ({}),
  "GET /api/v1/deposits/[id]": () => ({}),
  "GET /api/v1/lnurlscan/[code]": () => ({}),
  "POST /api/v1/lnurlauth": ({ draw }) => ({ body: JSON.stringify({ callback: authService.loginUrl({ extra: `&ref=${encodeURIComponent(draw.urlPart)}` }) }) }),
  "GET /api/v1/lnurlauth": () => ({}),
  "GET /api/v1/balance": () => ({}),
  "GET /api/v1/exports/withdraws": () => ({}),
  "GET /api/v1/exports/ledger": () => ({}),
  "GET /api/v1/exports/statement": () => ({}),
  "GET /api/v1/events": () => ({}),
  "GET /api/v1/events/[id]": () => ({}),
  "POST /api/v1/webhook_endpoints": ({ draw }) => ({
    body: JSON.stringify({ url: `http://127.0.0.1:9/hook/${draw.urlPart}?ref=${draw.otherId}`, description: draw.text.slice(0, 200), events: ["withdraw.paid"], enabled: draw.flag }),
  }),
  "GET /api/v1/webhook_endpoints": () => ({}),
  "GET /api/v1/webhook_endpoints/[id]": () => ({}),
  "POST /api/v1/webhook_endpoints/[id]": ({ draw }) => ({
    body: JSON.stringify(draw.flag ? { description: draw.text.slice(0, 200), url: `http://127.0.0.1:9/hook/${draw.urlPart}` } : { enabled: draw.num % 2 === 0 }),
  }),
  "POST /api/v1/webhook_endpoints/[id]/roll_secret": ({ draw }) => ({ body: JSON.stringify(draw.flag ? { expires_in_seconds: draw.num } : {}) }),
  "DELETE /api/v1/webhook_endpoints/[id]": () => ({}),
  "GET /api/v1/ledger_entries": () => ({}),
};

/** A new object of the caller's to act on (a withdraw to cancel, an endpoint to delete), made with its full key. */
async function fresh(kind: Kind, run: Run): Promise<string> {
  if (kind === "withdraw") return (await created(run.caller, { method: "POST", path: "/api/v1/withdraws", body: JSON.stringify({ amount: "100", currency: "SATS", metadata: run.draw.metadata }) })).id;
  if (kind === "webhookEndpoint") {
    return (await created(run.caller, { method: "POST", path: "/api/v1/webhook_endpoints", body: JSON.stringify({ url: `http://127.0.0.1:9/fresh/${run.draw.urlPart}`, events: ["withdraw.paid"] }) })).id;
  }
  const own = (await idsOf(run.caller.shop.merchantId))[kind];
  return own[run.draw.target.pick % own.length];
}

async function code(run: Run): Promise<string> {
  const id = run.them.withdraw[run.draw.code.pick % run.them.withdraw.length];
  switch (run.draw.code.kind) {
    case "invoice":
      return wallet.invoice(1_000n);
    case "lnurl-http":
      return encodeLnurl(`${server.url}/api/lnurl/w/${id}`);
    case "lnurlw":
      return `lnurlw://${new URL(server.url).host}/api/lnurl/w/${id}`;
    case "address":
      return `${id}@${new URL(server.url).host}`;
    case "id":
      return id;
  }
}

type Resolved = { req: Req; namesOther: string | null };

async function request(op: ApiOperation, run: Run): Promise<Resolved> {
  const route = `${op.method} ${appRouterPath(op.path)}`;
  let namesOther: string | null = null;
  let path = op.path;
  if (path.includes("{id}")) {
    const kind = pathKind(op);
    if (!kind) throw new Error(`${route}: no kind known for its {id}; add its path segment to SEGMENT_KIND`);
    const { who, pick } = run.draw.target;
    const from = (ids: string[]) => ids[pick % ids.length];
    let id: string;
    if (who === "own") id = from((await idsOf(run.caller.shop.merchantId))[kind]);
    else if (who === "other") id = from((await idsOf(run.other.shop.merchantId))[kind]);
    else if (who === "other-any-kind") id = from(run.them.all);
    else if (who === "unknown") id = unknownId(kind, pick);
    else id = await fresh(kind, run);
    if (who === "other" || who === "other-any-kind") namesOther = id;
    path = path.replace("{id}", id);
  }
  if (path.includes("{code}")) path = path.replace("{code}", encodeURIComponent(await code(run)));
  const query = new URLSearchParams(run.draw.query).toString();
  const body = await BODIES[route](run);
  return { req: { method: op.method, path: query ? `${path}?${query}` : path, ...body }, namesOther };
}

// ---------------------------------------------------------------------------------------------------------
// What the walk covered, for the last test.

type Coverage = { requests: number; answered2xx: number; replaysServed: number; principals: Set<KeyPrincipal> };
const coverage = new Map<string, Coverage>();
let idempotencyCounter = 0;

async function exercise(op: ApiOperation, principal: KeyPrincipal, draw: Draw, out: string[]): Promise<void> {
  const route = `${op.method} ${appRouterPath(op.path)}`;
  const [caller, other] = draw.callerIsA ? [A, B] : [B, A];
  const run: Run = { caller, other, me: await idsOf(caller.shop.merchantId), them: await idsOf(other.shop.merchantId), draw };
  const { req, namesOther } = await request(op, run);
  if (op.method === "POST") {
    // Now and then a key the other merchant has stored an answer under (and the caller never used): keys
    // belong to their merchant, so this runs as the caller's own first request.
    const theirs = other.idempotencyKeys.filter((k) => !caller.idempotencyKeys.includes(k));
    const shared = theirs.length > 0 && draw.idempotencyKey.shared;
    req.idempotencyKey = shared ? theirs[draw.idempotencyKey.pick % theirs.length] : `${draw.idempotencyKey.prefix}.${++idempotencyCounter}`;
  }
  const stats = coverage.get(route) ?? { requests: 0, answered2xx: 0, replaysServed: 0, principals: new Set() };
  coverage.set(route, stats);
  stats.principals.add(principal);
  const shown = `${req.method} ${req.path}${req.idempotencyKey ? ` [Idempotency-Key ${req.idempotencyKey}]` : ""}${req.body ? ` body ${brief(req.body, 400)}` : ""}`;

  // The first run, then (for a POST) the replay by the same key and by the merchant's other key.
  const steps: { who: KeyPrincipal; step: string }[] = [{ who: principal, step: "first" }];
  if (op.method === "POST") steps.push({ who: principal, step: "replay" }, { who: otherPrincipal(principal), step: `same key again, by ${otherPrincipal(principal)}` });
  for (const { who, step } of steps) {
    const sent = await send(caller, who, req);
    stats.requests++;
    if (sent.status < 300) stats.answered2xx++;
    if (sent.replayed) stats.replaysServed++;
    if (process.env.ORACLE_DEBUG) console.log(`DEBUG ${route} ${who} ${step} ${sent.status} ${sent.text.slice(0, 200)}`);
    const context = `${route} as ${who} of merchant ${caller.name} (${step})`;
    // A 5xx the operation documents (a service it reaches for is down: 502) is an answer; any other is a crash.
    expect(sent.status < 500 || op.errors.includes(sent.status), `${context}: ${sent.status} ${sent.text}\n    request: ${shown}`).toBe(true);
    const found = await violations(op, who, caller, other, sent, context);
    if (namesOther !== null && sent.status < 300) found.push(`${context}: answered ${sent.status} to a request naming ${namesOther}, the other merchant's object`);
    out.push(...found.map((v) => `${v}\n    request: ${shown}`));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Two merchants with one of every object, each one's metadata carrying the other's withdraw.

const shapedCopy = (withdrawId: string) => ({ order: withdrawId, copy: { object: "withdraw", id: withdrawId, withdraw_methods_options: { lnurl: {} }, status: "paid", paid_withdraw_request: null } });

async function furnish(p: Party, other: Party, otherWithdraw: string): Promise<void> {
  const metadata = shapedCopy(otherWithdraw);
  const post = (path: string, body: unknown, idempotencyKey?: string, type?: string) =>
    created(p, { method: "POST", path, body: typeof body === "string" ? body : JSON.stringify(body), idempotencyKey, type });
  // A paid withdraw: the customer's wallet takes it through the link the create answer carried.
  const toPay = await post("/api/v1/withdraws", { amount: "500", currency: "SATS", metadata }, "order-2");
  const link = (toPay.withdraw_methods_options as { lnurl: { withdraw_request: string } }).lnurl.withdraw_request;
  expect((await wallet.withdraw(link)).reply).toEqual({ status: "OK" });
  await paymentsSettled();
  const toCancel = await post("/api/v1/withdraws", { amount: "100", currency: "SATS", statement_descriptor: otherWithdraw, metadata }, "order-3");
  expect((await send(p, "full_key", { method: "POST", path: `/api/v1/withdraws/${toCancel.id}/cancel` })).status).toBe(200);
  await post("/api/v1/withdraws/batch", `amount,currency,descriptor\n100,SATS,${otherWithdraw}\n200,SATS,x\n`, "order-4", "text/csv");
  await post("/api/v1/payouts", { ln_invoice: wallet.invoice(5_000n), metadata }, "order-5");
  await post("/api/v1/deposits", { amount: "100", currency: "SATS", metadata }, "order-6");
  await post("/api/v1/webhook_endpoints", { url: "http://127.0.0.1:9/hook", events: ["withdraw.paid"] }, "order-7");
  await post("/api/v1/webhook_endpoints", { url: `http://127.0.0.1:9/hook/${otherWithdraw}`, description: other.shop.merchantId, events: ["payout.paid"] }, "order-8");
  await post("/api/v1/lnurlauth", { callback: authService.loginUrl() }, "order-9");
  await paymentsSettled();
}

async function party(name: Party["name"]): Promise<Party> {
  return { name, shop: await createTestMerchant(10_000_000n), endpointSecrets: new Set(), idempotencyKeys: [] };
}

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  authService = await startFakeLnurlAuthService();
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
  A = await party("A");
  B = await party("B");
  const first = async (p: Party) => (await created(p, { method: "POST", path: "/api/v1/withdraws", body: '{"amount": "1000", "currency": "SATS"}', idempotencyKey: "order-1" })).id;
  const [a1, b1] = [await first(A), await first(B)];
  await furnish(A, B, b1);
  await furnish(B, A, a1);
}, 120_000);

afterAll(async () => {
  await authService.close();
  await server.close();
});

/** The violations, links first (then objects and secrets, then metadata), each once. */
function report(found: string[], seed: number): string {
  const rank = (v: string) => (v.includes("a working link") ? 0 : v.includes("is not what the caller wrote") ? 2 : 1);
  const unique = [...new Set(found)].sort((x, y) => rank(x) - rank(y));
  return `${unique.length} violation(s) (ORACLE_SEED=${SEED}, this test's fast-check seed ${seed}):\n${unique.slice(0, 12).join("\n")}${unique.length > 12 ? `\n… and ${unique.length - 12} more` : ""}`;
}

describe("tenancy oracle", () => {
  it("has a request builder for every operation of the route registry, and no other", () => {
    expect(Object.keys(BODIES).sort()).toEqual([...operationOf.keys()].sort());
    for (const op of API_OPERATIONS) if (op.path.includes("{id}")) expect(pathKind(op), `${op.method} ${op.path}`).toBeDefined();
  });

  it("issue 26: a deposit whose metadata carries merchant A's withdraw, replayed, carries no link of it and gives the metadata back as written", async () => {
    const aWithdraw = (await idsOf(A.shop.merchantId)).withdraw.at(-1)!;
    const metadata = { x: { object: "withdraw", id: aWithdraw, withdraw_methods_options: { lnurl: {} } } };
    const req: Req = { method: "POST", path: "/api/v1/deposits", body: JSON.stringify({ amount: 1, metadata }), idempotencyKey: `issue-26-${randomBytes(4).toString("hex")}` };
    const first = await send(B, "full_key", req);
    const replay = await send(B, "full_key", req);
    expect(first.status, first.text).toBe(201);
    expect(replay.status, replay.text).toBe(201);
    expect(replay.replayed, "the second request is a replay of the stored answer").toBe(true);
    for (const [step, sent] of [["first answer", first], ["replay", replay]] as const) {
      const opened = await withdrawsOpenedBy(candidateSecrets(findings(sent).places).keys());
      const leaked = [...opened.values()].filter((w) => w.merchantId !== B.shop.merchantId).map((w) => `withdraw ${w.id} of merchant ${w.merchantId}`);
      expect.soft(leaked, `POST /api/v1/deposits as full_key of merchant B (${step}) carries working links of`).toEqual([]);
      expect.soft((JSON.parse(sent.text) as { metadata: unknown }).metadata, `POST /api/v1/deposits as full_key of merchant B (${step}): metadata as written`).toEqual(metadata);
    }
  });

  it("the oracle sees a planted leak: each form of another merchant's link, a link to a read-only key, another merchant's object and secrets, rewritten metadata, a missing link", async () => {
    const w = await created(A, { method: "POST", path: "/api/v1/withdraws", body: '{"amount": "100", "currency": "SATS"}' });
    const lnurl = (w.withdraw_methods_options as { lnurl: Record<string, string> }).lnurl;
    const planted = (body: unknown): Sent => ({ status: 200, type: "application/json", text: JSON.stringify(body), replayed: false });
    const balance = operationOf.get("GET /api/v1/balance")!;
    const leakOfA = `a working link of withdraw ${w.id} of merchant ${A.shop.merchantId} (not the caller's)`;
    const secret = lnurl.claim_url.split("/").pop()!;
    for (const form of [lnurl.withdraw_request, lnurl.withdraw_request.toLowerCase(), lnurl.lightning_uri, lnurl.lnurlw, lnurl.claim_url, secret, `https://elsewhere.example/api/lnurl/w/${secret}/callback`]) {
      expect((await violations(balance, "full_key", B, A, planted({ x: { y: [form] } }), "planted")).join("\n"), form).toContain(leakOfA);
    }
    expect((await violations(balance, "read_only_key", A, B, planted({ x: lnurl.lnurlw }), "planted")).join("\n")).toContain(`a working link of its own withdraw ${w.id}`);
    expect((await violations(balance, "full_key", B, A, planted({ data: [{ id: w.id, object: "withdraw" }] }), "planted")).join("\n")).toContain(`an object of merchant ${A.shop.merchantId}`);
    expect((await violations(balance, "full_key", B, A, planted({ x: A.shop.readOnlyKey }), "planted")).join("\n")).toContain("the other merchant's API key");
    expect((await violations(balance, "full_key", B, A, planted({ x: [...A.endpointSecrets][0] }), "planted")).join("\n")).toContain("the other merchant's webhook endpoint secret");
    const payout = (await idsOf(B.shop.merchantId)).payout[0];
    expect((await violations(balance, "full_key", B, A, planted({ id: payout, object: "payout", metadata: { changed: true } }), "planted")).join("\n")).toContain(`answer.metadata of ${payout} is not what the caller wrote`);
    const stripped = { ...w, withdraw_methods_options: { lnurl: { ...lnurl, withdraw_request: null, lightning_uri: null, lnurlw: null, claim_url: null } } };
    expect((await violations(operationOf.get("GET /api/v1/withdraws/[id]")!, "full_key", A, B, planted(stripped), "planted")).join("\n")).toContain(`its own withdraw ${w.id} at answer came without a working link`);
    expect(await violations(operationOf.get("GET /api/v1/withdraws/[id]")!, "full_key", A, B, planted(w), "planted")).toEqual([]);
  });

  // Cancelling and deleting act on fresh objects, so the order of the walk does not matter.
  API_OPERATIONS.forEach((op, index) => {
    for (const principal of KEY_PRINCIPALS) {
      it(`${op.method} ${op.path} as ${principal}`, { timeout: 60_000 }, async () => {
        const [a, b] = [await idsOf(A.shop.merchantId), await idsOf(B.shop.merchantId)];
        const found: string[] = [];
        const draws = fc.boolean().chain((callerIsA) => drawArbitrary(op, callerIsA, callerIsA ? a : b, callerIsA ? b : a));
        const seed = SEED + index * 2 + (principal === "full_key" ? 0 : 1);
        await fc.assert(fc.asyncProperty(draws, (draw) => exercise(op, principal, draw, found)), { seed, numRuns: RUNS, endOnFailure: true });
        expect(found, report(found, seed)).toEqual([]);
      });
    }
  });

  // Reads what the walk above recorded: run the file whole.
  it("exercised every operation of the registry with both keys, saw real answers, and replayed every POST", () => {
    const routes = [...operationOf.keys()].sort();
    expect([...coverage.keys()].sort()).toEqual(routes);
    for (const route of routes) {
      const op = operationOf.get(route)!;
      const stats = coverage.get(route)!;
      expect([...stats.principals].sort(), route).toEqual([...KEY_PRINCIPALS].sort());
      expect(stats.answered2xx, `${route}: no request was answered 2xx, so the oracle saw no real answer`).toBeGreaterThan(0);
      if (op.method === "POST") expect(stats.replaysServed, `${route}: no stored answer was replayed`).toBeGreaterThan(0);
      expect(stats.requests, route).toBeGreaterThanOrEqual(RUNS * 2);
    }
    const total = [...coverage.values()].reduce((n, s) => n + s.requests, 0);
    const table = routes.map((r) => `  ${r}: ${coverage.get(r)!.requests} requests, ${coverage.get(r)!.answered2xx} answered 2xx, ${coverage.get(r)!.replaysServed} replays`);
    console.log(`tenancy oracle: ${routes.length} operations, ${total} answers checked (seed ${SEED})\n${table.join("\n")}`);
  });
});
