// Issue 26, item 2: a merchant's LNURL-auth client key ("sign in elsewhere with the merchant's key", which
// API keys and developers can use) could sign in to Sluice itself. The client now refuses a login link on the
// installation's own PUBLIC_URL host (LUD-05 derives the key from the host alone, so any port of that host is
// refused too), before the merchant's secret is made or used: nothing is signed, sent or recorded.
//
// And Sign in with Lightning refuses a merchant's client key. Refusing the own host is not enough: a k1 carries
// no domain, so a service the client signs in to (any host) can pass the signature it got on to Sluice's own
// callback, with Sluice's link or login k1 in its link. Every key the client has shown a service is recorded
// before it leaves; such a key is never linked to a user, and never signs anyone in.
process.env.PUBLIC_URL = "https://pay.sluice.test";
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { confirmWalletLink } from "@/lib/lnurl-auth/confirm-wallet-link";
import { consumeLogin } from "@/lib/lnurl-auth/consume-login";
import { createChallenge } from "@/lib/lnurl-auth/create-challenge";
import { getLinkedKey } from "@/lib/lnurl-auth/linked-key";
import { deriveLinkingKey } from "@/lib/lnurl-auth-client/linking-key";
import { merchantAuthSeed } from "@/lib/lnurl-auth-client/merchant-seed";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { signInToService } from "@/lib/lnurl-auth-client/sign-in-to-service";
import { decodeLnurl, encodeLnurl } from "@/lib/lnurl/codec";
import type { ServicePolicy } from "@/lib/lnurl-client/service-policy";
import { rejectedAppError } from "../support/app-errors";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

type Relayed = { k1: string; sig: string; key: string };

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;
// A service the merchant's client signs in to that keeps each signature it receives (and answers OK), to pass it on.
let relay: { url: string; received: Relayed[]; meanwhile: ((signed: Relayed) => Promise<void>) | null; close: () => Promise<void> };
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  merchant = await createTestMerchant();
  const received: Relayed[] = [];
  const http = createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://relay").searchParams;
    const signed = { k1: q.get("k1") ?? "", sig: q.get("sig") ?? "", key: q.get("key") ?? "" };
    received.push(signed);
    // What the relay does with the signature before it answers the client, if anything.
    void (relay.meanwhile?.(signed) ?? Promise.resolve()).then(() => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "OK" })));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  relay = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    received,
    meanwhile: null,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
});
afterAll(async () => {
  await relay.close();
  await server.close();
});

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

const PASSWORD = "a long password";

async function newUser(): Promise<string> {
  const email = `owner-${randomBytes(4).toString("hex")}@shop.test`;
  return (await createMerchantAccount({ name: "Own Shop", email, password: PASSWORD })).userId;
}

/** The merchant's client signs `k1` at the relay (over the REST API, as an API key can); the relay keeps the signature. */
async function clientSigns(m: TestMerchant, k1: string, action: "link" | "login"): Promise<Relayed> {
  const res = await fetch(`${server.url}/api/v1/lnurlauth`, {
    method: "POST",
    headers: { Authorization: `Bearer ${m.key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ callback: `${relay.url}/auth?tag=login&k1=${k1}&action=${action}` }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const signed = relay.received.at(-1)!;
  expect(signed.k1).toBe(k1);
  return signed;
}

/** The relay passes a signature on to Sluice's own LNURL-auth callback, as a wallet would call it. */
async function passOn(link: { lnurl: string }, signed: Relayed): Promise<{ status: string; reason?: string }> {
  const url = new URL(decodeLnurl(link.lnurl).replace(env().publicUrl, server.url));
  url.searchParams.set("sig", signed.sig);
  url.searchParams.set("key", signed.key);
  return (await (await fetch(url)).json()) as { status: string; reason?: string };
}

const CLIENT_KEY_REFUSAL = /^This key is one Sluice signs in to other services with \(a merchant's LNURL-auth key\): it cannot sign in to Sluice\./;

describe("Sign in with Lightning and the merchants' client keys", () => {
  it("refuses to link a key the merchant's client presented, even passed on by the service it signed in to", async () => {
    const user = await newUser();
    const link = await createChallenge({ action: "link", userId: user });
    const signed = await clientSigns(merchant, link.k1, "link");
    expect(signed.key).toBe(deriveLinkingKey(await merchantAuthSeed(merchant.merchantId), "127.0.0.1").publicKey);

    const answer = await passOn(link, signed);
    expect(answer.status).toBe("ERROR");
    expect(answer.reason).toMatch(CLIENT_KEY_REFUSAL);
    // Nothing was proposed, so the account holder has nothing to confirm; nothing is linked.
    const confirmed = await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD }));
    expect(confirmed.code).toBe("wallet_link_unavailable");
    expect(await getLinkedKey(user)).toBeNull();
    expect(await db().lnurlAuthKey.count({ where: { linkingKey: signed.key } })).toBe(0);
  });

  it("refuses it even while the client is still waiting for that service's answer: the key is recorded before it is shown", async () => {
    const user = await newUser();
    const link = await createChallenge({ action: "link", userId: user });
    // A fresh merchant: its client has never shown this relay a key before.
    const other = await createTestMerchant();
    const answers: { status: string; reason?: string }[] = [];
    relay.meanwhile = async (signed) => {
      answers.push(await passOn(link, signed));
    };
    try {
      await clientSigns(other, link.k1, "link");
    } finally {
      relay.meanwhile = null;
    }
    expect(answers).toHaveLength(1);
    expect(answers[0].status).toBe("ERROR");
    expect(answers[0].reason).toMatch(CLIENT_KEY_REFUSAL);
    expect((await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD }))).code).toBe("wallet_link_unavailable");
    expect(await getLinkedKey(user)).toBeNull();
  });

  it("a client key linked before this rule existed signs nobody in", async () => {
    const user = await newUser();
    // Sign in to the relay once, so its key is one the client has shown; then a link made the old way.
    const first = await clientSigns(merchant, "cd".repeat(32), "login");
    await db().lnurlAuthKey.create({ data: { linkingKey: first.key, userId: user } });

    const login = await createChallenge({ action: "login" });
    const answer = await passOn(login, await clientSigns(merchant, login.k1, "login"));
    expect(answer.status).toBe("ERROR");
    expect(answer.reason).toMatch(CLIENT_KEY_REFUSAL);
    expect(await consumeLogin({ k1: login.k1, secret: login.secret })).toBeNull();
  });
});
