import type { Role } from "../auth/schemas";
import { db } from "../db";
import { requireTeamOwner } from "./lock-team";
import type { Actor } from "../auth/permissions";

export type TeamMember = {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  createdAt: Date;
  lastSignInAt: Date | null;
};

/** The users of the actor's merchant, oldest first; only an owner may see them. */
export async function listTeam(actor: Actor): Promise<TeamMember[]> {
  await requireTeamOwner(actor);
  return db().user.findMany({
    where: { merchantId: actor.merchant.id },
    select: { id: true, name: true, email: true, role: true, createdAt: true, lastSignInAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
