// Issue 26, item 1: LNURL service calls (payouts' Lightning Address and LNURL-pay, the claim page's, scan,
// LNURL-withdraw deposits, LNURL-auth sign-ins) went to any port of a public host, so a pasted code could make
// Sluice knock on a public server's SSH or admin port. Now only a scheme's usual port is called (443 for https,
// 80 for http where http is allowed) and any other is refused before DNS or a connection, with a message that
// says so. LNURL_ALLOW_PRIVATE_URLS (tests, local development) lifts the rule along with the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimToAddress } from "@/lib/claims/claim-to-address";
import { db } from "@/lib/db";
import { signInToService } from "@/lib/lnurl-auth-client/sign-in-to-service";
import { fetchServiceJson } from "@/lib/lnurl-client/fetch-service-json";
import { checkServiceUrl, type ServicePolicy } from "@/lib/lnurl-client/service-policy";
import { createPayout } from "@/lib/payouts/create-payout";
import { linksOf } from "../support/withdraw-links";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { appErrorOf, rejectedAppError } from "../support/app-errors";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  merchant = await createTestMerchant(1_000_000n);
});
afterAll(() => server.close());

/** Production's policy, with a resolver that notes every host it is asked for and finds none (nothing can connect). */
function strictPolicy(): ServicePolicy & { looked: string[] } {
  const looked: string[] = [];
  return {
    allowPrivate: false,
    looked,
    resolve: async (host) => {
      looked.push(host);
      throw new Error("no DNS in this test");
    },
  };
}

describe("the port of an LNURL service", () => {
  it("refuses https://example.com:8443 before any lookup or connection, saying which port", async () => {
    const policy = strictPolicy();
    const error = await rejectedAppError(fetchServiceJson("https://example.com:8443/.well-known/lnurlp/x", policy));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toBe("LNURL services are only called on the usual port (443 for https, 80 for http); example.com:8443 uses port 8443.");
    expect(policy.looked).toEqual([]);
  });

  it.each([
    ["https://example.com:80/p", "80"],
    ["https://93.184.216.34:22/p", "22"],
    ["http://abcdefghij.onion:8080/p", "8080"],
    ["https://[2606:2800:220:1::1]:8443/p", "8443"],
  ])("refuses %s (port %s)", (url, port) => {
    const error = appErrorOf(() => checkServiceUrl(url, { allowPrivate: false }));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toContain(`uses port ${port}`);
  });

  it("allows the usual ports, written or not; any port only when private URLs are allowed", () => {
    expect(checkServiceUrl("https://example.com:443/p", { allowPrivate: false }).port).toBe("");
    expect(checkServiceUrl("https://example.com/p", { allowPrivate: false }).port).toBe("");
    expect(checkServiceUrl("http://abcdefghij.onion:80/p", { allowPrivate: false }).port).toBe("");
    expect(checkServiceUrl("http://127.0.0.1:4000/p", { allowPrivate: true }).port).toBe("4000");
    expect(checkServiceUrl("https://example.com:8443/p", { allowPrivate: true }).port).toBe("8443");
  });

  it("a payout to a Lightning Address whose domain has a port is refused before anything is called or reserved", async () => {
    const policy = strictPolicy();
    const error = await rejectedAppError(createPayout(merchant.merchantId, { destination: "alice@example.com:8443", amount: "100", currency: "SATS" }, { policy }));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toContain("example.com:8443 uses port 8443");
    expect(policy.looked).toEqual([]);
    expect(await db().payout.count({ where: { merchantId: merchant.merchantId } })).toBe(0);
  });

  it("the claim page's Lightning Address with a port is refused, and the withdraw stays unpaid", async () => {
    const res = await api(server.url, merchant.key).post("/api/v1/withdraws", { amount: "1000", currency: "SATS" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const withdraw = withdrawObjectSchema.parse(res.body);
    const policy = strictPolicy();
    const error = await rejectedAppError(claimToAddress({ secret: (await linksOf(withdraw.id)).secret, destination: "alice@example.com:8443" }, new Date(), policy));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toContain("uses port 8443");
    expect(policy.looked).toEqual([]);
    expect(await db().withdrawPayment.count({ where: { withdrawId: withdraw.id } })).toBe(0);
  });

  it("an LNURL-auth sign-in at a service on another port signs nothing and records nothing", async () => {
    const policy = strictPolicy();
    const error = await rejectedAppError(signInToService(merchant.merchantId, { callback: `https://example.com:8443/auth?tag=login&k1=${"ab".repeat(32)}` }, policy));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toContain("uses port 8443");
    expect(policy.looked).toEqual([]);
    expect(await db().lnurlAuthLogin.count({ where: { merchantId: merchant.merchantId } })).toBe(0);
    expect(await db().lnurlAuthSeed.count({ where: { merchantId: merchant.merchantId } })).toBe(0);
  });
});
