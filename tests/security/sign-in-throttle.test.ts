// Issue 15, item 4: password sign-in resists guessing. Wrong passwords for one account lead to growing
// lock-outs, counted in the database, refused before any password hashing; while locked, even the right
// password is refused. Driven through the real next-auth credentials provider's authorize().
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { authOptions } from "@/lib/web/auth-options";

const PASSWORD = "the right long password";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

function passwordAuthorize(): Authorize {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

/** One sign-in attempt as next-auth makes it: the user, null (wrong), or the error message it shows. */
async function attempt(email: string, password: string, address = "203.0.113.7"): Promise<unknown> {
  try {
    return await passwordAuthorize()({ email, password }, { headers: { "x-forwarded-for": address } });
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

let email: string;
beforeAll(async () => {
  email = `owner-${randomBytes(4).toString("hex")}@shop.test`;
  await createMerchantAccount({ name: "Throttle Shop", email, password: PASSWORD });
});

describe("password guessing", () => {
  it("locks the account after a few wrong passwords: the right one is then refused too", async () => {
    const answers: unknown[] = [];
    for (let i = 0; i < 30; i++) answers.push(await attempt(email, `wrong guess ${i}`));
    expect(answers.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(answers.slice(5).every((a) => typeof a === "object" && a !== null && "refused" in a)).toBe(true);
    const right = await attempt(email, PASSWORD);
    expect(right).toMatchObject({ refused: expect.stringMatching(/too many/i) });
  });
});
