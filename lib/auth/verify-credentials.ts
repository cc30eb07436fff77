import { db } from "../db";
import { credentialsSchema } from "./schemas";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { Role } from "./schemas";

export type SignedInUser = { id: string; email: string; name: string | null; merchantId: string; role: Role };

/** The user for an email and password, or null. Never says which of the two was wrong. */
export async function verifyCredentials(input: unknown): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, merchantId: true, role: true, passwordHash: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) return null;
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() }, select: { id: true } });
  return { id: user.id, email: user.email, name: user.name, merchantId: user.merchantId, role: user.role };
}
