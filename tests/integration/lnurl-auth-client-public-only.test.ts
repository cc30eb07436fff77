// Without LNURL_ALLOW_PRIVATE_URLS (production's default), POST /api/v1/lnurlauth refuses a service on a
// private or loopback address, and plain http, before anything is derived, signed, sent or recorded.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startFakeLnurlAuthService, type FakeLnurlAuthService } from "../support/fake-lnurl-auth-service";
import { createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let service: FakeLnurlAuthService;

beforeAll(async () => {
  delete process.env.LNURL_ALLOW_PRIVATE_URLS;
  server = await serveRoutes(ROUTES);
  service = await startFakeLnurlAuthService();
});
afterAll(async () => {
  await service.close();
  await server.close();
});

it("refuses private addresses and http, and nothing is sent, made or recorded", async () => {
  const m = await createTestMerchant();
  const k1 = "cd".repeat(32);
  const cases: [unknown, RegExp][] = [
    [{ callback: service.loginUrl() }, /https/],
    [{ callback: `https://127.0.0.1/auth?tag=login&k1=${k1}` }, /127\.0\.0\.1 is not a public address \(loopback\)/],
    [{ callback: `https://10.1.2.3/auth?tag=login&k1=${k1}` }, /not a public address \(private\)/],
    // Not localhost itself: that is PUBLIC_URL's host in tests, refused as Sluice's own (lnurl-auth-own-domain.test.ts).
    [{ lnurl: `keyauth://wallet.localhost/auth?tag=login&k1=${k1}` }, /wallet\.localhost is not a public address/],
  ];
  for (const [body, message] of cases) {
    const res = await fetch(`${server.url}/api/v1/lnurlauth`, {
      method: "POST",
      headers: { Authorization: `Bearer ${m.key}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status, JSON.stringify(answer)).toBe(400);
    expect(answer.error.code).toBe("lnurl_url_not_allowed");
    expect(answer.error.message).toMatch(message);
  }
  expect(service.calls).toEqual([]);
  expect(await db().lnurlAuthLogin.count({ where: { merchantId: m.merchantId } })).toBe(0);
  expect(await db().lnurlAuthSeed.count({ where: { merchantId: m.merchantId } })).toBe(0);
});
