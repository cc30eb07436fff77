// Issue 15, item 5: sessions can end. Sign-out, "sign out everywhere", a password change, a role change and a
// user's removal end that user's (other) sessions at once; sessions also end when idle and at an absolute
// lifetime; REST API keys are not affected. Driven through next-auth's own session handling (getServerSession
// with the session cookie, as every dashboard request does), its sign-out event, and the real domain functions.
import { randomBytes } from "node:crypto";
import { getServerSession, type Session } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { db } from "@/lib/db";
import { resolveAuthSecret } from "@/lib/env";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { getAccount, type Account } from "@/lib/merchants/get-account";
import { listSecurityEvents } from "@/lib/security-log/list-security-events";
import { SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS } from "@/lib/sessions/rules";
import { sessionAccount } from "@/lib/sessions/session-account";
import { signOutEverywhere } from "@/lib/sessions/sign-out-everywhere";
import { addTeamMember } from "@/lib/team/add-team-member";
import { changeRole } from "@/lib/team/change-role";
import { removeTeamMember } from "@/lib/team/remove-team-member";
import { authOptions } from "@/lib/web/auth-options";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { rejectedAppError } from "../support/app-errors";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

const PASSWORD = "a long enough password";
const COOKIE = "next-auth.session-token";
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@shop.test`;

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;

/** Signs in with the password as next-auth does: authorize(), then the jwt callback; returns the token and its cookie. */
async function signIn(email: string, password = PASSWORD): Promise<{ token: JWT; cookie: string }> {
  const options = authOptions();
  const provider = options.providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } };
  const user = await provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": "203.0.113.9" } });
  if (!user) throw new Error("sign-in refused");
  const token = await options.callbacks!.jwt!({
    token: { sub: user.id, email },
    user: user as never,
    account: { provider: "credentials", type: "credentials", providerAccountId: user.id },
    trigger: "signIn",
  });
  return { token, cookie: await encode({ token, secret: resolveAuthSecret() }) };
}

/** What the server makes of a request carrying this session cookie. */
function sessionOf(cookie: string): Promise<Session | null> {
  const req = { headers: { host: "localhost:3000", cookie: `${COOKIE}=${cookie}` }, cookies: { [COOKIE]: cookie } };
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  return getServerSession(req as never, res as never, authOptions());
}

const accountOf = async (cookie: string) => (await sessionOf(cookie))?.account ?? null;

let owner: Account;
let ownerCookie: string;
beforeAll(async () => {
  const email = unique("owner");
  await createMerchantAccount({ name: "Session Shop", email, password: PASSWORD });
  const signedIn = await signIn(email);
  ownerCookie = signedIn.cookie;
  owner = (await accountOf(ownerCookie))!;
});

async function member(role: "owner" | "admin" | "finance"): Promise<{ email: string; userId: string }> {
  const email = unique(role);
  const { userId } = await addTeamMember(owner, { email, password: PASSWORD, role });
  return { email, userId };
}

describe("sign-out", () => {
  it("ends the session: a copy of the cookie taken before sign-out is refused afterwards", async () => {
    const { email } = await member("admin");
    const { token, cookie } = await signIn(email);
    const before = await sessionOf(cookie);
    expect(before?.user?.email).toBe(email);
    expect(before?.account).toMatchObject({ user: { email, role: "admin" }, merchant: { id: owner.merchant.id } });

    await authOptions().events?.signOut?.({ token, session: before! });
    expect(await sessionOf(cookie)).toBeNull();
    // Signing in again gives a new session.
    expect(await accountOf((await signIn(email)).cookie)).toMatchObject({ user: { email } });
  });

  it("refuses a cookie that names no session (signed by the right secret, as cookies from before sessions were)", async () => {
    const cookie = await encode({ token: { sub: owner.user.id, email: owner.user.email }, secret: resolveAuthSecret() });
    expect(await sessionOf(cookie)).toBeNull();
  });
});

describe("sign out everywhere", () => {
  it("ends every session of the user, leaves other users' sessions and the merchant's API keys working", async () => {
    const { email } = await member("admin");
    const laptop = await signIn(email);
    const phone = await signIn(email);
    const colleague = await signIn((await member("finance")).email);
    const account = (await accountOf(laptop.cookie))!;
    const key = await createApiKey({ merchantId: owner.merchant.id, name: "shop", scope: "read_only" });

    expect(await signOutEverywhere(account, "203.0.113.9")).toBe(2);
    expect(await sessionOf(laptop.cookie)).toBeNull();
    expect(await sessionOf(phone.cookie)).toBeNull();
    expect(await accountOf(colleague.cookie)).not.toBeNull();

    const server = await serveRoutes(ROUTES);
    try {
      const res = await fetch(`${server.url}/api/v1/balance`, { headers: { Authorization: `Bearer ${key.key}` } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    } finally {
      await server.close();
    }
  });
});

describe("password change", () => {
  it("needs the current password, then ends the user's other sessions and keeps this one", async () => {
    const { email } = await member("admin");
    const here = await signIn(email);
    const elsewhere = await signIn(email);
    const account = (await accountOf(here.cookie))!;
    const NEW = "a brand new long password";

    const wrong = await rejectedAppError(changePassword(account, { currentPassword: "not it at all", newPassword: NEW, confirmPassword: NEW }, "203.0.113.9"));
    expect(wrong).toMatchObject({ code: "invalid_credentials", param: "currentPassword" });
    const mismatch = await rejectedAppError(changePassword(account, { currentPassword: PASSWORD, newPassword: NEW, confirmPassword: NEW + "x" }, "203.0.113.9"));
    expect(mismatch).toMatchObject({ code: "validation_error", param: "confirmPassword" });
    expect(await accountOf(elsewhere.cookie)).not.toBeNull();

    expect(await changePassword(account, { currentPassword: PASSWORD, newPassword: NEW, confirmPassword: NEW }, "203.0.113.9")).toBe(1);
    expect(await sessionOf(elsewhere.cookie)).toBeNull();
    expect(await accountOf(here.cookie)).toMatchObject({ user: { email } });
    await expect(signIn(email, PASSWORD)).rejects.toThrow("sign-in refused");
    expect(await accountOf((await signIn(email, NEW)).cookie)).toMatchObject({ user: { email } });
  });
});

describe("a role change and a removal", () => {
  it("end the sessions of the user whose role changed, or who was removed, at once", async () => {
    const demoted = await member("admin");
    const removed = await member("admin");
    const demotedSession = await signIn(demoted.email);
    const removedSession = await signIn(removed.email);

    await changeRole(owner, { userId: demoted.userId, role: "finance" });
    expect(await sessionOf(demotedSession.cookie)).toBeNull();
    // A new sign-in carries the new role.
    expect(await accountOf((await signIn(demoted.email)).cookie)).toMatchObject({ user: { role: "finance" } });

    await removeTeamMember(owner, { userId: removed.userId });
    expect(await sessionOf(removedSession.cookie)).toBeNull();
    expect(await db().userSession.count({ where: { userId: removed.userId } })).toBe(0);
    // The owner who did both is still signed in.
    expect(await accountOf(ownerCookie)).toMatchObject({ user: { id: owner.user.id } });
  });

  it("leaves the session an owner changes their own role from", async () => {
    const second = await member("owner");
    const { cookie } = await signIn(second.email);
    const other = await signIn(second.email);
    const me = (await accountOf(cookie))!;
    await changeRole(me, { userId: me.user.id, role: "admin" });
    expect(await accountOf(cookie)).toMatchObject({ user: { role: "admin" } });
    expect(await sessionOf(other.cookie)).toBeNull();
  });
});

describe("expiry", () => {
  it("ends a session idle for 2 hours, and any session 12 hours after sign-in however active; last seen is written at most once a minute", async () => {
    const { email } = await member("finance");
    const { token } = await signIn(email);
    const sid = token.sid!;
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sid } });
    const at = (seconds: number) => new Date(row.createdAt.getTime() + seconds * 1000);

    expect(await sessionAccount(sid, at(30))).not.toBeNull();
    expect((await db().userSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(row.lastSeenAt);
    expect(await sessionAccount(sid, at(61))).not.toBeNull();
    expect((await db().userSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(at(61));

    // Idle: nothing for 2 hours after the last use.
    expect(await sessionAccount(sid, at(61 + SESSION_IDLE_SECONDS - 1))).not.toBeNull();
    // Active every hour until the absolute end.
    let t = 61 + SESSION_IDLE_SECONDS - 1;
    while (t + 3600 < SESSION_MAX_SECONDS) {
      t += 3600;
      expect(await sessionAccount(sid, at(t))).not.toBeNull();
    }
    expect(await sessionAccount(sid, at(SESSION_MAX_SECONDS - 1))).not.toBeNull();
    expect(await sessionAccount(sid, at(SESSION_MAX_SECONDS))).toBeNull();

    const idle = (await signIn(email)).token.sid!;
    const idleRow = await db().userSession.findUniqueOrThrow({ where: { id: idle } });
    expect(await sessionAccount(idle, new Date(idleRow.lastSeenAt.getTime() + SESSION_IDLE_SECONDS * 1000))).toBeNull();
  });
});

describe("the security log of sessions and the team", () => {
  it("holds what the owners did and what happened to sessions, for owners only", async () => {
    const { entries } = await listSecurityEvents(owner, {});
    const kinds = new Set(entries.map((e) => e.kind));
    for (const kind of ["sign_in_succeeded", "signed_out_everywhere", "password_changed", "role_changed", "user_added", "user_removed"]) {
      expect(kinds, kind).toContain(kind);
    }
    const roleChanges = entries.filter((e) => e.kind === "role_changed");
    expect(roleChanges.map((e) => e.detail)).toEqual([
      { from: "owner", to: "admin" },
      { from: "admin", to: "finance" },
    ]);
    expect(roleChanges[1]).toMatchObject({ actorLabel: owner.user.email, subject: expect.stringMatching(/^admin-/) });
    expect(entries.find((e) => e.kind === "password_changed")).toMatchObject({ detail: { other_sessions_ended: 1 } });
    // The wrong current password given to the change is a failed attempt like any other.
    const failed = entries.filter((e) => e.kind === "sign_in_failed");
    expect(failed.find((e) => e.detail?.method === "password_change")).toMatchObject({ address: "203.0.113.9", actorLabel: expect.stringMatching(/^admin-/) });
    // And so is the old password tried after the change.
    expect(failed.find((e) => e.detail?.method === "password")).toMatchObject({ subject: expect.stringMatching(/^admin-/) });
    const finance = await member("finance");
    const financeAccount = (await getAccount(finance.userId))!;
    await expect(listSecurityEvents(financeAccount, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
