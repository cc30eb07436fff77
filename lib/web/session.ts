import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { canManageMoney } from "../auth/roles";
import { AppError } from "../errors";
import { getAccount, type Account } from "../merchants/get-account";
import { authOptions } from "./auth-options";

/** The signed-in account for this request, or null. Deduplicated within one render. */
export const currentAccount = cache(async (): Promise<Account | null> => {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  return userId ? getAccount(userId) : null;
});

/** The signed-in account; anyone else is sent to the sign-in page. Every dashboard page calls it. */
export async function requireAccount(): Promise<Account> {
  const account = await currentAccount();
  if (!account) redirect("/signin");
  return account;
}

/**
 * The signed-in account if it may create, cancel and fund; otherwise an error a server action returns to
 * its form. The UI hides those controls from finance users, and this refuses them on the server as well.
 */
export async function requireMoneyManager(): Promise<Account> {
  const account = await requireAccount();
  if (!canManageMoney(account.user.role)) {
    throw new AppError("forbidden", "Your role is read-only: ask an owner or admin to do this.");
  }
  return account;
}
