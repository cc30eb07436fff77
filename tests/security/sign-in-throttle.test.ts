// Issue 15, item 4: password sign-in resists guessing. Wrong passwords for one account, or from one client
// address, lead to growing lock-outs counted in the database (so every instance shares them); a locked attempt
// is refused before any password hashing, and while locked even the right password is refused. Driven through
// the real next-auth credentials provider's authorize(), with the request headers next-auth hands it.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import "../../scripts/launcher/peer-address.mjs";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_ACCOUNT } from "@/lib/auth/sign-in-throttle";
import { db } from "@/lib/db";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { listSecurityEvents } from "@/lib/security-log/list-security-events";
import { addTeamMember } from "@/lib/team/add-team-member";
import { authOptions } from "@/lib/web/auth-options";
import { PEER_HEADER } from "@/lib/web/client-address";
import { getAccount, type Account } from "@/lib/merchants/get-account";

// Counts the password hashes actually computed for a sign-in.
const hashes = vi.hoisted(() => ({ verified: 0 }));
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/password")>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      hashes.verified += 1;
      return real.verifyPassword(password, stored);
    },
  };
});

const PASSWORD = "the right long password";
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@shop.test`;

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

function passwordAuthorize(): Authorize {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

/**
 * One sign-in attempt as next-auth makes it, from a connection at `peer` that sends `forwardedFor` (the
 * headers of a request under `npm start`): the user, null (wrong), or the message the form shows.
 */
async function attempt(email: string, password: string, peer = "203.0.113.7", forwardedFor?: string): Promise<unknown> {
  const headers: Record<string, string> = { [PEER_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
  try {
    return await passwordAuthorize()({ email, password }, { headers });
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

const isRefused = (a: unknown) => typeof a === "object" && a !== null && "refused" in a;

let owner: Account;
beforeAll(async () => {
  const { userId } = await createMerchantAccount({ name: "Throttle Shop", email: unique("owner"), password: PASSWORD });
  owner = (await getAccount(userId))!;
});

async function newUser(): Promise<string> {
  const email = unique("member");
  await addTeamMember(owner, { email, password: PASSWORD, role: "admin" });
  return email;
}

describe("password guessing on one account", () => {
  it("locks the account after 5 wrong passwords: 25 more attempts and then the right one are refused without hashing", async () => {
    const email = await newUser();
    hashes.verified = 0;
    const answers: unknown[] = [];
    for (let i = 0; i < 30; i++) answers.push(await attempt(email, `wrong guess ${i}`));
    expect(answers.slice(0, FREE_FAILURES_PER_ACCOUNT)).toEqual([null, null, null, null, null]);
    expect(answers.slice(FREE_FAILURES_PER_ACCOUNT).every(isRefused)).toBe(true);
    expect(answers[FREE_FAILURES_PER_ACCOUNT]).toEqual({ refused: "Too many failed sign-ins. Try again in 30 seconds." });

    const right = await attempt(email, PASSWORD);
    expect(right).toMatchObject({ refused: expect.stringMatching(/^Too many failed sign-ins/) });
    // Only the five attempts that were let through were hashed.
    expect(hashes.verified).toBe(FREE_FAILURES_PER_ACCOUNT);

    // Counted in the database, where every instance reads it.
    const row = await db().signInThrottle.findUnique({ where: { key: `account:${email}` } });
    expect(row).toMatchObject({ failures: FREE_FAILURES_PER_ACCOUNT, lockedUntil: expect.any(Date) });
  });

  it("doubles the lock with each further failure, up to 15 minutes, and a right password after the lock clears it", async () => {
    const email = await newUser();
    const address = "198.51.100.20";
    let now = Date.now();
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) expect(await signInWithPassword({ email, password: "wrong" }, address, new Date(now))).toBeNull();

    const locks: number[] = [];
    for (let i = 0; i < 7; i++) {
      const row = await db().signInThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } });
      const lock = (row.lockedUntil!.getTime() - now) / 1000;
      locks.push(lock);
      await expect(signInWithPassword({ email, password: PASSWORD }, address, new Date(now + lock * 1000 - 1000))).rejects.toMatchObject({ code: "sign_in_throttled" });
      now += lock * 1000 + 1;
      if (i < 6) expect(await signInWithPassword({ email, password: "wrong" }, address, new Date(now))).toBeNull();
    }
    expect(locks).toEqual([30, 60, 120, 240, 480, 900, 900]);

    const user = await signInWithPassword({ email, password: PASSWORD }, address, new Date(now));
    expect(user).toMatchObject({ email, sessionId: expect.stringMatching(/^ses_/) });
    expect(await db().signInThrottle.findUnique({ where: { key: `account:${email}` } })).toBeNull();
  });
});

describe("password guessing from one address", () => {
  it("locks the address after 20 failures over many accounts, whatever X-Forwarded-For it forges; other addresses still sign in", async () => {
    const peer = "192.0.2.44";
    const emails = await Promise.all(Array.from({ length: 5 }, () => newUser()));
    const answers: unknown[] = [];
    for (let i = 0; i < FREE_FAILURES_PER_ADDRESS + 3; i++) {
      // Spread over accounts so that no account reaches its own limit, and a new forged address each time.
      answers.push(await attempt(emails[i % emails.length], `guess ${i}`, peer, `10.9.${i}.1`));
    }
    expect(answers.slice(0, FREE_FAILURES_PER_ADDRESS).every((a) => a === null)).toBe(true);
    expect(answers.slice(FREE_FAILURES_PER_ADDRESS).every(isRefused)).toBe(true);
    // The right password of a fresh account from that address is refused too; from another address it works.
    const fresh = await newUser();
    expect(await attempt(fresh, PASSWORD, peer, "10.9.99.1")).toMatchObject({ refused: expect.stringMatching(/^Too many/) });
    expect(await attempt(fresh, PASSWORD, "192.0.2.45")).toMatchObject({ email: fresh, sessionId: expect.any(String) });
  });
});

describe("password guessing from one IPv6 /64", () => {
  it("locks the whole /64 after 20 failures from as many of its addresses; the security log keeps each full address", async () => {
    const emails = await Promise.all(Array.from({ length: 5 }, () => newUser()));
    const answers: unknown[] = [];
    for (let i = 1; i <= FREE_FAILURES_PER_ADDRESS + 3; i++) answers.push(await attempt(emails[i % emails.length], `guess ${i}`, `2001:db8:44:1::${i.toString(16)}`));
    expect(answers.slice(0, FREE_FAILURES_PER_ADDRESS).every((a) => a === null)).toBe(true);
    expect(answers.slice(FREE_FAILURES_PER_ADDRESS).every(isRefused)).toBe(true);
    const fresh = await newUser();
    expect(await attempt(fresh, PASSWORD, "2001:db8:44:1:ffff::99")).toMatchObject({ refused: expect.stringMatching(/^Too many/) });
    // Another /64 is another client.
    expect(await attempt(fresh, PASSWORD, "2001:db8:44:2::1")).toMatchObject({ email: fresh, sessionId: expect.any(String) });
    const failures = await db().securityEvent.findMany({ where: { kind: "sign_in_failed", subject: { in: emails } }, select: { address: true } });
    const logged = failures.map((e) => e.address);
    expect(logged).toContain("2001:db8:44:1::1");
    expect(logged).toContain("2001:db8:44:1::14");
    expect(logged.some((address) => address?.includes("/"))).toBe(false);
  });
});

describe("the security log", () => {
  it("records failed and successful sign-ins with the address, never the password, for the account's owners only", async () => {
    const email = await newUser();
    expect(await attempt(email, "a wrong password 123", "198.51.100.77")).toBeNull();
    expect(await attempt(email, PASSWORD, "198.51.100.77")).toMatchObject({ email });
    const { entries } = await listSecurityEvents(owner, {});
    const mine = entries.filter((e) => e.subject === email || e.actorLabel === email);
    expect(mine.slice(0, 2)).toMatchObject([
      { kind: "sign_in_succeeded", actorLabel: email, address: "198.51.100.77", detail: { method: "password" } },
      { kind: "sign_in_failed", subject: email, address: "198.51.100.77", detail: { method: "password" } },
    ]);
    const stored = JSON.stringify(await db().securityEvent.findMany({}));
    expect(stored).not.toContain("a wrong password 123");
    expect(stored).not.toContain(PASSWORD);

    const admin = (await getAccount((await db().user.findUniqueOrThrow({ where: { email } })).id))!;
    await expect(listSecurityEvents(admin, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
