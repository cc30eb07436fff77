import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { assertAllowed, principalOfRole, type Action } from "../auth/permissions";
import type { Account } from "../merchants/get-account";
import { linkAccessFor, type LinkAccess } from "../withdraws/link-access";
import { authOptions } from "./auth-options";

/**
 * The signed-in account for this request, or null: read with the server-side session row in the jwt callback
 * (one indexed read), so a revoked or expired session is null here. Deduplicated within one render.
 */
export const currentAccount = cache(async (): Promise<Account | null> => {
  const session = await getServerSession(authOptions());
  return session?.account ?? null;
});

/** The signed-in user's link access: a grant for their own merchant when their role may receive links. */
export function linkAccessOfAccount(account: Account): LinkAccess {
  return linkAccessFor({ merchantId: account.merchant.id, principal: principalOfRole(account.user.role) });
}

/** The signed-in account; anyone else is sent to the sign-in page. Every dashboard page calls it. */
export async function requireAccount(): Promise<Account> {
  const account = await currentAccount();
  if (!account) redirect("/signin");
  return account;
}

/**
 * The signed-in account if the permission table (lib/auth/permissions.ts) lets its role do `action`;
 * otherwise an error a server action returns to its form. Pages hide controls a role may not use, and every
 * server action calls this, so the server refuses them as well.
 */
export async function requirePermission(action: Action): Promise<Account> {
  const account = await requireAccount();
  assertAllowed(principalOfRole(account.user.role), action);
  return account;
}
