// Sign in with Lightning (LUD-04) over real HTTP through the real route handlers: a test wallet with its own
// secp256k1 key proposes itself to a user, the user confirms it with the password, then it signs that user in; k1s are single-use, expire, are bound to the
// browser that asked for them, and refuse unknown keys, bad signatures and keys of another user.
import { randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { consumeLogin } from "@/lib/lnurl-auth/consume-login";
import { createChallenge, type NewChallenge } from "@/lib/lnurl-auth/create-challenge";
import { getLinkedKey } from "@/lib/lnurl-auth/linked-key";
import { purgeExpiredChallenges } from "@/lib/lnurl-auth/purge-challenges";
import { MAX_PENDING_CHALLENGES, MAX_PENDING_LINKS_PER_USER } from "@/lib/lnurl-auth/rules";
import { confirmWalletLink } from "@/lib/lnurl-auth/confirm-wallet-link";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { unlinkWallet } from "@/lib/lnurl-auth/unlink-wallet";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { rejectedAppError } from "../support/app-errors";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
type LnurlReply = { status: string; reason?: string };

/** A wallet with its own linking key, speaking LUD-04 to the server (PUBLIC_URL mapped to the test server). */
class TestAuthWallet {
  readonly secretKey = secp256k1.utils.randomSecretKey();
  readonly key = hex(secp256k1.getPublicKey(this.secretKey, true));

  /** The callback URL the wallet would call for this LNURL, signed with `signK1` (default: the LNURL's own k1). */
  signedUrl(lnurl: string, signK1?: string): string {
    const url = new URL(decodeLnurl(lnurl).replace(env().publicUrl, server.url));
    const k1 = url.searchParams.get("k1")!;
    const sig = secp256k1.sign(Buffer.from(signK1 ?? k1, "hex"), this.secretKey, { prehash: false, format: "der" });
    url.searchParams.set("sig", hex(sig));
    url.searchParams.set("key", this.key);
    return url.toString();
  }

  async scan(lnurl: string, signK1?: string): Promise<LnurlReply> {
    return call(this.signedUrl(lnurl, signK1));
  }
}

async function call(url: string): Promise<LnurlReply> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return (await res.json()) as LnurlReply;
}

async function status(challenge: { k1: string; secret: string }) {
  const res = await fetch(`${server.url}/api/lnurl/auth/status`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ k1: challenge.k1, secret: challenge.secret }),
  });
  return { code: res.status, body: (await res.json()) as Record<string, unknown> };
}

const PASSWORD = "a long password";

async function newUser(): Promise<{ userId: string; email: string }> {
  const email = `owner-${randomBytes(4).toString("hex")}@shop.test`;
  const { userId } = await createMerchantAccount({ name: "Auth Shop", email, password: PASSWORD });
  return { userId, email };
}

/** The Settings page's confirmation of the key a wallet proposed on `link`, with the user's password. */
function confirm(userId: string, link: { k1: string; secret: string }) {
  return confirmWalletLink(userId, { k1: link.k1, secret: link.secret, password: PASSWORD });
}

async function linkedUser(wallet: TestAuthWallet) {
  const user = await newUser();
  const link = await createChallenge({ action: "link", userId: user.userId });
  expect(await wallet.scan(link.lnurl)).toEqual({ status: "OK" });
  expect(await confirm(user.userId, link)).toEqual({ linkingKey: wallet.key });
  return user;
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

describe("link, then sign in", () => {
  const wallet = new TestAuthWallet();
  let user: { userId: string; email: string };

  it("serves a login LNURL on PUBLIC_URL with tag=login, a fresh 32-byte k1 and the action", async () => {
    user = await newUser();
    const link = await createChallenge({ action: "link", userId: user.userId });
    expect(link.lnurl).toBe(link.lnurl.toUpperCase());
    expect(decodeLnurl(link.lnurl)).toBe(`${env().publicUrl}/api/lnurl/auth?tag=login&k1=${link.k1}&action=link`);
    expect(link.k1).toMatch(/^[0-9a-f]{64}$/);
    expect(link.keyauth).toBe(`keyauth://${env().publicUrl.replace(/^https?:\/\//, "")}/api/lnurl/auth?tag=login&k1=${link.k1}&action=link`);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(290_000);
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    // The database keeps a hash of the browser's secret, never the secret.
    const row = await db().lnurlAuthChallenge.findUnique({ where: { k1: link.k1 } });
    expect(row?.browserSecretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(link.secret);

    expect((await status(link)).body).toMatchObject({ status: "pending", refusal: null });
    expect(await wallet.scan(link.lnurl)).toEqual({ status: "OK" });
    // The signature only proposes the key: the page shows it and waits for the password.
    expect((await status(link)).body).toEqual({
      status: "proposed",
      linking_key: wallet.key,
      fingerprint: keyFingerprint(wallet.key),
      expires_at: link.expiresAt.getTime(),
    });
    expect(await getLinkedKey(user.userId)).toBeNull();
    expect(await confirm(user.userId, link)).toEqual({ linkingKey: wallet.key });
    expect((await status(link)).body).toEqual({ status: "linked", linking_key: wallet.key });
    expect(await getLinkedKey(user.userId)).toMatchObject({ linkingKey: wallet.key, lastUsedAt: null });
  });

  it("signs the linked user in once the wallet signed the login k1, exactly once", async () => {
    const login = await createChallenge({ action: "login" });
    expect(await consumeLogin({ k1: login.k1, secret: login.secret })).toBeNull(); // not signed yet
    expect(await wallet.scan(login.lnurl)).toEqual({ status: "OK" });
    expect((await status(login)).body).toEqual({ status: "verified" });

    const signedIn = await consumeLogin({ k1: login.k1, secret: login.secret });
    expect(signedIn).toMatchObject({ id: user.userId, email: user.email, role: "owner" });
    expect(await consumeLogin({ k1: login.k1, secret: login.secret })).toBeNull();
    expect((await status(login)).body).toEqual({ status: "used" });
    expect((await getLinkedKey(user.userId))?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("binds the k1 to the browser: without its secret, nobody learns the status or takes the session", async () => {
    const login = await createChallenge({ action: "login" });
    expect(await wallet.scan(login.lnurl)).toEqual({ status: "OK" });
    const onlooker = { k1: login.k1, secret: randomBytes(32).toString("base64url") };
    expect(await status(onlooker)).toEqual({ code: 404, body: { status: "unknown" } });
    expect(await consumeLogin(onlooker)).toBeNull();
    expect(await consumeLogin({ k1: login.k1 })).toBeNull();
    // The browser that asked still can.
    expect((await consumeLogin({ k1: login.k1, secret: login.secret }))?.id).toBe(user.userId);
  });

  it("answers the status endpoint's bad input with 400 and a reason", async () => {
    const res = await fetch(`${server.url}/api/lnurl/auth/status`, { method: "POST", body: JSON.stringify({ k1: "abc", secret: "x" }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "k1 must be 64 hexadecimal characters (32 bytes)." });
  });

  it("refuses a second link while a key is linked, and after unlinking the key signs nobody in", async () => {
    expect((await rejectedAppError(createChallenge({ action: "link", userId: user.userId }))).code).toBe("wallet_key_linked");
    const verified = await createChallenge({ action: "login" });
    expect(await wallet.scan(verified.lnurl)).toEqual({ status: "OK" });

    expect(await unlinkWallet(user.userId, { password: PASSWORD })).toEqual({ unlinked: true });
    expect(await getLinkedKey(user.userId)).toBeNull();
    // Signed a moment before the unlink: no session all the same.
    expect(await consumeLogin({ k1: verified.k1, secret: verified.secret })).toBeNull();
    const login = await createChallenge({ action: "login" });
    expect((await wallet.scan(login.lnurl)).status).toBe("ERROR");
  });
});

describe("what the wallet callback refuses", () => {
  const wallet = new TestAuthWallet();
  let user: { userId: string };

  beforeAll(async () => {
    user = await linkedUser(wallet);
  });

  it("a k1 used once already", async () => {
    const login = await createChallenge({ action: "login" });
    expect(await wallet.scan(login.lnurl)).toEqual({ status: "OK" });
    expect(await wallet.scan(login.lnurl)).toEqual({
      status: "ERROR",
      reason: "This login code has already been used. Reload the page in Sluice for a new QR code.",
    });
    const link = await createChallenge({ action: "link", userId: (await newUser()).userId });
    const other = new TestAuthWallet();
    expect(await other.scan(link.lnurl)).toEqual({ status: "OK" });
    expect(await other.scan(link.lnurl)).toEqual({
      status: "ERROR",
      reason: "A wallet has already scanned this link code. If that was not this wallet, do not confirm it in Sluice: show a new code and scan that.",
    });
  });

  it("a k1 older than 5 minutes, and the page is told it expired", async () => {
    const login = await createChallenge({ action: "login" }, ago(301));
    expect(await wallet.scan(login.lnurl)).toEqual({
      status: "ERROR",
      reason: "This login code has expired (codes last 5 minutes). Reload the page in Sluice for a new QR code.",
    });
    expect((await status(login)).body).toEqual({ status: "expired" });
    // Just inside the 5 minutes it still works.
    const young = await createChallenge({ action: "login" }, ago(290));
    expect(await wallet.scan(young.lnurl)).toEqual({ status: "OK" });
  });

  it("a key linked to nobody, telling the page why; the k1 stays usable for the right wallet", async () => {
    const login = await createChallenge({ action: "login" });
    const stranger = new TestAuthWallet();
    const refused = await stranger.scan(login.lnurl);
    expect(refused).toEqual({
      status: "ERROR",
      reason: "This wallet is not linked to any Sluice account. Sign in with your password and link it under Settings first.",
    });
    expect((await status(login)).body).toMatchObject({ status: "pending", refusal: refused.reason });
    expect(await wallet.scan(login.lnurl)).toEqual({ status: "OK" });
    expect((await consumeLogin(login))?.id).toBe(user.userId);
  });

  it("a wrong signature, without telling the page anything", async () => {
    const login = await createChallenge({ action: "login" });
    const otherK1 = randomBytes(32).toString("hex");
    expect(await wallet.scan(login.lnurl, otherK1)).toEqual({ status: "ERROR", reason: "The signature does not verify for this key and k1." });
    // Another key's signature sent under this key.
    const url = new URL(new TestAuthWallet().signedUrl(login.lnurl));
    url.searchParams.set("key", wallet.key);
    expect(await call(url.toString())).toEqual({ status: "ERROR", reason: "The signature does not verify for this key and k1." });
    expect((await status(login)).body).toMatchObject({ status: "pending", refusal: null });
    expect(await wallet.scan(login.lnurl)).toEqual({ status: "OK" });
  });

  it("a key already linked to another user, and the k1 stays pending", async () => {
    const someoneElse = await newUser();
    const link = await createChallenge({ action: "link", userId: someoneElse.userId });
    expect(await wallet.scan(link.lnurl)).toEqual({ status: "ERROR", reason: "This wallet is already linked to another Sluice account." });
    expect((await status(link)).body).toMatchObject({ status: "pending", refusal: "This wallet is already linked to another Sluice account." });
    expect(await getLinkedKey(someoneElse.userId)).toBeNull();
    expect((await getLinkedKey(user.userId))?.linkingKey).toBe(wallet.key);
    // Another wallet can still use the same k1.
    const own = new TestAuthWallet();
    expect(await own.scan(link.lnurl)).toEqual({ status: "OK" });
    await confirm(someoneElse.userId, link);
    expect((await getLinkedKey(someoneElse.userId))?.linkingKey).toBe(own.key);
  });

  it("unknown k1s, a link code used as a login and malformed queries, each with a clear reason", async () => {
    const unknown = encodeURIComponent(randomBytes(32).toString("hex"));
    const base = `${server.url}/api/lnurl/auth`;
    const login = await createChallenge({ action: "login" });
    const signed = new URL(wallet.signedUrl(login.lnurl));
    const q = (change: Record<string, string>) => {
      const url = new URL(signed);
      for (const [k, v] of Object.entries(change)) url.searchParams.set(k, v);
      return url.toString();
    };
    expect(await call(q({ k1: unknown }))).toEqual({ status: "ERROR", reason: "Unknown login code. Reload the page in Sluice for a new QR code." });
    expect(await call(q({ action: "link" }))).toEqual({ status: "ERROR", reason: 'This code is for "login", not "link".' });
    expect(await call(q({ key: "02abcd" }))).toEqual({
      status: "ERROR",
      reason: "key must be a compressed public key: 66 hexadecimal characters starting with 02 or 03.",
    });
    expect(await call(q({ sig: "zz" }))).toEqual({ status: "ERROR", reason: "sig must be hexadecimal." });
    expect(await call(q({ sig: `${signed.searchParams.get("sig")}00` }))).toEqual({
      status: "ERROR",
      reason: "The signature is not strict DER: invalid signature: left bytes after parsing.",
    });
    expect(await call(`${base}?tag=login&k1=${login.k1}`)).toEqual({ status: "ERROR", reason: "Missing sig." });
    expect(await call(`${signed.toString()}&sig=00`)).toEqual({ status: "ERROR", reason: "Send sig once." });
    // None of that used the k1.
    expect(await call(signed.toString())).toEqual({ status: "OK" });
    const preflight = await fetch(base, { method: "OPTIONS" });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("concurrency", () => {
  it("many wallets racing on one login k1: exactly one is answered OK", async () => {
    const wallet = new TestAuthWallet();
    await linkedUser(wallet);
    const login = await createChallenge({ action: "login" });
    const replies = await Promise.all(Array.from({ length: 12 }, () => wallet.scan(login.lnurl)));
    expect(replies.filter((r) => r.status === "OK")).toHaveLength(1);
    expect(replies.filter((r) => r.reason?.includes("already been used"))).toHaveLength(11);
  });

  it("many browsers racing to turn one verified k1 into a session: exactly one session", async () => {
    const wallet = new TestAuthWallet();
    const user = await linkedUser(wallet);
    const login = await createChallenge({ action: "login" });
    expect(await wallet.scan(login.lnurl)).toEqual({ status: "OK" });
    const sessions = await Promise.all(Array.from({ length: 12 }, () => consumeLogin({ k1: login.k1, secret: login.secret })));
    expect(sessions.filter((s) => s?.id === user.userId)).toHaveLength(1);
    expect(sessions.filter((s) => s === null)).toHaveLength(11);
  });

  it("many wallets racing on one link k1: exactly one proposes its key", async () => {
    const user = await newUser();
    const link = await createChallenge({ action: "link", userId: user.userId });
    const wallets = Array.from({ length: 12 }, () => new TestAuthWallet());
    const replies = await Promise.all(wallets.map((w) => w.scan(link.lnurl)));
    expect(replies.filter((r) => r.status === "OK")).toHaveLength(1);
    expect(replies.filter((r) => r.reason?.includes("already scanned this link code"))).toHaveLength(11);
    const winner = wallets[replies.findIndex((r) => r.status === "OK")];
    expect((await status(link)).body).toMatchObject({ status: "proposed", linking_key: winner.key });
  });

  it("many confirmations racing on one proposal: the key is linked exactly once", async () => {
    const wallet = new TestAuthWallet();
    const user = await newUser();
    const link = await createChallenge({ action: "link", userId: user.userId });
    await wallet.scan(link.lnurl);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => confirm(user.userId, link)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "wallet_link_unavailable")).toHaveLength(5);
    expect(await db().lnurlAuthKey.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("two users linking the same key at once: one of them gets it", async () => {
    const wallet = new TestAuthWallet();
    const [a, b] = await Promise.all([newUser(), newUser()]);
    const links = await Promise.all([a, b].map((u) => createChallenge({ action: "link", userId: u.userId })));
    expect(await Promise.all(links.map((l) => wallet.scan(l.lnurl)))).toEqual([{ status: "OK" }, { status: "OK" }]);
    const results = await Promise.allSettled([a, b].map((u, i) => confirm(u.userId, links[i])));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "wallet_key_linked", message: "This wallet is already linked to another Sluice account. No wallet was linked." });
    expect(await db().lnurlAuthKey.count({ where: { linkingKey: wallet.key } })).toBe(1);
  });
});

describe("one key per user", () => {
  it("two wallets linking to one user at once (two link codes): one of them is linked", async () => {
    const user = await newUser();
    const links = await Promise.all([1, 2, 3].map(() => createChallenge({ action: "link", userId: user.userId })));
    const spare = links.pop()!;
    const wallets = [new TestAuthWallet(), new TestAuthWallet()];
    expect(await Promise.all(links.map((l, i) => wallets[i].scan(l.lnurl)))).toEqual([{ status: "OK" }, { status: "OK" }]);
    const results = await Promise.allSettled(links.map((l) => confirm(user.userId, l)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "wallet_key_linked", message: "Your Sluice account already has another wallet linked. Unlink it first. No wallet was linked." });
    const winner = wallets[results.findIndex((r) => r.status === "fulfilled")];
    expect((await getLinkedKey(user.userId))?.linkingKey).toBe(winner.key);
    // With a wallet linked, a new link code is refused, and so is a wallet proposing itself on an older one.
    expect((await rejectedAppError(createChallenge({ action: "link", userId: user.userId }))).code).toBe("wallet_key_linked");
    expect(await new TestAuthWallet().scan(spare.lnurl)).toEqual({
      status: "ERROR",
      reason: "Your Sluice account already has another wallet linked. Unlink it first.",
    });
  });
});

describe("flood protection and purging", () => {
  it("caps the pending link k1s of one user", async () => {
    const user = await newUser();
    for (let i = 0; i < MAX_PENDING_LINKS_PER_USER; i++) await createChallenge({ action: "link", userId: user.userId });
    expect((await rejectedAppError(createChallenge({ action: "link", userId: user.userId }))).code).toBe("rate_limited");
    // Expired ones do not count.
    const other = await newUser();
    for (let i = 0; i < MAX_PENDING_LINKS_PER_USER; i++) await createChallenge({ action: "link", userId: other.userId }, ago(400));
    await expect(createChallenge({ action: "link", userId: other.userId })).resolves.toMatchObject({ action: "link" });
  });

  it("caps the pending k1s of the whole installation", async () => {
    const pending = await db().lnurlAuthChallenge.count({ where: { status: "pending", expiresAt: { gt: new Date() } } });
    const filler = MAX_PENDING_CHALLENGES - pending;
    const expiresAt = new Date(Date.now() + 60_000);
    await db().lnurlAuthChallenge.createMany({
      data: Array.from({ length: filler }, () => ({ k1: randomBytes(32).toString("hex"), action: "login" as const, browserSecretHash: "x", expiresAt })),
    });
    const error = await rejectedAppError(createChallenge({ action: "login" }));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/Too many Lightning sign-in codes/);
    await db().lnurlAuthChallenge.deleteMany({ where: { browserSecretHash: "x" } });
    await expect(createChallenge({ action: "login" })).resolves.toMatchObject({ action: "login" });
  });

  it("purges k1s that expired more than 5 minutes ago, used or not, and keeps the rest", async () => {
    const old: NewChallenge = await createChallenge({ action: "login" }, ago(11 * 60));
    const recent = await createChallenge({ action: "login" }, ago(6 * 60));
    const fresh = await createChallenge({ action: "login" });
    expect(await purgeExpiredChallenges()).toBeGreaterThanOrEqual(1);
    const left = await db().lnurlAuthChallenge.findMany({ where: { k1: { in: [old.k1, recent.k1, fresh.k1] } }, select: { k1: true } });
    expect(left.map((r) => r.k1).sort()).toEqual([recent.k1, fresh.k1].sort());
  });
});
