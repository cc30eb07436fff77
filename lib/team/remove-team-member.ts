import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { findTeamMember, lockTeam, ownerCount, userIdSchema, type Actor } from "./lock-team";

const schema = z.object({ userId: userIdSchema });

/**
 * An owner removes another user of their merchant. The row is deleted: the user can no longer sign in, and
 * their existing session ends at their next request, because the dashboard reads the account from the
 * database on every request and finds none.
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
    return { userId: member.id, email: member.email };
  });
}
