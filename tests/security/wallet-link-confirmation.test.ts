// Issue 15, item 6: whoever saw a "Link a wallet" QR code owned the account for good. The link k1 is public
// (it is in the QR code); the first wallet to sign it was linked at once, with nothing in the account
// holder's browser, and from then on signed in as the owner. Now a wallet's signature only proposes its key;
// the key is linked when the browser that asked for the code confirms it with its own secret and the
// account's password, before the k1 expires. Unlinking asks for the password too.
import { randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { confirmWalletLink } from "@/lib/lnurl-auth/confirm-wallet-link";
import { consumeLogin } from "@/lib/lnurl-auth/consume-login";
import { createChallenge } from "@/lib/lnurl-auth/create-challenge";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { getLinkedKey } from "@/lib/lnurl-auth/linked-key";
import { unlinkWallet } from "@/lib/lnurl-auth/unlink-wallet";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { rejectedAppError } from "../support/app-errors";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());

const PASSWORD = "a long password";
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A LUD-04 wallet with its own key: signs the k1 of an LNURL and calls back over real HTTP. */
class AuthWallet {
  private readonly secretKey = secp256k1.utils.randomSecretKey();
  readonly key = hex(secp256k1.getPublicKey(this.secretKey, true));

  async scan(lnurl: string): Promise<{ status: string; reason?: string }> {
    const url = new URL(decodeLnurl(lnurl).replace(env().publicUrl, server.url));
    const sig = secp256k1.sign(Buffer.from(url.searchParams.get("k1")!, "hex"), this.secretKey, { prehash: false, format: "der" });
    url.searchParams.set("sig", hex(sig));
    url.searchParams.set("key", this.key);
    return (await (await fetch(url)).json()) as { status: string; reason?: string };
  }
}

async function status(challenge: { k1: string; secret: string }) {
  const res = await fetch(`${server.url}/api/lnurl/auth/status`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ k1: challenge.k1, secret: challenge.secret }),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function newUser(): Promise<string> {
  const email = `owner-${randomBytes(4).toString("hex")}@shop.test`;
  return (await createMerchantAccount({ name: "Link Shop", email, password: PASSWORD })).userId;
}

/** Whether `wallet` can sign in as anyone: a login k1 it signs turns into a session for the browser that asked. */
async function signsIn(wallet: AuthWallet): Promise<string | null> {
  const login = await createChallenge({ action: "login" });
  await wallet.scan(login.lnurl);
  return (await consumeLogin({ k1: login.k1, secret: login.secret }))?.id ?? null;
}

describe("a link code seen by someone else", () => {
  it("an onlooker's wallet that signs the victim's link code links nothing and signs nobody in", async () => {
    const victim = await newUser();
    const link = await createChallenge({ action: "link", userId: victim });
    const onlooker = new AuthWallet();
    expect(await onlooker.scan(link.lnurl)).toEqual({ status: "OK" });
    expect(await getLinkedKey(victim)).toBeNull();
    expect(await signsIn(onlooker)).toBeNull();
    // The victim's page sees what was proposed, with a fingerprint to compare, and is not told it is linked.
    expect(await status(link)).toMatchObject({ status: "proposed", linking_key: onlooker.key, fingerprint: keyFingerprint(onlooker.key) });
    // The victim's own wallet, scanning second, is told not to confirm.
    const own = new AuthWallet();
    expect((await own.scan(link.lnurl)).reason).toMatch(/already scanned this link code.*do not confirm it/);
  });

  it("the onlooker cannot confirm without the browser's secret, even with the password and the k1", async () => {
    const victim = await newUser();
    const link = await createChallenge({ action: "link", userId: victim });
    const onlooker = new AuthWallet();
    await onlooker.scan(link.lnurl);
    const guessed = { k1: link.k1, secret: randomBytes(32).toString("base64url"), password: PASSWORD };
    const error = await rejectedAppError(confirmWalletLink(victim, guessed));
    expect(error.code).toBe("wallet_link_unavailable");
    expect(error.message).toMatch(/No wallet was linked/);
    expect(await getLinkedKey(victim)).toBeNull();
    // Nor from another account that knows the secret: the proposal belongs to the user who asked.
    const other = await newUser();
    expect((await rejectedAppError(confirmWalletLink(other, { ...link, password: PASSWORD }))).code).toBe("wallet_link_unavailable");
    expect(await getLinkedKey(other)).toBeNull();
    expect(await signsIn(onlooker)).toBeNull();
  });
});

describe("the account holder's confirmation", () => {
  it("a wrong password links nothing and says so; the right one links the key, once", async () => {
    const user = await newUser();
    const wallet = new AuthWallet();
    const link = await createChallenge({ action: "link", userId: user });
    await wallet.scan(link.lnurl);

    const wrong = await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: "not my password" }));
    expect(wrong).toMatchObject({ code: "invalid_credentials", param: "password" });
    expect(wrong.message).toBe("That is not your account's password. No wallet was linked.");
    expect(await getLinkedKey(user)).toBeNull();
    expect(await signsIn(wallet)).toBeNull();
    expect((await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: "" }))).message).toBe("Enter your password.");

    expect(await confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD })).toEqual({ linkingKey: wallet.key });
    expect(await getLinkedKey(user)).toMatchObject({ linkingKey: wallet.key });
    expect(await status(link)).toEqual({ status: "linked", linking_key: wallet.key });
    expect(await signsIn(wallet)).toBe(user);
    // Single use: the confirmed proposal cannot be confirmed again.
    expect((await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD }))).code).toBe("wallet_link_unavailable");
  });

  it("the proposal expires with the k1", async () => {
    const user = await newUser();
    const wallet = new AuthWallet();
    const link = await createChallenge({ action: "link", userId: user });
    await wallet.scan(link.lnurl);
    const afterExpiry = new Date(link.expiresAt.getTime() + 1000);
    const error = await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD }, afterExpiry));
    expect(error.code).toBe("wallet_link_unavailable");
    expect(error.message).toMatch(/expired/);
    expect(await getLinkedKey(user)).toBeNull();
  });

  it("a code nobody has scanned yet cannot be confirmed", async () => {
    const user = await newUser();
    const link = await createChallenge({ action: "link", userId: user });
    expect((await rejectedAppError(confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD }))).code).toBe("wallet_link_unavailable");
    expect(await status(link)).toMatchObject({ status: "pending" });
  });
});

describe("unlinking", () => {
  it("needs the password: a wrong one keeps the wallet linked, the right one removes it", async () => {
    const user = await newUser();
    const wallet = new AuthWallet();
    const link = await createChallenge({ action: "link", userId: user });
    await wallet.scan(link.lnurl);
    await confirmWalletLink(user, { k1: link.k1, secret: link.secret, password: PASSWORD });

    const wrong = await rejectedAppError(unlinkWallet(user, { password: "guess" }));
    expect(wrong).toMatchObject({ code: "invalid_credentials", param: "password", message: "That is not your account's password. The wallet is still linked." });
    expect(await getLinkedKey(user)).toMatchObject({ linkingKey: wallet.key });
    expect(await signsIn(wallet)).toBe(user);

    expect(await unlinkWallet(user, { password: PASSWORD })).toEqual({ unlinked: true });
    expect(await getLinkedKey(user)).toBeNull();
    expect(await signsIn(wallet)).toBeNull();
    expect(await unlinkWallet(user, { password: PASSWORD })).toEqual({ unlinked: false });
  });
});
