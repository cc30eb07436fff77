// Contract tests of the public REST API over real HTTP: keys and scopes, cursor lists, idempotency (replay,
// mismatch, concurrency, expiry), the error shape and statuses, rate limits, and the OpenAPI document. Every
// body is checked against the schema its serializer promises.
import { afterEach, beforeAll, afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { z } from "zod";
import { createApiKeyAs, listApiKeys, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { errorObjectSchema, withdrawListSchema } from "@/lib/api/openapi";
import { db } from "@/lib/db";
import { balanceObjectSchema } from "@/lib/ledger/serialize-balance";
import { addTeamMember } from "@/lib/team/add-team-member";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { createWithdrawSchema } from "@/lib/withdraws/schemas";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { setTrustedProxies } from "@/lib/web/client-address";
import { setApiRateLimits } from "@/lib/web/rate-limit";
import { createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());
afterEach(() => {
  setApiRateLimits({ perKey: 0, perIp: 0 });
  setTrustedProxies([]);
});

type Sent = { status: number; headers: Headers; body: Record<string, unknown> };

async function call(method: string, path: string, options: { key?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}), ...(options.body ? { "Content-Type": "application/json" } : {}), ...options.headers },
    body: options.body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** The body is exactly what the schema describes: parsing strips nothing and changes nothing. */
function conforms<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.parse(body);
  expect(parsed).toEqual(body);
  return parsed;
}

function expectError(sent: Sent, status: number, code: string, param?: string) {
  expect(sent.status, JSON.stringify(sent.body)).toBe(status);
  const { error } = conforms(errorObjectSchema, sent.body);
  expect(error.code).toBe(code);
  if (param) expect(error.param).toBe(param);
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.message).not.toMatch(/prisma|stack|at .*\.ts|SELECT/i);
}

const withdrawCount = (merchantId: string) => db().withdraw.count({ where: { merchantId } });

describe("API keys", () => {
  it("authenticates full, read-only, revoked and unknown keys, and scopes objects to their merchant", async () => {
    const a = await createTestMerchant(10_000n);
    const b = await createTestMerchant(10_000n);
    const created = await call("POST", "/api/v1/withdraws", { key: a.key, body: '{"amount": "100", "currency": "SATS"}' });
    expect(created.status).toBe(201);
    const withdraw = conforms(withdrawObjectSchema, created.body);

    expectError(await call("GET", "/api/v1/balance"), 401, "authentication_required");
    expectError(await call("GET", "/api/v1/balance", { key: "sk_unknown" }), 401, "api_key_invalid");
    expectError(await call("POST", "/api/v1/withdraws", { key: a.readOnlyKey, body: '{"amount": "1", "currency": "SATS"}' }), 403, "insufficient_scope");
    expectError(await call("POST", `/api/v1/withdraws/${withdraw.id}/cancel`, { key: a.readOnlyKey }), 403, "insufficient_scope");
    expect((await call("GET", `/api/v1/withdraws/${withdraw.id}`, { key: a.readOnlyKey })).status).toBe(200);
    expectError(await call("GET", `/api/v1/withdraws/${withdraw.id}`, { key: b.key }), 404, "not_found");
    expectError(await call("POST", `/api/v1/withdraws/${withdraw.id}/cancel`, { key: b.key }), 404, "not_found");
    // HTTP Basic with the key as the user name works as Bearer does.
    const basic = await call("GET", "/api/v1/balance", { headers: { Authorization: `Basic ${Buffer.from(`${a.key}:`).toString("base64")}` } });
    conforms(balanceObjectSchema, basic.body);

    // Revoked: the very next request is refused, like an unknown key.
    const owner = await db().user.findFirstOrThrow({ where: { merchantId: a.merchantId } });
    const actor = { user: { id: owner.id }, merchant: { id: a.merchantId } };
    const keys = await listApiKeys(actor);
    const readOnly = keys.find((k) => k.scope === "read_only")!;
    expect(readOnly.lastUsedAt).not.toBeNull();
    await revokeApiKey(actor, { keyId: readOnly.id });
    expectError(await call("GET", "/api/v1/balance", { key: a.readOnlyKey }), 401, "api_key_invalid");
    expect((await listApiKeys(actor)).at(-1)).toMatchObject({ id: readOnly.id, revokedAt: expect.any(Date) });
    // Another merchant's key id is a plain not-found; revoking twice changes nothing.
    const bOwner = await db().user.findFirstOrThrow({ where: { merchantId: b.merchantId } });
    await expect(revokeApiKey({ user: { id: bOwner.id }, merchant: { id: b.merchantId } }, { keyId: readOnly.id })).rejects.toMatchObject({ code: "not_found" });
    expect((await revokeApiKey(actor, { keyId: readOnly.id })).revokedAt).toEqual((await listApiKeys(actor)).at(-1)!.revokedAt);
  });

  it("lets owners and admins manage keys, not finance, and shows a new key once", async () => {
    const shop = await createTestMerchant();
    const owner = await db().user.findFirstOrThrow({ where: { merchantId: shop.merchantId } });
    const actor = { user: { id: owner.id }, merchant: { id: shop.merchantId } };
    const finance = await addTeamMember(actor, { email: `fin-${Date.now()}@shop.test`, role: "finance", password: "finance password 1" });
    const financeActor = { user: { id: finance.userId }, merchant: { id: shop.merchantId } };
    await expect(listApiKeys(financeActor)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApiKeyAs(financeActor, { name: "x", scope: "full" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApiKeyAs(actor, { name: " ", scope: "full" })).rejects.toMatchObject({ code: "validation_error", param: "name" });
    await expect(createApiKeyAs(actor, { name: "x", scope: "admin" })).rejects.toMatchObject({ code: "validation_error", param: "scope" });

    const made = await createApiKeyAs(actor, { name: "Shop backend", scope: "read_only" });
    expect(made.key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: made.id } });
    // Only a hash and a short prefix are kept: the key itself is nowhere in the row.
    expect(JSON.stringify(stored)).not.toContain(made.key);
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await listApiKeys(actor)).find((k) => k.id === made.id)).toMatchObject({ name: "Shop backend", prefix: made.key.slice(0, 10), scope: "read_only" });
  });
});

describe("listing withdraws", () => {
  it("pages several hundred withdraws both ways with no duplicates or gaps while new ones are created", async () => {
    const shop = await createTestMerchant(100_000_000n);
    const before: string[] = [];
    for (let i = 0; i < 250; i++) before.push((await createWithdraw(shop.merchantId, { amount: String(100 + i), currency: "SATS" })).id);
    const newestFirst = [...before].reverse();

    // Forward, 40 at a time, while another loop keeps creating withdraws.
    let creating = true;
    const during: string[] = [];
    const creator = (async () => {
      while (creating) during.push((await createWithdraw(shop.merchantId, { amount: "7", currency: "SATS" })).id);
    })();
    const forward: string[] = [];
    const pages: string[][] = [];
    let cursor: string | undefined;
    try {
      // The first page is taken before anything else is created, from the newest of `before`.
      cursor = undefined;
      const first = conforms(withdrawListSchema, (await call("GET", `/api/v1/withdraws?limit=40&starting_after=${newestFirst[0]}`, { key: shop.readOnlyKey })).body);
      forward.push(newestFirst[0], ...first.data.map((w) => w.id));
      pages.push(first.data.map((w) => w.id));
      cursor = first.data.at(-1)!.id;
      for (let more = first.has_more; more; ) {
        const page: z.infer<typeof withdrawListSchema> = conforms(withdrawListSchema, (await call("GET", `/api/v1/withdraws?limit=40&starting_after=${cursor}`, { key: shop.readOnlyKey })).body);
        expect(page).toMatchObject({ object: "list", url: "/api/v1/withdraws" });
        forward.push(...page.data.map((w) => w.id));
        pages.push(page.data.map((w) => w.id));
        more = page.has_more;
        cursor = page.data.at(-1)?.id;
      }
    } finally {
      creating = false;
      await creator;
    }
    expect(during.length).toBeGreaterThan(0);
    expect(forward).toEqual(newestFirst);
    expect(new Set(forward).size).toBe(forward.length);

    // Backwards from the oldest: each page is the one before it, newest first within the page.
    const backward: string[] = [];
    let before_ = newestFirst.at(-1)!;
    for (;;) {
      const page = conforms(withdrawListSchema, (await call("GET", `/api/v1/withdraws?limit=40&ending_before=${before_}`, { key: shop.readOnlyKey })).body);
      backward.unshift(...page.data.map((w) => w.id));
      if (!page.has_more) break;
      before_ = page.data[0].id;
    }
    // Going back reaches the newest, including those created during the forward pass.
    expect(backward).toEqual([...[...during].reverse(), ...newestFirst.slice(0, -1)]);

    // The first page without a cursor starts at the newest of all.
    const top = conforms(withdrawListSchema, (await call("GET", "/api/v1/withdraws?limit=3", { key: shop.key })).body);
    expect(top.data.map((w) => w.id)).toEqual([...during].reverse().slice(0, 3));
    expect(top.has_more).toBe(true);
    // The default page size is 10.
    expect(conforms(withdrawListSchema, (await call("GET", "/api/v1/withdraws", { key: shop.key })).body).data).toHaveLength(10);
  });

  it("filters by status and creation time, and refuses bad parameters with the parameter named", async () => {
    const shop = await createTestMerchant(10_000_000n);
    const other = await createTestMerchant(10_000n);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createWithdraw(shop.merchantId, { amount: "10", currency: "SATS" }));
    await call("POST", `/api/v1/withdraws/${made[1].id}/cancel`, { key: shop.key });
    const cancelled = conforms(withdrawListSchema, (await call("GET", "/api/v1/withdraws?status=cancelled", { key: shop.key })).body);
    expect(cancelled.data.map((w) => w.id)).toEqual([made[1].id]);
    const from = made[2].createdAt.getTime();
    const to = made[3].createdAt.getTime();
    const window = conforms(withdrawListSchema, (await call("GET", `/api/v1/withdraws?created[gte]=${from}&created[lte]=${to}`, { key: shop.key })).body);
    expect(window.data.map((w) => w.id)).toEqual(made.filter((w) => w.createdAt.getTime() >= from && w.createdAt.getTime() <= to).map((w) => w.id).reverse());
    expect(window.data.every((w) => w.created >= from && w.created <= to)).toBe(true);

    const otherWithdraw = await createWithdraw(other.merchantId, { amount: "10", currency: "SATS" });
    const cases: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["status=lost", "status"],
      ["created[gte]=yesterday", "created[gte]"],
      ["starting_after=nope", "starting_after"],
      [`starting_after=${otherWithdraw.id}`, "starting_after"],
      [`starting_after=${made[0].id}&ending_before=${made[1].id}`, "ending_before"],
    ];
    for (const [query, param] of cases) expectError(await call("GET", `/api/v1/withdraws?${query}`, { key: shop.key }), 400, "validation_error", param);
    const unknown = await call("GET", "/api/v1/withdraws?colour=red", { key: shop.key });
    expectError(unknown, 400, "validation_error");
    expect((unknown.body.error as { message: string }).message).toBe("Unknown parameter: colour.");
  });
});

describe("Idempotency-Key", () => {
  const body = JSON.stringify({ amount: "250", currency: "SATS", statement_descriptor: "Refund 7" });

  it("replays the first response for the same key and body, and refuses the key for another body", async () => {
    const shop = await createTestMerchant(100_000n);
    const headers = { "Idempotency-Key": "order-7-refund" };
    const first = await call("POST", "/api/v1/withdraws", { key: shop.key, body, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // The same fields in another order are the same request.
    const reordered = JSON.stringify({ statement_descriptor: "Refund 7", currency: "SATS", amount: "250" });
    const again = await call("POST", "/api/v1/withdraws", { key: shop.key, body: reordered, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await withdrawCount(shop.merchantId)).toBe(1);
    // Another of the merchant's keys with the same idempotency key replays too.
    const other = await createApiKeyAs(
      { user: { id: (await db().user.findFirstOrThrow({ where: { merchantId: shop.merchantId } })).id }, merchant: { id: shop.merchantId } },
      { name: "second", scope: "full" },
    );
    expect((await call("POST", "/api/v1/withdraws", { key: other.key, body, headers })).body).toEqual(first.body);

    const changed = await call("POST", "/api/v1/withdraws", { key: shop.key, body: body.replace("250", "251"), headers });
    expectError(changed, 400, "idempotency_key_reused");
    const elsewhere = await call("POST", `/api/v1/withdraws/${(first.body as { id: string }).id}/cancel`, { key: shop.key, headers });
    expectError(elsewhere, 400, "idempotency_key_reused");
    expect(await withdrawCount(shop.merchantId)).toBe(1);
    // Keys are per merchant: another merchant may use the same string.
    const stranger = await createTestMerchant(100_000n);
    expect((await call("POST", "/api/v1/withdraws", { key: stranger.key, body, headers })).status).toBe(201);

    // A 4xx answer is stored and replayed too; a bad key is refused before anything runs.
    const invalid = { "Idempotency-Key": "bad-ttl" };
    const refused = await call("POST", "/api/v1/withdraws", { key: shop.key, body: '{"amount": "1", "currency": "SATS", "ttl": 5}', headers: invalid });
    expectError(refused, 400, "validation_error", "ttl");
    const replayed = await call("POST", "/api/v1/withdraws", { key: shop.key, body: '{"amount": "1", "currency": "SATS", "ttl": 5}', headers: invalid });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.body).toEqual(refused.body);
    expectError(await call("POST", "/api/v1/withdraws", { key: shop.key, body, headers: { "Idempotency-Key": "x".repeat(256) } }), 400, "idempotency_key_invalid");
    expect(await withdrawCount(shop.merchantId)).toBe(1);
  });

  it("runs one of many concurrent requests with one key; the others wait their turn or replay", async () => {
    const shop = await createTestMerchant(100_000n);
    const headers = { "Idempotency-Key": "burst-1" };
    const answers = await Promise.all(Array.from({ length: 12 }, () => call("POST", "/api/v1/withdraws", { key: shop.key, body, headers })));
    const created = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(created.length + busy.length).toBe(answers.length);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => (a.body as { id: string }).id)).size).toBe(1);
    for (const b of busy) expectError(b, 409, "idempotency_key_in_use");
    expect(await withdrawCount(shop.merchantId)).toBe(1);
    const balance = conforms(balanceObjectSchema, (await call("GET", "/api/v1/balance", { key: shop.key })).body);
    expect(balance.reserved_msat).toBe(String(250_000 + Number((created[0].body as { fee_limit: number }).fee_limit) * 1000));
  });

  it("answers 409 while the first request with the key is running, and says so plainly when it was interrupted", async () => {
    const shop = await createTestMerchant(100_000n);
    const headers = { "Idempotency-Key": "slow-one" };
    // The row a request holds while its handler runs (claimed, no response yet).
    const fingerprint = (await import("@/lib/idempotency/fingerprint")).requestFingerprint("POST", "/api/v1/withdraws", body);
    await db().idempotencyKey.create({
      data: { merchantId: shop.merchantId, key: "slow-one", fingerprint, method: "POST", path: "/api/v1/withdraws", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const busy = await call("POST", "/api/v1/withdraws", { key: shop.key, body, headers });
    expectError(busy, 409, "idempotency_key_in_use");
    expect((busy.body.error as { message: string }).message).toContain("still being processed");
    // Left running by a process that died: never run again under that key (it may have taken effect).
    await db().idempotencyKey.updateMany({ where: { merchantId: shop.merchantId }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    const interrupted = await call("POST", "/api/v1/withdraws", { key: shop.key, body, headers });
    expectError(interrupted, 409, "idempotency_key_in_use");
    expect((interrupted.body.error as { message: string }).message).toContain("outcome is unknown");
    expect(await withdrawCount(shop.merchantId)).toBe(0);
  });

  it("forgets a key after 24 hours", async () => {
    const shop = await createTestMerchant(100_000n);
    const headers = { "Idempotency-Key": "day-old" };
    const first = await call("POST", "/api/v1/withdraws", { key: shop.key, body, headers });
    await db().idempotencyKey.updateMany({ where: { merchantId: shop.merchantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const later = await call("POST", "/api/v1/withdraws", { key: shop.key, body, headers });
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
    expect(await withdrawCount(shop.merchantId)).toBe(2);
  });
});

describe("errors", () => {
  it("answers malformed, mistyped, unknown, oversized and misrouted requests with a clear 4xx and changes nothing", async () => {
    const shop = await createTestMerchant(100_000n);
    const post = (text: string) => call("POST", "/api/v1/withdraws", { key: shop.key, body: text });
    expectError(await post("{not json"), 400, "invalid_json");
    expectError(await post('{"amount": true, "currency": "SATS"}'), 400, "validation_error", "amount");
    expectError(await post('{"amount": "5", "currency": "GBP"}'), 400, "validation_error", "currency");
    expectError(await post('{"amount": "5", "currency": "SATS", "ttl": "600"}'), 400, "validation_error", "ttl");
    const unknown = await post('{"amount": "5", "currency": "SATS", "colour": "red"}');
    expectError(unknown, 400, "validation_error");
    expect((unknown.body.error as { message: string }).message).toBe("Unknown field: colour.");
    expectError(await post(JSON.stringify({ amount: "5", currency: "SATS", statement_descriptor: "x".repeat(70_000) })), 413, "body_too_large");
    expectError(await post('{"amount": "5000000", "currency": "SATS"}'), 400, "insufficient_balance");
    expectError(await call("GET", "/api/v1/transfers", { key: shop.key }), 404, "route_not_found");
    expectError(await call("GET", "/api/v1/withdraws/wi_00000000000000000000000000", { key: shop.key }), 404, "not_found");
    expect(await withdrawCount(shop.merchantId)).toBe(0);
    expect(await db().idempotencyKey.count({ where: { merchantId: shop.merchantId } })).toBe(0);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After per key, and per client address", async () => {
    const a = await createTestMerchant();
    const b = await createTestMerchant();
    // The clock stands still, so no bucket refills while the requests run (each takes a moment).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    onTestFinished(() => void vi.useRealTimers());
    setApiRateLimits({ perKey: 2, perIp: 0 });
    // A bucket holds twice the rate: four at once pass, the fifth waits.
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push(await call("GET", "/api/v1/balance", { key: a.key }));
    expect(burst.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expectError(burst[4], 429, "rate_limited");
    expect(burst[4].headers.get("retry-after")).toBe("1");
    // Another key is not slowed down by the first.
    expect((await call("GET", "/api/v1/balance", { key: b.key })).status).toBe(200);

    setApiRateLimits({ perKey: 0, perIp: 1 });
    // As behind a reverse proxy on this machine, named in TRUSTED_PROXIES: its X-Forwarded-For names the client.
    // (Without it the header is not believed: tests/security/client-address.test.ts.)
    setTrustedProxies(["127.0.0.1"]);
    const from = (ip: string) => call("GET", "/api/v1/balance", { key: a.key, headers: { "X-Forwarded-For": ip } });
    expect((await from("203.0.113.7")).status).toBe(200);
    expect((await from("203.0.113.7")).status).toBe(200);
    const third = await from("203.0.113.7");
    expectError(third, 429, "rate_limited");
    expect(third.headers.get("retry-after")).toBe("1");
    expect((await from("198.51.100.1")).status).toBe(200);
    // Without a key the address limit still applies, before authentication.
    expectError(await call("GET", "/api/v1/balance", { headers: { "X-Forwarded-For": "203.0.113.7" } }), 429, "rate_limited");
  });
});

describe("the OpenAPI document", () => {
  // That it lists every route, and each route's scope, is tests/security/route-registry.test.ts.
  it("describes the API from the handlers' own schemas", async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(doc.openapi).toBe("3.1.0");
    const { $schema: _s, $defs: _d, ...createBody } = z.toJSONSchema(createWithdrawSchema, { io: "input", unrepresentable: "any" });
    // Metadata's JSON values are described once, under components/schemas (as any JSON value), and referred to there.
    const inDocument = JSON.parse(JSON.stringify(createBody).replaceAll('"#/$defs/JsonValue"', '"#/components/schemas/JsonValue"')) as unknown;
    expect(doc.paths["/api/v1/withdraws"].post.requestBody!.content["application/json"].schema).toEqual(inDocument);
    expect(doc.components.schemas.JsonValue).toEqual({ description: expect.stringMatching(/^Any JSON value/) });
    // The documented withdraw has exactly the fields the serializer writes.
    const shop = await createTestMerchant(10_000n);
    const created = await call("POST", "/api/v1/withdraws", { key: shop.key, body: '{"amount": "10", "currency": "SATS"}' });
    expect(Object.keys(doc.components.schemas.Withdraw.properties).sort()).toEqual(Object.keys(created.body).sort());
  });
});
