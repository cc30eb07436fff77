// next-auth configuration: email and password against our own users table, and Sign in with Lightning. The
// session cookie is a next-auth JWT that carries the user id and the id of a server-side session row
// (lib/sessions/): every request reads that row with the user and merchant, so a revoked, idle or expired
// session ends at once on every instance, and role and merchant are always current.
import type { NextAuthOptions, Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInWithPassword } from "../auth/sign-in-with-password";
import { resolveAuthSecret } from "../env";
import { isAppError } from "../errors";
import { consumeLogin } from "../lnurl-auth/consume-login";
import type { Account } from "../merchants/get-account";
import { openSession, type SessionUser } from "../sessions/open-session";
import { revokeSession } from "../sessions/revoke-sessions";
import { SESSION_MAX_SECONDS } from "../sessions/rules";
import { sessionAccount } from "../sessions/session-account";
import { clientAddress } from "./client-address";

/**
 * Thrown from the jwt callback for an ended session: next-auth then answers "no session" and clears the cookie.
 * Not an AppError: no surface of ours answers it, and next-auth's logger below knows it only by its name.
 */
class SessionEnded extends Error {
  override name = "SessionEnded";
}

// The account read in the jwt callback, handed to the session callback of the same call (next-auth passes it
// the token object the jwt callback returned). Never written into the cookie.
const accounts = new WeakMap<JWT, Account>();

type Request = { headers?: Record<string, string | string[] | undefined> } | undefined;

function toNextAuthUser(user: SessionUser): User {
  return { id: user.id, email: user.email, name: user.name, sessionId: user.sessionId } as User;
}

let options: NextAuthOptions | undefined;

// Built on first use, not at import: the secret may live in the data folder, which `next build` must not touch.
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: resolveAuthSecret(),
    // The cookie's own lifetime; the session row's idle and absolute expiry (lib/sessions/rules.ts) decide.
    session: { strategy: "jwt", maxAge: SESSION_MAX_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req: Request) {
          try {
            const user = await signInWithPassword(credentials, clientAddress(req?.headers ?? {}));
            return user ? toNextAuthUser(user) : null;
          } catch (error) {
            // next-auth hands a thrown message to the sign-in form; only our own messages may go there.
            if (isAppError(error) && (error.code === "sign_in_throttled" || error.code === "rate_limited")) throw new Error(error.message);
            throw error;
          }
        },
      }),
      // Sign in with Lightning (LUD-04): the browser that asked for a login k1 presents it with its own secret
      // once a linked wallet has signed it; consumeLogin turns that into this one session, exactly once.
      CredentialsProvider({
        id: "lnurl-auth",
        name: "Lightning wallet",
        credentials: { k1: { label: "k1", type: "text" }, secret: { label: "Secret", type: "password" } },
        async authorize(credentials, req: Request) {
          const user = await consumeLogin({ k1: credentials?.k1, secret: credentials?.secret });
          return user ? toNextAuthUser(await openSession(user, "lightning", clientAddress(req?.headers ?? {}))) : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // Sign-in: authorize() has just made the session row.
          return { ...token, sub: user.id, sid: (user as User & { sessionId: string }).sessionId };
        }
        const account = typeof token.sid === "string" ? await sessionAccount(token.sid) : null;
        if (!account) throw new SessionEnded("This session has ended. Sign in again.");
        accounts.set(token, account);
        return token;
      },
      session({ session, token }): Session {
        return { ...session, user: { ...session.user, id: token.sub }, account: accounts.get(token) };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(token.sid);
      },
    },
    // next-auth's default logger prints request metadata; ours prints the code and message only.
    logger: {
      error(code, metadata) {
        const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        const name = error && typeof error === "object" ? (error as { name?: unknown }).name : undefined;
        const message = error && typeof error === "object" ? String((error as { message?: unknown }).message ?? "") : "";
        // An ended session is an ordinary answer ("signed out"), not a server error.
        if (name === "SessionEnded" || (metadata as { name?: unknown })?.name === "SessionEnded") return;
        console.error(`[auth] ${code}${message ? `: ${message}` : ""}`);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
  return options;
}
