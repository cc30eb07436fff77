// Issue 15, item 4: the security log records new API keys and revocations, wallet links and unlinks, users
// added (also by the admin CLI), with labels only: never a key, a password or a session id. The wallet forms'
// password checks count towards the sign-in throttle. Real domain functions and real LNURL-auth route handlers.
import { randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyAs, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { FREE_FAILURES_PER_ACCOUNT } from "@/lib/auth/sign-in-throttle";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { confirmWalletLink } from "@/lib/lnurl-auth/confirm-wallet-link";
import { createChallenge } from "@/lib/lnurl-auth/create-challenge";
import { unlinkWallet } from "@/lib/lnurl-auth/unlink-wallet";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { addUser } from "@/lib/merchants/add-user";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { getAccount, type Account } from "@/lib/merchants/get-account";
import { listSecurityEvents } from "@/lib/security-log/list-security-events";
import { rejectedAppError } from "../support/app-errors";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

const PASSWORD = "a long password";
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

let server: Awaited<ReturnType<typeof serveRoutes>>;
let owner: Account;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  const { userId } = await createMerchantAccount({ name: "Log Shop", email: `owner-${randomBytes(4).toString("hex")}@shop.test`, password: PASSWORD });
  owner = (await getAccount(userId))!;
});
afterAll(() => server.close());

const latest = async () => (await listSecurityEvents(owner, {})).entries[0];

describe("API keys", () => {
  it("logs a new key and its revocation by name and prefix, never the key", async () => {
    const created = await createApiKeyAs(owner, { name: "till", scope: "full" });
    expect(await latest()).toMatchObject({ kind: "api_key_created", actorLabel: owner.user.email, subject: `till (${created.prefix}…)`, detail: { scope: "full" } });
    await revokeApiKey(owner, { keyId: created.id });
    expect(await latest()).toMatchObject({ kind: "api_key_revoked", subject: `till (${created.prefix}…)` });
    // Revoking again changes nothing, and logs nothing.
    const count = await db().securityEvent.count();
    await revokeApiKey(owner, { keyId: created.id });
    expect(await db().securityEvent.count()).toBe(count);
    expect(JSON.stringify(await db().securityEvent.findMany({}))).not.toContain(created.key);
  });
});

describe("users", () => {
  it("logs a user added with the admin CLI", async () => {
    const email = `cli-${randomBytes(4).toString("hex")}@shop.test`;
    await addUser({ merchantEmail: owner.user.email, email, password: PASSWORD, role: "finance" });
    expect(await latest()).toMatchObject({ kind: "user_added", actorLabel: "admin CLI", subject: email, detail: { role: "finance" } });
  });
});

describe("wallets", () => {
  it("logs a wallet linked (after the account holder confirms) and unlinked", async () => {
    const secretKey = secp256k1.utils.randomSecretKey();
    const key = hex(secp256k1.getPublicKey(secretKey, true));
    const link = await createChallenge({ action: "link", userId: owner.user.id });
    const url = new URL(decodeLnurl(link.lnurl).replace(env().publicUrl, server.url));
    url.searchParams.set("sig", hex(secp256k1.sign(Buffer.from(link.k1, "hex"), secretKey, { prehash: false, format: "der" })));
    url.searchParams.set("key", key);
    expect(await (await fetch(url)).json()).toEqual({ status: "OK" });

    await confirmWalletLink(owner.user.id, { k1: link.k1, secret: link.secret, password: PASSWORD });
    expect(await latest()).toMatchObject({ kind: "wallet_linked", actorLabel: owner.user.email, subject: key });
    expect(await unlinkWallet(owner.user.id, { password: PASSWORD })).toEqual({ unlinked: true });
    expect(await latest()).toMatchObject({ kind: "wallet_unlinked", actorLabel: owner.user.email });
    expect(JSON.stringify(await db().securityEvent.findMany({}))).not.toContain(link.secret);
  });

  it("counts wrong passwords on the wallet forms towards the account's sign-in lock", async () => {
    const { userId } = await createMerchantAccount({ name: "Guess Shop", email: `guess-${randomBytes(4).toString("hex")}@shop.test`, password: PASSWORD });
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) {
      expect(await rejectedAppError(unlinkWallet(userId, { password: `wrong ${i}` }))).toMatchObject({ code: "invalid_credentials" });
    }
    // Locked now: even the right password is refused, before it is checked.
    expect(await rejectedAppError(unlinkWallet(userId, { password: PASSWORD }))).toMatchObject({ code: "sign_in_throttled" });
  });
});
