// LNURL-auth as a client: POST /api/v1/lnurlauth over real HTTP through the real route handler, against local
// LUD-04 services that check every signature with lnurl-node's verifier (tests/support/fake-lnurl-auth-service.ts).
// Covers the link forms, the refusals before anything is sent, the service's own ERROR, an unreachable
// service, scopes, the list, one linking key per domain and per merchant, and what is (not) stored.
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deriveLinkingKey } from "@/lib/lnurl-auth-client/linking-key";
import { merchantAuthSeed } from "@/lib/lnurl-auth-client/merchant-seed";
import { openSeed } from "@/lib/lnurl-auth-client/seed-box";
import { loginObjectSchema } from "@/lib/lnurl-auth-client/serialize-login";
import { unreachableDomain } from "../support/fake-lnurl-pay";
import { REFUSAL_REASON, startFakeLnurlAuthService, type FakeLnurlAuthService } from "../support/fake-lnurl-auth-service";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let service: FakeLnurlAuthService;
let other: FakeLnurlAuthService;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  service = await startFakeLnurlAuthService("127.0.0.1");
  // Another host name on loopback: another domain, so another linking key.
  other = await startFakeLnurlAuthService("127.0.0.2");
});
afterAll(async () => {
  await Promise.all([service.close(), other.close()]);
  await server.close();
});

type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { error?: { code: string; message: string; param?: string } } };

async function call(method: "GET" | "POST", key: string, body?: unknown, headers: Record<string, string> = {}, query = ""): Promise<Answer> {
  const res = await fetch(`${server.url}/api/v1/lnurlauth${query}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

const signIn = (m: TestMerchant, body: unknown, headers?: Record<string, string>) => call("POST", m.key, body, headers);
const logins = (m: TestMerchant) => db().lnurlAuthLogin.findMany({ where: { merchantId: m.merchantId }, orderBy: { createdAt: "asc" } });

async function signedIn(m: TestMerchant, body: unknown) {
  const res = await signIn(m, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const login = loginObjectSchema.parse(res.body);
  expect(login).toEqual(res.body);
  return login;
}

async function refusedBeforeSending(m: TestMerchant, body: unknown, param: string): Promise<string> {
  const calls = service.calls.length;
  const res = await signIn(m, body);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error).toMatchObject({ code: "validation_error", param });
  expect(service.calls.length, "the service was called").toBe(calls);
  expect(await logins(m)).toEqual([]);
  return res.body.error!.message;
}

describe("signing in with the callback URL", () => {
  it("signs k1 with the domain's linking key, keeps the link's query, and the service signs the merchant in", async () => {
    const m = await createTestMerchant();
    const url = service.loginUrl({ action: "register" });
    const login = await signedIn(m, { callback: url });
    expect(login).toMatchObject({ object: "lnurlauth_login", domain: "127.0.0.1", action: "register", status: "ok", error_reason: null });
    const call = service.calls.at(-1)!;
    expect(call.verdict).toBe("OK");
    expect(call.key).toBe(login.key);
    // LUD-04 step 3: the link's own query as it was, then sig and key.
    expect(`${call.path}${call.query}`).toBe(`${new URL(url).pathname}${new URL(url).search}&sig=${call.sig}&key=${call.key}`);
    expect(service.signedIn.at(-1)).toEqual({ key: login.key, action: "register" });
    // The key is LUD-05's for this domain under the merchant's own root.
    expect(login.key).toBe(deriveLinkingKey(await merchantAuthSeed(m.merchantId), "127.0.0.1").publicKey);
    const rows = await logins(m);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: login.id, domain: "127.0.0.1", linkingKey: login.key, status: "ok", errorReason: null });
  });

  it("gives the same domain the same key every time, in every form of the link", async () => {
    const m = await createTestMerchant();
    const first = await signedIn(m, { callback: service.loginUrl() });
    const bech32 = await signedIn(m, { lnurl: service.lnurl() });
    const prefixed = await signedIn(m, { lnurl: `lightning:${service.lnurl().toLowerCase()}` });
    const keyauth = await signedIn(m, { lnurl: service.loginUrl({ action: null }).replace(/^http:/, "keyauth:") });
    expect(new Set([first.key, bech32.key, prefixed.key, keyauth.key]).size).toBe(1);
    expect(keyauth.action).toBeNull();
    expect(service.calls.slice(-4).every((c) => c.verdict === "OK")).toBe(true);
  });

  it("gives two domains two keys, and two merchants two keys at one domain", async () => {
    const a = await createTestMerchant();
    const b = await createTestMerchant();
    const aHere = await signedIn(a, { callback: service.loginUrl() });
    const aThere = await signedIn(a, { callback: other.loginUrl() });
    const bHere = await signedIn(b, { callback: service.loginUrl() });
    expect(aThere.domain).toBe("127.0.0.2");
    expect(new Set([aHere.key, aThere.key, bHere.key]).size).toBe(3);
    expect(other.signedIn.at(-1)?.key).toBe(aThere.key);
  });

  it("makes one root secret when first uses race, and keeps it sealed", async () => {
    const m = await createTestMerchant();
    const results = await Promise.all(Array.from({ length: 8 }, () => signIn(m, { callback: service.loginUrl() })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(results.map((r) => r.body.key)).size).toBe(1);
    // And straight at the first use, for a merchant without a secret yet: every caller gets the one that won.
    const fresh = await createTestMerchant();
    const roots = await Promise.all(Array.from({ length: 20 }, () => merchantAuthSeed(fresh.merchantId)));
    expect(new Set(roots.map((r) => Buffer.from(r).toString("hex"))).size).toBe(1);
    expect(await db().lnurlAuthSeed.count({ where: { merchantId: fresh.merchantId } })).toBe(1);
    const seeds = await db().lnurlAuthSeed.findMany({ where: { merchantId: m.merchantId } });
    expect(seeds).toHaveLength(1);
    const seed = openSeed(seeds[0].sealedSeed, m.merchantId);
    expect(seed).toHaveLength(32);
    // Not readable without the server's key, nor under another merchant's id.
    for (const encoding of ["hex", "base64", "base64url"] as const) expect(seeds[0].sealedSeed).not.toContain(Buffer.from(seed).toString(encoding));
    expect(() => openSeed(seeds[0].sealedSeed, "mer_someoneelse")).toThrow();
  });
});

describe("refusals before anything is sent", () => {
  it("refuses a link that is not a login link", async () => {
    const m = await createTestMerchant();
    const url = service.loginUrl().replace("tag=login", "tag=withdrawRequest");
    expect(await refusedBeforeSending(m, { callback: url }, "callback")).toMatch(/tag is "withdrawRequest", not "login"/);
    expect(await refusedBeforeSending(m, { callback: service.loginUrl().replace("tag=login&", "") }, "callback")).toMatch(/no tag=login/);
  });

  it("refuses a k1 that is not 32 bytes of hex", async () => {
    const m = await createTestMerchant();
    const url = service.loginUrl();
    const k1 = new URL(url).searchParams.get("k1")!;
    for (const bad of [k1.slice(2), `${k1}00`, `${k1.slice(1)}g`, ""]) {
      expect(await refusedBeforeSending(m, { callback: url.replace(k1, bad) }, "callback")).toMatch(/k1 must be 64 hexadecimal characters/);
    }
    expect(await refusedBeforeSending(m, { lnurl: service.lnurl().slice(0, -4) }, "lnurl")).toMatch(/not a valid LNURL/);
  });

  it("refuses an unknown action, a link already signed, and bodies that are not one link", async () => {
    const m = await createTestMerchant();
    expect(await refusedBeforeSending(m, { callback: service.loginUrl({ action: "pay" }) }, "callback")).toMatch(/action "pay" is not one of/);
    expect(await refusedBeforeSending(m, { callback: service.loginUrl({ extra: "&sig=3006&key=02" }) }, "callback")).toMatch(/already carries sig/);
    expect(await refusedBeforeSending(m, {}, "callback")).toMatch(/Give the login URL as callback/);
    expect(await refusedBeforeSending(m, { callback: service.loginUrl(), lnurl: service.lnurl() }, "lnurl")).toMatch(/not both/);
    expect(await refusedBeforeSending(m, { callback: "not a url" }, "callback")).toMatch(/not a URL/);
    expect(await refusedBeforeSending(m, { lnurl: "alice@example.com" }, "lnurl")).toMatch(/not an LNURL-auth code/);
    const unknown = await signIn(m, { callback: service.loginUrl(), k1: "00" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/Unknown field: k1/);
  });

  it("refuses a read-only key with 403, and nothing is sent, made or recorded", async () => {
    const m = await createTestMerchant();
    const calls = service.calls.length;
    const res = await call("POST", m.readOnlyKey, { callback: service.loginUrl() });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("insufficient_scope");
    expect(service.calls.length).toBe(calls);
    expect(await logins(m)).toEqual([]);
    expect(await db().lnurlAuthSeed.count({ where: { merchantId: m.merchantId } })).toBe(0);
  });
});

describe("what the service answers", () => {
  it("surfaces the service's ERROR reason as lnurl_refused and records the attempt", async () => {
    const m = await createTestMerchant();
    const res = await signIn(m, { callback: service.loginUrl({ refuse: true }) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "lnurl_refused", type: "invalid_request_error" });
    expect(res.body.error?.message).toBe(`The service at 127.0.0.1 refused: ${REFUSAL_REASON}`);
    // The signature was good: the service refused for its own reason.
    expect(service.calls.at(-1)).toMatchObject({ path: "/refuse", verdict: "ERROR", reason: REFUSAL_REASON });
    const [row] = await logins(m);
    expect(row).toMatchObject({ domain: "127.0.0.1", status: "error", errorReason: res.body.error?.message });
  });

  it("a k1 the service has seen before is refused by the service", async () => {
    const m = await createTestMerchant();
    const url = service.loginUrl();
    await signedIn(m, { callback: url });
    const again = await signIn(m, { callback: url });
    expect(again.status).toBe(400);
    expect(again.body.error?.message).toMatch(/refused: Unknown or already used k1/);
  });

  it("answers 502 for a service that cannot be reached, and records it", async () => {
    const m = await createTestMerchant();
    const res = await signIn(m, { callback: `http://${await unreachableDomain()}/auth?tag=login&k1=${"ab".repeat(32)}` });
    expect(res.status).toBe(502);
    expect(res.body.error?.code).toBe("lnurl_unreachable");
    expect(res.body.error?.message).toMatch(/refused the connection/);
    const [row] = await logins(m);
    expect(row).toMatchObject({ status: "error", errorReason: res.body.error?.message });
  });

  it("replays an answer under the same Idempotency-Key without signing in twice", async () => {
    const m = await createTestMerchant();
    const body = { callback: service.loginUrl() };
    const first = await signIn(m, body, { "Idempotency-Key": "auth-1" });
    const calls = service.calls.length;
    const replay = await signIn(m, body, { "Idempotency-Key": "auth-1" });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(service.calls.length).toBe(calls);
    expect(await logins(m)).toHaveLength(1);
  });
});

describe("the list", () => {
  it("lists every attempt newest first, pages, filters by status, and read-only keys may read it", async () => {
    const m = await createTestMerchant();
    const ok1 = await signedIn(m, { callback: service.loginUrl() });
    await signIn(m, { callback: service.loginUrl({ refuse: true }) });
    const ok2 = await signedIn(m, { callback: other.loginUrl() });
    const all = await call("GET", m.readOnlyKey);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ object: "list", url: "/api/v1/lnurlauth", has_more: false });
    const data = all.body.data as { id: string; domain: string; status: string; key: string }[];
    expect(data.map((d) => [d.domain, d.status])).toEqual([
      ["127.0.0.2", "ok"],
      ["127.0.0.1", "error"],
      ["127.0.0.1", "ok"],
    ]);
    expect(data.map((d) => loginObjectSchema.parse(d)).map((d) => d.id)).toEqual([ok2.id, data[1].id, ok1.id]);
    const page = await call("GET", m.key, undefined, {}, "?limit=2");
    expect(page.body.has_more).toBe(true);
    const next = await call("GET", m.key, undefined, {}, `?limit=2&starting_after=${(page.body.data as { id: string }[])[1].id}`);
    expect((next.body.data as { id: string }[]).map((d) => d.id)).toEqual([ok1.id]);
    const oks = await call("GET", m.key, undefined, {}, "?status=ok");
    expect((oks.body.data as { id: string }[]).map((d) => d.id)).toEqual([ok2.id, ok1.id]);
    const bad = await call("GET", m.key, undefined, {}, "?status=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.param).toBe("status");
    // Another merchant's list is its own.
    const stranger = await createTestMerchant();
    expect((await call("GET", stranger.key)).body.data).toEqual([]);
  });

  it("never holds the signature or a private key in the list, the rows or the idempotency records, nor k1 in the list and rows", async () => {
    const m = await createTestMerchant();
    await signIn(m, { callback: service.loginUrl() }, { "Idempotency-Key": "auth-secret-check" });
    const { sig, k1 } = service.calls.at(-1)!;
    const seed = await merchantAuthSeed(m.merchantId);
    const privateKey = Buffer.from(deriveLinkingKey(seed, "127.0.0.1").privateKey).toString("hex");
    const stored = JSON.stringify({
      list: (await call("GET", m.key)).body,
      rows: await logins(m),
      idempotency: await db().idempotencyKey.findMany({ where: { merchantId: m.merchantId } }),
    });
    for (const secret of [sig, privateKey, Buffer.from(seed).toString("hex")]) expect(stored).not.toContain(secret);
    expect(JSON.stringify({ list: (await call("GET", m.key)).body, rows: await logins(m) })).not.toContain(k1);
  });
});
