import type { SignedInUser } from "../auth/verify-credentials";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { createSession, type SignInMethod } from "./create-session";

export type SessionUser = SignedInUser & { sessionId: string };

/** A user who proved who they are gets a session, and the security log a "signed in" line. */
export async function openSession(user: SignedInUser, method: SignInMethod, address: string, now: Date = new Date()): Promise<SessionUser> {
  const sessionId = await createSession({ userId: user.id, method, address }, now);
  await recordSecurityEvent({
    kind: "sign_in_succeeded",
    merchantId: user.merchantId,
    actorUserId: user.id,
    actorLabel: user.email,
    address,
    detail: { method },
  });
  return { ...user, sessionId };
}
