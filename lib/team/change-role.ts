import { z } from "zod";
import { roleSchema, type Role } from "../auth/schemas";
import { db } from "../db";
import { AppError } from "../errors";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { revokeUserSessions } from "../sessions/revoke-sessions";
import { parseInput } from "../validation";
import { findTeamMember, lockTeam, ownerCount, userIdSchema } from "./lock-team";
import type { Actor } from "../auth/permissions";

const schema = z.object({ userId: userIdSchema, role: roleSchema });

/**
 * An owner changes the role of a user of their merchant (themselves included, while another owner remains).
 * The check "is this the last owner" and the update run under the merchant's team lock, so concurrent
 * demotions are decided one after the other and the merchant always keeps an owner.
 */
export async function changeRole(actor: Actor, input: unknown): Promise<{ userId: string; role: Role }> {
  const data = parseInput(schema, input);
  return db().$transaction(async (tx) => {
    await lockTeam(tx, actor);
    const member = await findTeamMember(tx, actor, data.userId);
    if (member.role === "owner" && data.role !== "owner" && (await ownerCount(tx, actor.merchant.id)) <= 1) {
      throw new AppError("last_owner", `${member.email} is the only owner. Make someone else an owner first.`, "role");
    }
    if (member.role !== data.role) {
      await tx.user.update({ where: { id: member.id }, data: { role: data.role }, select: { id: true } });
      // A new role starts with a new sign-in: sessions opened under the old role end now (but the one the owner
      // is changing their own role from).
      await revokeUserSessions(member.id, { except: actor.sessionId }, tx);
      await recordSecurityEvent(
        { kind: "role_changed", merchantId: actor.merchant.id, actorUserId: actor.user.id, subject: member.email, detail: { from: member.role, to: data.role } },
        tx,
      );
    }
    return { userId: member.id, role: data.role };
  });
}
