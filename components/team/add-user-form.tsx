"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import type { TeamFormState } from "@/lib/web/form-state";
import { ROLE_OPTIONS, ROLES_HINT } from "./roles";

type Action = (state: TeamFormState, form: FormData) => Promise<TeamFormState>;

export function AddUserForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TeamFormState);
  const errors = state.status === "invalid" ? state.fields : {};
  // React clears the form after every submission; a refused one gets its values back (never the password).
  const values = state.status === "done" ? {} : (state.values ?? {});
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label="Add a user">
      {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
      {state.status === "done" ? <Alert>{state.message}</Alert> : null}
      <TextField label="Name (optional)" name="name" id="new-user-name" autoComplete="off" error={errors.name} defaultValue={values.name} />
      <TextField
        label="Email"
        name="email"
        id="new-user-email"
        type="email"
        autoComplete="off"
        required
        error={errors.email}
        defaultValue={values.email}
      />
      <SelectField
        label="Role"
        name="role"
        id="new-user-role"
        options={ROLE_OPTIONS}
        defaultValue={values.role || "finance"}
        hint={ROLES_HINT}
        error={errors.role}
      />
      <TextField
        label="Initial password"
        name="password"
        id="new-user-password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. Share it with them privately."
        error={errors.password}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
