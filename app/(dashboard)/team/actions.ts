"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { addTeamMember } from "@/lib/team/add-team-member";
import { changeRole } from "@/lib/team/change-role";
import { removeTeamMember } from "@/lib/team/remove-team-member";
import type { TeamFormState } from "@/lib/web/form-state";
import { requirePermission } from "@/lib/web/session";
import { formError } from "@/lib/web/action-errors";

// Each action is reachable by anyone who knows its id, not only through the page: the domain functions
// check, under a lock, that the signed-in user is an owner of the merchant they act on.

const text = (form: FormData, name: string) => String(form.get(name) ?? "");
const ROLE_NAMES: Record<string, string> = { owner: "an owner", admin: "an admin", finance: "finance" };

export async function addUserAction(_state: TeamFormState, form: FormData): Promise<TeamFormState> {
  const account = await requirePermission("team.manage");
  const values = { name: text(form, "name"), email: text(form, "email"), role: text(form, "role") };
  try {
    const added = await addTeamMember(account, { ...values, password: text(form, "password") });
    revalidatePath("/team");
    return { status: "done", message: `Added ${added.email} as ${ROLE_NAMES[added.role]}. Give them their password in person or over a safe channel.` };
  } catch (error) {
    return formError(error, values, ["name", "email", "role", "password"]);
  }
}

export async function changeRoleAction(_state: TeamFormState, form: FormData): Promise<TeamFormState> {
  const account = await requirePermission("team.manage");
  const values = { userId: text(form, "userId"), role: text(form, "role") };
  try {
    await changeRole(account, values);
    revalidatePath("/team");
    return { status: "done", message: "Role saved." };
  } catch (error) {
    // The row shows one message: a field error (a role that does not exist) is that message.
    return formError(error, values, []);
  }
}

export async function removeUserAction(_state: TeamFormState, form: FormData): Promise<TeamFormState> {
  const account = await requirePermission("team.manage");
  const values = { userId: text(form, "userId") };
  let email: string;
  try {
    email = (await removeTeamMember(account, values)).email;
  } catch (error) {
    return formError(error, values, []);
  }
  // The removed row disappears with its controls, so the page itself says what happened.
  revalidatePath("/team");
  redirect(`/team?removed=${encodeURIComponent(email)}`);
}
