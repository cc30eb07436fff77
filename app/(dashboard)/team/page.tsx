import type { Metadata } from "next";
import Link from "next/link";
import { AddUserForm } from "@/components/team/add-user-form";
import { TeamList } from "@/components/team/team-list";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { roleMay } from "@/lib/auth/permissions";
import { listTeam } from "@/lib/team/list-team";
import { requireAccount } from "@/lib/web/session";
import { addUserAction, changeRoleAction, removeUserAction } from "./actions";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  if (!roleMay(account.user.role, "team.manage")) {
    return (
      <div className="mx-auto max-w-lg space-y-4 py-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
        <p className="text-sm text-slate-700">
          Only an owner of {account.merchant.name} can see and manage the team. Ask an owner if someone needs to be added
          or removed.
        </p>
        <Link href="/" className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
          Back to the overview
        </Link>
      </div>
    );
  }

  const members = await listTeam(account);
  const removed = (await searchParams).removed;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
        <p className="mt-1 text-sm text-slate-600">Who can sign in to {account.merchant.name}, and what each of them may do.</p>
      </div>
      {typeof removed === "string" ? <Alert>Removed {removed}. They can no longer sign in, and their session has ended.</Alert> : null}
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]">
        <Card title={`Users (${members.length})`}>
          <TeamList members={members} selfId={account.user.id} changeRole={changeRoleAction} remove={removeUserAction} />
          {members.length === 1 ? (
            <p className="mt-4 rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
              Nobody else is on the team yet. Add a teammate with the form.
            </p>
          ) : null}
        </Card>
        <Card title="Add a user">
          <AddUserForm action={addUserAction} />
        </Card>
      </div>
    </div>
  );
}
