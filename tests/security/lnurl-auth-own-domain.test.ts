// Issue 26, item 2: a merchant's LNURL-auth client key ("sign in elsewhere with the merchant's key", which
// API keys and developers can use) could sign in to Sluice itself. The client now refuses a login link on the
// installation's own PUBLIC_URL host (LUD-05 derives the key from the host alone, so any port of that host is
// refused too), before the merchant's secret is made or used: nothing is signed, sent or recorded.
process.env.PUBLIC_URL = "https://pay.sluice.test";
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createChallenge } from "@/lib/lnurl-auth/create-challenge";
import { signInToService } from "@/lib/lnurl-auth-client/sign-in-to-service";
import { encodeLnurl } from "@/lib/lnurl/codec";
import type { ServicePolicy } from "@/lib/lnurl-pay/service-policy";
import { rejectedAppError } from "../support/app-errors";
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

const K1 = "ab".repeat(32);

/** A resolver that notes every host it is asked for and finds none: nothing can be sent. */
function watchedPolicy(allowPrivate: boolean): ServicePolicy & { looked: string[] } {
  const looked: string[] = [];
  return {
    allowPrivate,
    looked,
    resolve: async (host) => {
      looked.push(host);
      throw new Error("no DNS in this test");
    },
  };
}

async function nothingKept(m: TestMerchant): Promise<void> {
  expect(await db().lnurlAuthLogin.count({ where: { merchantId: m.merchantId } })).toBe(0);
  expect(await db().lnurlAuthSeed.count({ where: { merchantId: m.merchantId } })).toBe(0);
}

describe("the LNURL-auth client and Sluice's own domain", () => {
  it("refuses Sluice's own login code, in every form, before anything is derived, signed or recorded", async () => {
    const own = await createChallenge({ action: "login" });
    const url = `https://pay.sluice.test/api/lnurl/auth?tag=login&k1=${K1}&action=login`;
    const forms: unknown[] = [
      { lnurl: own.lnurl },
      { lnurl: own.lightningUri },
      { callback: url },
      { callback: url.replace("https://pay.sluice.test/", "https://PAY.Sluice.test./") },
      { lnurl: encodeLnurl(url.replace("pay.sluice.test/", "pay.sluice.test:8443/")) },
      { lnurl: url.replace("https:", "keyauth:") },
    ];
    for (const allowPrivate of [false, true]) {
      for (const body of forms) {
        const policy = watchedPolicy(allowPrivate);
        const error = await rejectedAppError(signInToService(merchant.merchantId, body, policy));
        expect(error.code, JSON.stringify(body)).toBe("lnurl_url_not_allowed");
        expect(error.message).toBe(
          "That code is for this Sluice installation (pay.sluice.test): the merchant's LNURL-auth key never signs in to Sluice itself. Sign in to Sluice with a password or your own wallet.",
        );
        expect(policy.looked).toEqual([]);
      }
    }
    await nothingKept(merchant);
  });

  it("POST /api/v1/lnurlauth answers 400 for it, naming the field", async () => {
    const own = await createChallenge({ action: "login" });
    const res = await fetch(`${server.url}/api/v1/lnurlauth`, {
      method: "POST",
      headers: { Authorization: `Bearer ${merchant.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ lnurl: own.lnurl }),
    });
    const answer = (await res.json()) as { error: { code: string; message: string; param?: string } };
    expect(res.status, JSON.stringify(answer)).toBe(400);
    expect(answer.error).toMatchObject({ code: "lnurl_url_not_allowed", param: "lnurl" });
    expect(answer.error.message).toMatch(/^That code is for this Sluice installation \(pay\.sluice\.test\)/);
    await nothingKept(merchant);
  });
});
