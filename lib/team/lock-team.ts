import { z } from "zod";
import { roleMay, type Actor } from "../auth/permissions";
import type { Role } from "../auth/schemas";
import { db, type Tx } from "../db";
import { AppError } from "../errors";

export const userIdSchema = z.string({ error: "Choose a user." }).trim().min(1, "Choose a user.").max(64, "That user id is not valid.");

async function assertOwner(tx: Tx, actor: Actor): Promise<void> {
  // The role is read again here rather than trusted from the caller: it may have changed since the request began.
  const me = await tx.user.findFirst({ where: { id: actor.user.id, merchantId: actor.merchant.id }, select: { role: true } });
  if (!me || !roleMay(me.role, "team.manage")) throw new AppError("forbidden", "Only an owner can manage the team.");
}

/**
 * Starts a change to a merchant's team inside `tx`: locks the merchant's row, so that the team changes of one
 * merchant run one after another (two owners demoting each other at once cannot both see "another owner
 * remains"), then checks under that lock that the actor is still an owner of that merchant.
 */
export async function lockTeam(tx: Tx, actor: Actor): Promise<void> {
  await tx.$queryRaw`SELECT id FROM merchants WHERE id = ${actor.merchant.id} FOR UPDATE`;
  await assertOwner(tx, actor);
}

/** Refuses anyone but an owner, for reads (no lock). */
export function requireTeamOwner(actor: Actor): Promise<void> {
  return assertOwner(db(), actor);
}

/** A user of the actor's merchant; another merchant's user is a plain 404. */
export async function findTeamMember(tx: Tx, actor: Actor, userId: string): Promise<{ id: string; role: Role; email: string }> {
  const member = await tx.user.findFirst({ where: { id: userId, merchantId: actor.merchant.id }, select: { id: true, role: true, email: true } });
  if (!member) throw new AppError("not_found", "That user is not on your team.", "userId");
  return member;
}

export function ownerCount(tx: Tx, merchantId: string): Promise<number> {
  return tx.user.count({ where: { merchantId, role: "owner" } });
}
