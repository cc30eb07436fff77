import { When } from "@/components/ui/when";
import type { TeamMember } from "@/lib/team/list-team";
import type { TeamFormState } from "@/lib/web/form-state";
import { MemberControls } from "./member-controls";
import { ROLE_LABELS } from "./roles";

type Action = (state: TeamFormState, form: FormData) => Promise<TeamFormState>;

const ROLE_BADGES = {
  owner: "bg-brand-50 text-brand-700 ring-brand-100",
  admin: "bg-slate-100 text-slate-800 ring-slate-200",
  finance: "bg-amber-50 text-amber-900 ring-amber-200",
} as const;

export function TeamList({ members, selfId, changeRole, remove }: { members: TeamMember[]; selfId: string; changeRole: Action; remove: Action }) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="Users">
      {members.map((member) => (
        <li key={member.id} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between" data-testid="team-member">
          <div className="min-w-0 space-y-1">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{member.name ?? member.email}</span>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${ROLE_BADGES[member.role]}`}>
                {ROLE_LABELS[member.role]}
              </span>
              {member.id === selfId ? <span className="text-xs text-slate-600">(you)</span> : null}
            </p>
            {member.name ? <p className="break-all text-sm text-slate-700">{member.email}</p> : null}
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-xs text-slate-700">
              <dt className="text-slate-600">Added</dt>
              <dd>
                <When at={member.createdAt} />
              </dd>
              <dt className="text-slate-600">Last sign-in</dt>
              <dd>
                <When at={member.lastSignInAt} />
              </dd>
            </dl>
          </div>
          {/* Your own role and access are left to another owner: nobody locks themselves out by a slip. */}
          {member.id === selfId ? null : <MemberControls member={member} changeRole={changeRole} remove={remove} />}
        </li>
      ))}
    </ul>
  );
}
