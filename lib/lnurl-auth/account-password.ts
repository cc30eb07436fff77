// Linking and unlinking a sign-in wallet change how the account can be entered, so each asks for the
// account's password again: a session alone (a borrowed or unlocked browser) is not enough to give a
// wallet lasting access, nor to take the owner's away.
import { verifyPassword } from "../auth/password";
import { assertNotThrottled, clearAccountFailures, recordFailedSignIn, throttleKeys } from "../auth/sign-in-throttle";
import { db } from "../db";
import { AppError } from "../errors";

/**
 * Throws `invalid_credentials` (on the `password` field) unless `password` is the user's password. Wrong
 * passwords count towards the account's sign-in throttle (lib/auth/sign-in-throttle.ts), so a borrowed session
 * cannot become a way to guess the password; a locked account is refused before any hashing.
 */
export async function assertAccountPassword(userId: string, password: string, nothingDone: string): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true, email: true } });
  if (!user) throw new AppError("invalid_credentials", `That is not your account's password. ${nothingDone}`, "password");
  const keys = throttleKeys(user.email);
  await assertNotThrottled(keys);
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordFailedSignIn(keys);
    throw new AppError("invalid_credentials", `That is not your account's password. ${nothingDone}`, "password");
  }
  await clearAccountFailures(keys);
}
