import { db } from "../db";
import { newId } from "../ids";
import { SESSION_MAX_SECONDS } from "./rules";

export type SignInMethod = "password" | "lightning";

/** A new server-side session for a user who just signed in; its id goes into the session cookie. */
export async function createSession(input: { userId: string; method: SignInMethod; address: string }, now: Date = new Date()): Promise<string> {
  const id = newId("session", now.getTime());
  await db().userSession.create({
    data: {
      id,
      userId: input.userId,
      method: input.method,
      address: input.address.slice(0, 64),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_SECONDS * 1000),
    },
    select: { id: true },
  });
  return id;
}
