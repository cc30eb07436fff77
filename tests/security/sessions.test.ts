// Issue 15, item 5: sessions can end. A session cookie taken from a browser stops working once its user signs
// out. Driven through next-auth's own session handling (getServerSession with the cookie) and its sign-out event.
import { randomBytes } from "node:crypto";
import { getServerSession, type Session } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAuthSecret } from "@/lib/env";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { authOptions } from "@/lib/web/auth-options";

const PASSWORD = "a long enough password";
const COOKIE = "next-auth.session-token";

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

let email: string;
beforeAll(async () => {
  email = `owner-${randomBytes(4).toString("hex")}@shop.test`;
  await createMerchantAccount({ name: "Session Shop", email, password: PASSWORD });
});

describe("sign-out", () => {
  it("ends the session: a copy of the cookie taken before sign-out is refused afterwards", async () => {
    const { token, cookie } = await signIn(email);
    const before = await sessionOf(cookie);
    expect(before?.user?.email).toBe(email);

    await authOptions().events?.signOut?.({ token, session: before! });
    expect(await sessionOf(cookie)).toBeNull();
  });
});
