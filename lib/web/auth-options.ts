// next-auth configuration: email and password against our own users table, JWT sessions that carry only
// the user id (role and merchant are read from the database on every request, so changes apply at once).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "../auth/verify-credentials";
import { resolveAuthSecret } from "../env";
import { consumeLogin } from "../lnurl-auth/consume-login";

const SESSION_HOURS = 12;

let options: NextAuthOptions | undefined;

// Built on first use, not at import: the secret may live in the data folder, which `next build` must not touch.
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: resolveAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const user = await verifyCredentials(credentials);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
      // Sign in with Lightning (LUD-04): the browser that asked for a login k1 presents it with its own secret
      // once a linked wallet has signed it; consumeLogin turns that into this one session, exactly once.
      CredentialsProvider({
        id: "lnurl-auth",
        name: "Lightning wallet",
        credentials: { k1: { label: "k1", type: "text" }, secret: { label: "Secret", type: "password" } },
        async authorize(credentials) {
          const user = await consumeLogin({ k1: credentials?.k1, secret: credentials?.secret });
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
    // next-auth's default logger prints request metadata; ours prints the code and message only.
    logger: {
      error(code, metadata) {
        const message = metadata instanceof Error ? metadata.message : "";
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
