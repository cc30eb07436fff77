import { describe, expect, it } from "vitest";
import { createFirstOwner, hasAnyUser } from "@/lib/auth/create-first-owner";
import { DEMO_EMAIL, ensureDemoAccount } from "@/lib/auth/ensure-demo-account";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ValidationError } from "@/lib/validation";

async function counts() {
  return { merchants: await db().merchant.count(), users: await db().user.count() };
}

// One database per file: these run in order, from an empty installation to a set-up one.
describe("first owner and demo account", () => {
  it.each([
    [{ merchantName: "", email: "a@b.co", password: "long enough pw" }, "merchantName", "Enter the business name."],
    [{ merchantName: "Shop", email: "not-an-email", password: "long enough pw" }, "email", "Enter a valid email address"],
    [{ merchantName: "Shop", email: "a@b.co", password: "short" }, "password", "at least 10 characters"],
    [{ merchantName: "Shop", email: "a@b.co" }, "password", "Enter a password."],
  ])("refuses invalid input %j naming the field, and writes nothing", async (input, field, message) => {
    const error = await createFirstOwner(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields[field]).toContain(message);
    expect((error as ValidationError).param).toBe(field);
    expect(await counts()).toEqual({ merchants: 0, users: 0 });
  });

  it("lets exactly one of several simultaneous set-ups create the owner", async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        createFirstOwner({ merchantName: `Shop ${i}`, email: `Owner${i}@Example.com`, password: "a strong password" }),
      ),
    );
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const a of lost) expect((a.reason as AppError).code).toBe("setup_already_done");
    expect(await counts()).toEqual({ merchants: 1, users: 1 });

    const user = await db().user.findFirstOrThrow({ include: { merchant: true } });
    expect(user.role).toBe("owner");
    expect(user.email).toMatch(/^owner\d@example\.com$/); // stored lower-cased
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain("a strong password");
    expect(user.id).toMatch(/^usr_/);
    expect(user.merchant.id).toMatch(/^mer_/);
  });

  it("creates no demo account once a user exists", async () => {
    expect(await hasAnyUser()).toBe(true);
    expect(await ensureDemoAccount()).toBeNull();
    expect(await db().user.findUnique({ where: { email: DEMO_EMAIL } })).toBeNull();
  });

  it("signs in with the owner's credentials, whatever the email's case", async () => {
    const owner = await db().user.findFirstOrThrow();
    const signedIn = await verifyCredentials({ email: owner.email.toUpperCase(), password: "a strong password" });
    expect(signedIn).toMatchObject({ id: owner.id, role: "owner", merchantId: owner.merchantId });
    const after = await db().user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.lastSignInAt).not.toBeNull();
  });

  it.each([
    [{ email: "owner@example.com", password: "a strong password" }, "an unknown email"],
    [{ email: "x", password: "" }, "malformed input"],
    [undefined, "no input"],
  ])("refuses %j (%s)", async (input, _why) => {
    expect(await verifyCredentials(input)).toBeNull();
  });

  it("refuses a wrong password without touching the account", async () => {
    const owner = await db().user.findFirstOrThrow();
    expect(await verifyCredentials({ email: owner.email, password: "a strong passworD" })).toBeNull();
    const after = await db().user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.lastSignInAt).toEqual(owner.lastSignInAt);
  });
});
