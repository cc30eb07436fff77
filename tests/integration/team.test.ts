// The Team page's domain functions against a real database: adding users, changing roles, removing them,
// the last-owner rule (also under concurrency), merchant scoping, and refusing non-owners.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { db } from "@/lib/db";
import { addUser } from "@/lib/merchants/add-user";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { getAccount, type Account } from "@/lib/merchants/get-account";
import { addTeamMember } from "@/lib/team/add-team-member";
import { changeRole } from "@/lib/team/change-role";
import { listTeam } from "@/lib/team/list-team";
import { removeTeamMember } from "@/lib/team/remove-team-member";
import { ValidationError } from "@/lib/validation";
import { rejectedAppError } from "../support/app-errors";

const PASSWORD = "a long enough password";
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@shop.test`;

async function newMerchant(): Promise<Account> {
  const { userId } = await createMerchantAccount({ name: "Team Shop", email: unique("owner"), password: PASSWORD });
  return (await getAccount(userId))!;
}

async function member(owner: Account, role: "owner" | "admin" | "finance"): Promise<Account> {
  const { userId } = await addTeamMember(owner, { email: unique(role), password: PASSWORD, role });
  return (await getAccount(userId))!;
}

const roleOf = async (userId: string) => (await db().user.findUnique({ where: { id: userId }, select: { role: true } }))?.role;
const userCount = (merchantId: string) => db().user.count({ where: { merchantId } });

describe("adding a user", () => {
  let owner: Account;
  beforeAll(async () => {
    owner = await newMerchant();
  });

  it("adds a user to the owner's merchant with a lower-cased email, a hashed password and the chosen role", async () => {
    const email = unique("Finance.Person").replace("finance.person", "Finance.Person");
    const added = await addTeamMember(owner, { name: "  Fin Ance ", email: email.toUpperCase(), password: PASSWORD, role: "finance" });
    expect(added).toMatchObject({ merchantId: owner.merchant.id, email: email.toLowerCase(), role: "finance" });

    const stored = await db().user.findUniqueOrThrow({ where: { id: added.userId } });
    expect(stored).toMatchObject({ merchantId: owner.merchant.id, email: email.toLowerCase(), name: "Fin Ance", role: "finance" });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyCredentials({ email, password: PASSWORD })).toMatchObject({ id: added.userId, role: "finance" });

    const team = await listTeam(owner);
    expect(team.map((m) => m.email)).toEqual([owner.user.email, email.toLowerCase()]);
    expect(team[1]).toMatchObject({ name: "Fin Ance", role: "finance", lastSignInAt: expect.any(Date) });
  });

  it("stores no name when none is given", async () => {
    const added = await addTeamMember(owner, { name: "", email: unique("noname"), password: PASSWORD, role: "admin" });
    expect((await db().user.findUniqueOrThrow({ where: { id: added.userId } })).name).toBeNull();
  });

  it("refuses an email that is taken, whatever its case and whichever merchant has it", async () => {
    const other = await newMerchant();
    const before = await userCount(owner.merchant.id);
    const error = await rejectedAppError(addTeamMember(owner, { email: other.user.email.toUpperCase(), password: PASSWORD, role: "admin" }));
    expect(error).toMatchObject({ code: "email_taken", param: "email" });
    expect(error.message).toContain(other.user.email);
    expect(await userCount(owner.merchant.id)).toBe(before);
  });

  it.each([
    [{ email: "not-an-email", password: PASSWORD, role: "admin" }, "email", "Enter a valid email address"],
    [{ email: "short@shop.test", password: "123456789", role: "admin" }, "password", "at least 10 characters"],
    [{ email: "norole@shop.test", password: PASSWORD, role: "boss" }, "role", 'Role must be "owner", "admin" or "finance".'],
    [{ email: "longname@shop.test", password: PASSWORD, role: "admin", name: "x".repeat(101) }, "name", "at most 100 characters"],
    [{}, "email", "Enter an email address."],
  ])("refuses %j naming the field %s, and writes nothing", async (input, field, message) => {
    const before = await userCount(owner.merchant.id);
    const error = await addTeamMember(owner, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields[field]).toContain(message);
    expect(await userCount(owner.merchant.id)).toBe(before);
  });

  it("reports every bad field at once", async () => {
    const error = await addTeamMember(owner, { email: "nope", password: "short", role: "" }).catch((e: unknown) => e);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(["email", "password", "role"]);
  });

  it("keeps the admin CLI's user:add working through the same function", async () => {
    const email = unique("cli");
    const added = await addUser({ merchantEmail: owner.user.email.toUpperCase(), email, password: PASSWORD, role: "admin" });
    expect(added).toMatchObject({ merchantId: owner.merchant.id, email, role: "admin" });
    expect(await roleOf(added.userId)).toBe("admin");
    const taken = await rejectedAppError(addUser({ merchantEmail: owner.user.email, email, password: PASSWORD, role: "admin" }));
    expect(taken.code).toBe("email_taken");
    const unknown = await rejectedAppError(addUser({ merchantEmail: "nobody@shop.test", email: unique("x"), password: PASSWORD, role: "admin" }));
    expect(unknown.code).toBe("not_found");
  });
});

describe("changing roles and removing users", () => {
  it("changes another user's role", async () => {
    const owner = await newMerchant();
    const finance = await member(owner, "finance");
    expect(await changeRole(owner, { userId: finance.user.id, role: "admin" })).toEqual({ userId: finance.user.id, role: "admin" });
    expect(await roleOf(finance.user.id)).toBe("admin");
    await changeRole(owner, { userId: finance.user.id, role: "owner" });
    expect(await roleOf(finance.user.id)).toBe("owner");
  });

  it("refuses a role that does not exist, naming the field", async () => {
    const owner = await newMerchant();
    const finance = await member(owner, "finance");
    const error = await changeRole(owner, { userId: finance.user.id, role: "root" }).catch((e: unknown) => e);
    expect((error as ValidationError).fields.role).toContain("Role must be");
    expect(await roleOf(finance.user.id)).toBe("finance");
  });

  it("removes a user, who can no longer sign in and whose session finds no account", async () => {
    const owner = await newMerchant();
    const finance = await member(owner, "finance");
    expect(await verifyCredentials({ email: finance.user.email, password: PASSWORD })).not.toBeNull();

    expect(await removeTeamMember(owner, { userId: finance.user.id })).toEqual({ userId: finance.user.id, email: finance.user.email });
    expect(await verifyCredentials({ email: finance.user.email, password: PASSWORD })).toBeNull();
    // The dashboard resolves the session's user id with getAccount on every request.
    expect(await getAccount(finance.user.id)).toBeNull();
    expect((await listTeam(owner)).map((m) => m.id)).toEqual([owner.user.id]);
  });

  it("refuses removing yourself", async () => {
    const owner = await newMerchant();
    await member(owner, "owner");
    const error = await rejectedAppError(removeTeamMember(owner, { userId: owner.user.id }));
    expect(error.code).toBe("cannot_remove_self");
    expect(await roleOf(owner.user.id)).toBe("owner");
  });

  it("refuses demoting the last owner, and allows it once another owner exists", async () => {
    const owner = await newMerchant();
    const error = await rejectedAppError(changeRole(owner, { userId: owner.user.id, role: "admin" }));
    expect(error).toMatchObject({ code: "last_owner", param: "role" });
    expect(await roleOf(owner.user.id)).toBe("owner");

    const second = await member(owner, "owner");
    await changeRole(owner, { userId: owner.user.id, role: "admin" });
    expect(await roleOf(owner.user.id)).toBe("admin");
    expect(await roleOf(second.user.id)).toBe("owner");
  });

  it("keeps an owner when two owners demote each other at the same time", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await newMerchant();
      const b = await member(a, "owner");
      const results = await Promise.allSettled([
        changeRole(a, { userId: b.user.id, role: "finance" }),
        changeRole(b, { userId: a.user.id, role: "finance" }),
      ]);
      // Whoever goes second is no longer an owner by then, and is refused.
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect(refused.reason).toMatchObject({ code: "forbidden" });
      expect(await db().user.count({ where: { merchantId: a.merchant.id, role: "owner" } })).toBe(1);
    }
  });

  it("keeps an owner when two owners demote themselves at the same time", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await newMerchant();
      const b = await member(a, "owner");
      const results = await Promise.allSettled([
        changeRole(a, { userId: a.user.id, role: "admin" }),
        changeRole(b, { userId: b.user.id, role: "admin" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect(refused.reason).toMatchObject({ code: "last_owner" });
      expect(await db().user.count({ where: { merchantId: a.merchant.id, role: "owner" } })).toBe(1);
    }
  });

  it("keeps an owner when two owners remove each other at the same time", async () => {
    const a = await newMerchant();
    const b = await member(a, "owner");
    const results = await Promise.allSettled([removeTeamMember(a, { userId: b.user.id }), removeTeamMember(b, { userId: a.user.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { merchantId: a.merchant.id, role: "owner" } })).toBe(1);
  });
});

describe("who may manage the team", () => {
  it("refuses an owner acting on another merchant's users, and changes nothing", async () => {
    const ownerA = await newMerchant();
    const ownerB = await newMerchant();
    const financeB = await member(ownerB, "finance");

    expect(await rejectedAppError(changeRole(ownerA, { userId: financeB.user.id, role: "owner" }))).toMatchObject({ code: "not_found" });
    expect(await rejectedAppError(changeRole(ownerA, { userId: ownerB.user.id, role: "finance" }))).toMatchObject({ code: "not_found" });
    expect(await rejectedAppError(removeTeamMember(ownerA, { userId: financeB.user.id }))).toMatchObject({ code: "not_found" });
    expect(await roleOf(financeB.user.id)).toBe("finance");
    expect(await roleOf(ownerB.user.id)).toBe("owner");
    expect((await listTeam(ownerA)).map((m) => m.id)).toEqual([ownerA.user.id]);
  });

  it("refuses an actor who claims a merchant they do not belong to", async () => {
    const ownerA = await newMerchant();
    const ownerB = await newMerchant();
    const financeB = await member(ownerB, "finance");
    const forged = { user: ownerA.user, merchant: ownerB.merchant };
    expect(await rejectedAppError(listTeam(forged))).toMatchObject({ code: "forbidden" });
    expect(await rejectedAppError(changeRole(forged, { userId: financeB.user.id, role: "owner" }))).toMatchObject({ code: "forbidden" });
    expect(await rejectedAppError(removeTeamMember(forged, { userId: financeB.user.id }))).toMatchObject({ code: "forbidden" });
    expect(await rejectedAppError(addTeamMember(forged, { email: unique("x"), password: PASSWORD, role: "owner" }))).toMatchObject({
      code: "forbidden",
    });
    expect(await userCount(ownerB.merchant.id)).toBe(2);
  });

  it.each(["admin", "finance"] as const)("refuses a %s every team action, even with the role claimed", async (role) => {
    const owner = await newMerchant();
    const actor = await member(owner, role);
    const other = await member(owner, "finance");
    // The role is read from the database, so an account object claiming "owner" changes nothing.
    const claimed = { ...actor, user: { ...actor.user, role: "owner" as const } };
    for (const who of [actor, claimed]) {
      expect(await rejectedAppError(listTeam(who))).toMatchObject({ code: "forbidden" });
      expect(await rejectedAppError(addTeamMember(who, { email: unique("x"), password: PASSWORD, role: "owner" }))).toMatchObject({
        code: "forbidden",
      });
      expect(await rejectedAppError(changeRole(who, { userId: actor.user.id, role: "owner" }))).toMatchObject({ code: "forbidden" });
      expect(await rejectedAppError(removeTeamMember(who, { userId: other.user.id }))).toMatchObject({ code: "forbidden" });
    }
    expect(await roleOf(actor.user.id)).toBe(role);
    expect(await roleOf(other.user.id)).toBe("finance");
    expect(await userCount(owner.merchant.id)).toBe(3);
  });

  it("refuses a non-owner before looking at their input", async () => {
    const owner = await newMerchant();
    const finance = await member(owner, "finance");
    expect(await rejectedAppError(addTeamMember(finance, { email: "bad" }))).toMatchObject({ code: "forbidden" });
  });

  it("refuses a removed owner's stale account", async () => {
    const owner = await newMerchant();
    const second = await member(owner, "owner");
    await removeTeamMember(owner, { userId: second.user.id });
    expect(await rejectedAppError(addTeamMember(second, { email: unique("x"), password: PASSWORD, role: "owner" }))).toMatchObject({
      code: "forbidden",
    });
    expect(await userCount(owner.merchant.id)).toBe(1);
  });
});
