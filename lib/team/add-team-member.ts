import { addUserToMerchant, type AddedUser } from "../merchants/add-user";
import { lockTeam, requireTeamOwner } from "./lock-team";
import type { Actor } from "../auth/permissions";

/**
 * An owner adds a user to their own merchant: name (optional), email, role and an initial password. A
 * non-owner is refused before the input is looked at (and before any password is hashed); the check is
 * made again inside the insert's transaction, under the team lock, so a demotion in between still counts.
 */
export async function addTeamMember(actor: Actor, input: unknown): Promise<AddedUser> {
  await requireTeamOwner(actor);
  return addUserToMerchant(actor.merchant.id, input, (tx) => lockTeam(tx, actor), { actorUserId: actor.user.id });
}
