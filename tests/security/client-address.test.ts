// Issue 15, item 8: the client address cannot be forged. X-Forwarded-For counts only when the connection comes
// from a proxy the operator named in TRUSTED_PROXIES; otherwise the connection's own address is the client.
// Checked over real HTTP: the REST per-address rate limit through the real route handlers, and the Lightning
// sign-in code limit through a server that does what the sign-in page's server action does. Both servers get
// the connection's address as `npm start` gives it to Next.js (scripts/launcher/peer-address.mjs).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { startChallenge } from "@/lib/lnurl-auth/start-challenge";
import { CHALLENGES_PER_ADDRESS_PER_MINUTE } from "@/lib/lnurl-auth/address-limit";
import { clientAddress, PEER_HEADER, setTrustedProxies } from "@/lib/web/client-address";
import { setApiRateLimits } from "@/lib/web/rate-limit";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  merchant = await createTestMerchant();
});
afterAll(() => server.close());
// The clock stands still during each test, so no bucket refills while its requests run (each takes a moment,
// longer on a busy machine), and every test starts with no buckets.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(async () => {
  vi.useRealTimers();
  setApiRateLimits({ perKey: 0, perIp: 0 });
  setTrustedProxies([]);
  await db().rateLimit.deleteMany();
});

async function balanceFrom(headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/balance`, { headers: { Authorization: `Bearer ${merchant.key}`, ...headers } });
  await res.arrayBuffer();
  return res.status;
}

describe("the REST per-address limit", () => {
  it("counts a client that forges a new X-Forwarded-For on every request as one address", async () => {
    setApiRateLimits({ perKey: 0, perIp: 1 }); // a bucket of 2
    const statuses: number[] = [];
    for (let i = 1; i <= 35; i++) statuses.push(await balanceFrom({ "X-Forwarded-For": `198.51.100.${i}` }));
    expect(statuses).toEqual([200, 200, ...Array<number>(33).fill(429)]);
  });

  it("cannot be dodged by sending the header that carries the connection's address", async () => {
    setApiRateLimits({ perKey: 0, perIp: 1 });
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) statuses.push(await balanceFrom({ [PEER_HEADER]: `198.51.100.${i}`, "X-Forwarded-For": `192.0.2.${i}` }));
    expect(statuses).toEqual([200, 200, ...Array<number>(8).fill(429)]);
  });

  it("believes X-Forwarded-For from a named proxy: each client behind it has its own bucket", async () => {
    setTrustedProxies(["127.0.0.1", "10.0.0.0/8"]);
    setApiRateLimits({ perKey: 0, perIp: 1 });
    const statuses: number[] = [];
    for (let i = 1; i <= 35; i++) statuses.push(await balanceFrom({ "X-Forwarded-For": `198.51.100.${i}` }));
    expect(statuses.every((s) => s === 200)).toBe(true);
    // One client through two trusted proxies (10.1.2.3, then the test server's peer 127.0.0.1) is still that client;
    // what it wrote itself to the left of it does not matter.
    const chain = ["203.0.113.50, 10.1.2.3", "6.6.6.6, 203.0.113.50, 10.1.2.3", "203.0.113.50"];
    expect([await balanceFrom({ "X-Forwarded-For": chain[0] }), await balanceFrom({ "X-Forwarded-For": chain[1] })]).toEqual([200, 200]);
    expect(await balanceFrom({ "X-Forwarded-For": chain[2] })).toBe(429);
  });
});

describe("the REST per-address limit over IPv6", () => {
  it("counts every address of one /64 as one client, and another /64 as another", async () => {
    setTrustedProxies(["127.0.0.1"]);
    setApiRateLimits({ perKey: 0, perIp: 1 }); // a bucket of 2
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) statuses.push(await balanceFrom({ "X-Forwarded-For": `2001:db8:77:1::${i.toString(16)}` }));
    expect(statuses).toEqual([200, 200, ...Array<number>(8).fill(429)]);
    expect(await balanceFrom({ "X-Forwarded-For": "2001:db8:77:2::1" })).toBe(200);
  });
});

describe("the Lightning sign-in code limit", () => {
  it(`gives a client forging X-Forwarded-For at most ${CHALLENGES_PER_ADDRESS_PER_MINUTE} codes a minute`, async () => {
    // The sign-in page's server action: startChallenge({ action: "login" }, clientAddress(await headers())).
    const codes = createServer((req, res) => {
      void startChallenge({ action: "login" }, clientAddress(req.headers)).then((result) => res.end(JSON.stringify({ ok: result.ok })));
    });
    // No explicit stamping here: the hook `npm start` loads (imported by tests/support/serve-routes.ts) patches
    // every node:http server of the process, as it does Next.js's.
    await new Promise<void>((resolve) => codes.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(codes.address() as AddressInfo).port}/`;
      const answers: boolean[] = [];
      for (let i = 1; i <= 35; i++) {
        const res = await fetch(url, { headers: { "X-Forwarded-For": `198.51.100.${i}` } });
        answers.push(((await res.json()) as { ok: boolean }).ok);
      }
      expect(answers.filter(Boolean).length).toBe(CHALLENGES_PER_ADDRESS_PER_MINUTE);
      expect(answers.slice(CHALLENGES_PER_ADDRESS_PER_MINUTE)).toEqual([false, false, false, false, false]);
    } finally {
      await new Promise<void>((resolve) => codes.close(() => resolve()));
    }
  });
});
