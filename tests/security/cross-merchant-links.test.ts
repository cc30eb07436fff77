// One merchant can never receive another merchant's withdraw link. An outside review took merchant A's money
// with merchant B's full key and A's withdraw id: B's caller-written metadata held a withdraw-shaped object
// naming A's withdraw, and the Idempotency-Key replay derived A's live links into it. Here: that attack and
// its variants over real HTTP, metadata returned exactly as written, the run-time guards of the derivation,
// and the merchant binding of the link secret (version 2) beside links issued before it (version 1).
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { env, resolveLnurlSecretKey } from "@/lib/env";
import { linkAccessFor, type LinkGrant } from "@/lib/withdraws/link-access";
import { withdrawLinks } from "@/lib/withdraws/links";
import { loadWithdraw } from "@/lib/withdraws/load-withdraw";
import type { MerchantWithdraw } from "@/lib/withdraws/merchant-withdraw";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { workingLinksIn } from "../support/working-links";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let a: TestMerchant;
let b: TestMerchant;
let aWithdraw: string;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  a = await createTestMerchant(100_000n);
  b = await createTestMerchant(100_000n);
  aWithdraw = ((await post(a.key, "/api/v1/withdraws", { amount: "5000", currency: "SATS" })).body as { id: string }).id;
});
afterAll(() => server.close());

async function post(key: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

const bait = () => ({
  x: { object: "withdraw", id: aWithdraw, status: "paid", paid_withdraw_request: null, withdraw_methods_options: { lnurl: {} } },
  list: [{ object: "withdraw", id: aWithdraw, withdraw_methods_options: { lnurl: { withdraw_request: null } } }],
});

describe("B's caller-written values naming A's withdraw", () => {
  for (const [name, path, body] of [
    ["a deposit", "/api/v1/deposits", { amount: 1, currency: "SATS" }],
    ["a withdraw of B's own", "/api/v1/withdraws", { amount: "1000", currency: "SATS" }],
  ] as const) {
    it(`${name}: neither the answer nor its Idempotency-Key replay carries A's link, and metadata comes back as written`, async () => {
      const metadata = bait();
      const key = `k-${path.replaceAll("/", ".")}-${Math.random()}`;
      const first = await post(b.key, path, { ...body, metadata }, { "Idempotency-Key": key });
      expect(first.status, first.text).toBe(201);
      const replay = await post(b.key, path, { ...body, metadata }, { "Idempotency-Key": key });
      expect(replay.status).toBe(201);
      for (const answer of [first, replay]) {
        const leaked = (await workingLinksIn(answer.text)).filter((l) => l.merchantId !== b.merchantId);
        expect(leaked, `B received a working link of another merchant: ${JSON.stringify(leaked)}`).toEqual([]);
        expect(answer.body.metadata).toEqual(metadata);
      }
      // The stored answer keeps metadata as written too (no field of it was emptied or added).
      const stored = await db().idempotencyKey.findUniqueOrThrow({ where: { merchantId_key: { merchantId: b.merchantId, key } } });
      expect((JSON.parse(stored.responseBody!) as { metadata: unknown }).metadata).toEqual(metadata);
    });
  }

  it("B's own withdraw still gets its link on the replay, and nothing else does", async () => {
    const key = `own-${Math.random()}`;
    const first = await post(b.key, "/api/v1/withdraws", { amount: "1000", currency: "SATS", metadata: bait() }, { "Idempotency-Key": key });
    const replay = await post(b.key, "/api/v1/withdraws", { amount: "1000", currency: "SATS", metadata: bait() }, { "Idempotency-Key": key });
    expect(replay.body).toEqual(first.body);
    expect((await workingLinksIn(replay.text)).map((l) => l.withdrawId)).toEqual([first.body.id]);
  });
});

describe("the derivation's guards", () => {
  const grantFor = (merchantId: string) => linkAccessFor({ merchantId, principal: "full_key" }) as LinkGrant;

  it("derives a link only from a row read for the grant's own merchant", async () => {
    const row = (await loadWithdraw(pool(), a.merchantId, aWithdraw))!;
    expect(withdrawLinks(row, grantFor(a.merchantId)).lnurl).toMatch(/^LNURL1/);
    expect(() => withdrawLinks(row, grantFor(b.merchantId))).toThrow(/not read for the caller's own merchant/);
    // A row of A's made any other way than by a merchant-scoped loader (a copy, a literal) is refused even when cast.
    expect(() => withdrawLinks({ ...row } as MerchantWithdraw, grantFor(a.merchantId))).toThrow(/not read for the caller's own merchant/);
    // A grant not made from an authenticated caller is refused.
    expect(() => withdrawLinks(row, { merchantId: a.merchantId } as LinkGrant)).toThrow(/without a grant/);
  });

  it("a merchant-scoped loader finds nothing for another merchant's id", async () => {
    expect(await loadWithdraw(pool(), b.merchantId, aWithdraw)).toBeNull();
  });
});

describe("the link secret binds the merchant (version 2); links issued before (version 1) keep working", () => {
  const hmac = (message: string) => createHmac("sha256", resolveLnurlSecretKey()).update(message).digest("base64url");
  const firstStep = (secret: string) => fetch(`${server.url}/api/lnurl/w/${secret}`).then((r) => r.json() as Promise<Record<string, unknown>>);

  it("a new withdraw's secret is derived from its merchant and id: its id alone, or another merchant with it, opens nothing", async () => {
    const row = (await db().withdraw.findUniqueOrThrow({ where: { id: aWithdraw } }));
    expect(row.linkVersion).toBe(2);
    expect(row.lnurlSecretHash).toBe(createHash("sha256").update(hmac(`lnurlw:v2:${a.merchantId}:${aWithdraw}`)).digest("hex"));
    expect(await firstStep(hmac(`lnurlw:v2:${a.merchantId}:${aWithdraw}`))).toMatchObject({ tag: "withdrawRequest" });
    for (const wrong of [hmac(`lnurlw:${aWithdraw}`), hmac(`lnurlw:v2:${b.merchantId}:${aWithdraw}`)]) {
      expect(await firstStep(wrong)).toEqual({ status: "ERROR", reason: "This withdraw link is not valid." });
    }
  });

  it("a version-1 row (made before the binding) is shown and opened with its old link", async () => {
    const old = ((await post(a.key, "/api/v1/withdraws", { amount: "1200", currency: "SATS" })).body as { id: string }).id;
    const v1 = hmac(`lnurlw:${old}`);
    // As the migration left rows made before it: version 1, with the hash of the id-only secret.
    await db().withdraw.update({ where: { id: old }, data: { linkVersion: 1, lnurlSecretHash: createHash("sha256").update(v1).digest("hex") } });
    const shown = await fetch(`${server.url}/api/v1/withdraws/${old}`, { headers: { Authorization: `Bearer ${a.key}` } }).then((r) => r.text());
    expect((await workingLinksIn(shown)).map((l) => l.withdrawId)).toEqual([old]);
    expect(shown).toContain(`${env().publicUrl}/claim/${v1}`);
    expect(await firstStep(v1)).toMatchObject({ tag: "withdrawRequest" });
  });
});
