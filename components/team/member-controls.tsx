"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { Role } from "@/lib/auth/schemas";
import type { TeamFormState } from "@/lib/web/form-state";
import { ROLE_OPTIONS } from "./roles";

type Action = (state: TeamFormState, form: FormData) => Promise<TeamFormState>;
type Member = { id: string; email: string; role: Role };

function Feedback({ state, id }: { state: TeamFormState; id: string }) {
  const message = state.status === "failed" ? state.message : state.status === "invalid" ? Object.values(state.fields)[0] : null;
  return (
    <p id={id} aria-live="polite" className={`text-xs font-medium ${message ? "text-red-700" : "text-emerald-800"}`}>
      {message ?? (state.status === "done" ? state.message : "")}
    </p>
  );
}

/** Change the role of, or remove, one other user of the merchant. */
export function MemberControls({ member, changeRole, remove }: { member: Member; changeRole: Action; remove: Action }) {
  const [roleState, roleAction, rolePending] = useActionState(changeRole, { status: "idle" } as TeamFormState);
  const [removeState, removeAction, removePending] = useActionState(remove, { status: "idle" } as TeamFormState);
  // Controlled, so that React's reset of the form after an action does not throw away the choice.
  const [role, setRole] = useState<Role>(member.role);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the confirmation: onto "Yes, remove" when it appears, back to "Remove" when cancelled.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) removeButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const selectId = `role-${member.id}`;
  return (
    <div className="flex flex-col gap-1 sm:items-end">
      <form action={roleAction} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="userId" value={member.id} />
        <div>
          <label htmlFor={selectId} className="sr-only">
            Role of {member.email}
          </label>
          <select
            id={selectId}
            name="role"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            aria-describedby={`${selectId}-feedback`}
            className="h-9 rounded-md border border-slate-300 bg-white px-3 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
          >
            {ROLE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary" className="h-9 px-3" disabled={rolePending || role === member.role} aria-label={`Save role of ${member.email}`}>
          {rolePending ? "Saving…" : "Save role"}
        </Button>
        {confirming ? null : (
          <Button
            ref={removeButton}
            type="button"
            variant="danger-ghost"
            className="h-9 px-3"
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${member.email}`}
          >
            Remove
          </Button>
        )}
      </form>
      <Feedback state={roleState} id={`${selectId}-feedback`} />
      {confirming ? (
        <form
          action={removeAction}
          onKeyDown={(event) => event.key === "Escape" && setConfirming(false)}
          className="mt-2 w-full rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900 sm:max-w-sm"
          aria-label={`Confirm removing ${member.email}`}
        >
          <input type="hidden" name="userId" value={member.id} />
          <p>
            Remove <strong className="break-all">{member.email}</strong>? They are signed out and can no longer sign in.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button ref={confirmButton} type="submit" variant="danger" className="px-3 py-1.5" disabled={removePending}>
              {removePending ? "Removing…" : "Yes, remove"}
            </Button>
            <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
          <Feedback state={removeState} id={`remove-${member.id}-feedback`} />
        </form>
      ) : null}
    </div>
  );
}
