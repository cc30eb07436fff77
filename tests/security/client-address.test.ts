// Issue 15, item 8: the client address cannot be forged. X-Forwarded-For counts only when the connection comes
// from a proxy the operator named in TRUSTED_PROXIES; otherwise the connection's own address is the client.
// Checked over real HTTP through the real REST route handlers (the per-address rate limit).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
afterEach(() => setApiRateLimits({ perKey: 0, perIp: 0 }));

async function balanceFrom(forwardedFor: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/balance`, {
    headers: { Authorization: `Bearer ${merchant.key}`, "X-Forwarded-For": forwardedFor },
  });
  await res.arrayBuffer();
  return res.status;
}

describe("the REST per-address limit", () => {
  it("counts a client that forges a new X-Forwarded-For on every request as one address", async () => {
    setApiRateLimits({ perKey: 0, perIp: 1 }); // a bucket of 2
    const statuses: number[] = [];
    for (let i = 1; i <= 35; i++) statuses.push(await balanceFrom(`198.51.100.${i}`));
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(32);
  });
});
