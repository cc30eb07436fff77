// A signed-in user changes their own password, proving the current one. The same throttle as sign-in applies
// (a stolen session must not become a way to guess the password), and every other session of the user ends.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
// This verb stands above the rest of lib/auth/: its imports of merchants, the security log and sessions run
// back up and are named in tests/unit/layers.test.ts.
import type { Account } from "../merchants/get-account";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { revokeUserSessions } from "../sessions/revoke-sessions";
import { parseInput } from "../validation";
import { hashPassword, verifyPassword } from "./password";
import { newPasswordSchema } from "./schemas";
import { assertNotThrottled, clearAccountFailures, recordFailedSignIn, throttleKeys } from "./sign-in-throttle";

const schema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { error: "The two new passwords differ.", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { error: "Choose a password other than the current one.", path: ["newPassword"] });

/** Returns how many other sessions ended. */
export async function changePassword(account: Pick<Account, "user" | "merchant" | "sessionId">, input: unknown, address: string): Promise<number> {
  const data = parseInput(schema, input);
  const keys = throttleKeys(account.user.email, address);
  await assertNotThrottled(keys);
  const user = await db().user.findUnique({ where: { id: account.user.id }, select: { passwordHash: true } });
  if (!user) throw new AppError("authentication_required", "Sign in again.");
  if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
    const lockedSeconds = await recordFailedSignIn(keys);
    await recordSecurityEvent({
      kind: "sign_in_failed",
      merchantId: account.merchant.id,
      actorUserId: account.user.id,
      actorLabel: account.user.email,
      subject: account.user.email,
      address,
      detail: { method: "password_change", ...(lockedSeconds > 0 ? { locked_seconds: lockedSeconds } : {}) },
    });
    throw new AppError("invalid_credentials", "That is not your current password.", "currentPassword");
  }
  await clearAccountFailures(keys);
  const passwordHash = await hashPassword(data.newPassword);
  return db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: account.user.id }, data: { passwordHash }, select: { id: true } });
    const ended = await revokeUserSessions(account.user.id, { except: account.sessionId }, tx);
    await recordSecurityEvent(
      { kind: "password_changed", merchantId: account.merchant.id, actorUserId: account.user.id, actorLabel: account.user.email, address, detail: { other_sessions_ended: ended } },
      tx,
    );
    return ended;
  });
}
