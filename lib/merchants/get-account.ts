import { db } from "../db";
import type { Role } from "../auth/schemas";

export type Account = {
  user: { id: string; email: string; name: string | null; role: Role };
  merchant: { id: string; name: string };
  /** The dashboard session the account was read through (lib/sessions/session-account.ts); absent elsewhere. */
  sessionId?: string;
};

/** The signed-in user with their merchant, or null when the user no longer exists. */
export async function getAccount(userId: string): Promise<Account | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, merchant: { select: { id: true, name: true } } },
  });
  if (!user) return null;
  const { merchant, ...rest } = user;
  return { user: rest, merchant };
}
