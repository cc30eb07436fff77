import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { parseInput } from "../validation";
import { findTeamMember, lockTeam, ownerCount, userIdSchema } from "./lock-team";
import type { Actor } from "../auth/permissions";

const schema = z.object({ userId: userIdSchema });

/**
 * An owner removes another user of their merchant. The row is deleted, and with it (ON DELETE CASCADE) every
 * session of theirs: their next request, on any instance, finds no session and is sent to sign in.
 */
export async function removeTeamMember(actor: Actor, input: unknown): Promise<{ userId: string; email: string }> {
  const data = parseInput(schema, input);
  return db().$transaction(async (tx) => {
    await lockTeam(tx, actor);
    if (data.userId === actor.user.id) {
      throw new AppError("cannot_remove_self", "You cannot remove yourself. Ask another owner to do it.", "userId");
    }
    const member = await findTeamMember(tx, actor, data.userId);
    // Unreachable while the actor is an owner and not the target, but the rule belongs to the data, not to
    // whoever happens to call this.
    if (member.role === "owner" && (await ownerCount(tx, actor.merchant.id)) <= 1) {
      throw new AppError("last_owner", `${member.email} is the only owner and cannot be removed.`, "userId");
    }
    await tx.user.delete({ where: { id: member.id }, select: { id: true } });
    await recordSecurityEvent({ kind: "user_removed", merchantId: actor.merchant.id, actorUserId: actor.user.id, subject: member.email, detail: { role: member.role } }, tx);
    return { userId: member.id, email: member.email };
  });
}
