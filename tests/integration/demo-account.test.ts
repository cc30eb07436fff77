import { describe, expect, it } from "vitest";
import { DEMO_EMAIL, demoAccountExists, ensureDemoAccount } from "@/lib/auth/ensure-demo-account";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { db } from "@/lib/db";
import { getAccount } from "@/lib/merchants/get-account";

describe("ensureDemoAccount on an empty installation", () => {
  it("creates the demo merchant and owner once, with a random password that signs in", async () => {
    expect(await demoAccountExists()).toBe(false);
    const demo = await ensureDemoAccount();
    expect(demo).not.toBeNull();
    expect(demo!.email).toBe(DEMO_EMAIL);
    expect(demo!.password.length).toBeGreaterThanOrEqual(16);
    expect(await demoAccountExists()).toBe(true);

    expect(await ensureDemoAccount()).toBeNull();
    expect(await db().user.count()).toBe(1);

    const user = await verifyCredentials({ email: demo!.email, password: demo!.password });
    expect(user).not.toBeNull();
    const account = await getAccount(user!.id);
    expect(account).toMatchObject({ merchant: { name: "Demo Shop" }, user: { role: "owner", email: DEMO_EMAIL } });
  });

  it("returns no account for a user id that does not exist", async () => {
    expect(await getAccount("usr_00000000000000000000000000")).toBeNull();
  });
});
