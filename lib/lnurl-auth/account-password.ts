// Linking and unlinking a sign-in wallet change how the account can be entered, so each asks for the
// account's password again: a session alone (a borrowed or unlocked browser) is not enough to give a
// wallet lasting access, nor to take the owner's away.
import { verifyPassword } from "../auth/password";
import { db } from "../db";
import { AppError } from "../errors";

/** Throws `invalid_credentials` (on the `password` field) unless `password` is the user's password. */
export async function assertAccountPassword(userId: string, password: string, nothingDone: string): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    throw new AppError("invalid_credentials", `That is not your account's password. ${nothingDone}`, "password");
  }
}
