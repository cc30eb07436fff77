import { z } from "zod";
import { roleSchema, type Role } from "../auth/schemas";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { findTeamMember, lockTeam, ownerCount, userIdSchema, type Actor } from "./lock-team";

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
    await tx.user.update({ where: { id: member.id }, data: { role: data.role }, select: { id: true } });
    return { userId: member.id, role: data.role };
  });
}
