import "next-auth";
import "next-auth/jwt";
import type { Account } from "../merchants/get-account";

declare module "next-auth" {
  interface Session {
    user?: { id?: string; email?: string | null; name?: string | null; image?: string | null };
    /** The signed-in account, read with the session row on this request (lib/web/auth-options.ts). */
    account?: Account;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session's id (lib/sessions/). */
    sid?: string;
  }
}
