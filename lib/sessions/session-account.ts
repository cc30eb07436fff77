// Every dashboard request: the session row, its user and merchant in one indexed read. A revoked, idle or
// expired session, or one whose user is gone, is no session at all.
import { z } from "zod";
import { db } from "../db";
import type { Account } from "../merchants/get-account";
import { roleSchema } from "../auth/schemas";
import { SESSION_IDLE_SECONDS, SESSION_TOUCH_SECONDS } from "./rules";

const rowSchema = z.object({
  last_seen_at: z.date(),
  user_id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  merchant_id: z.string(),
  merchant_name: z.string(),
});

export async function sessionAccount(sessionId: string, now: Date = new Date()): Promise<Account | null> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_SECONDS * 1000);
  const rows = await db().$queryRaw<unknown[]>`
    SELECT s.last_seen_at, u.id AS user_id, u.email, u.name, u.role::text AS role, m.id AS merchant_id, m.name AS merchant_name
      FROM user_sessions s
      JOIN users u ON u.id = s.user_id
      JOIN merchants m ON m.id = u.merchant_id
     WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > ${now} AND s.last_seen_at > ${idleSince}`;
  if (rows.length === 0) return null;
  const row = rowSchema.parse(rows[0]);
  if (now.getTime() - row.last_seen_at.getTime() > SESSION_TOUCH_SECONDS * 1000) {
    await db().userSession.updateMany({ where: { id: sessionId, lastSeenAt: { lt: now } }, data: { lastSeenAt: now } });
  }
  return {
    user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
    merchant: { id: row.merchant_id, name: row.merchant_name },
    sessionId,
  };
}
