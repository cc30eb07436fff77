"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { TeamFormState } from "@/lib/web/form-state";

type Action = (state: TeamFormState, form: FormData) => Promise<TeamFormState>;

export function ChangePasswordForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TeamFormState);
  const errors = state.status === "invalid" ? state.fields : {};
  return (
    <form action={formAction} className="max-w-sm space-y-4" noValidate aria-label="Change password">
      {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
      {state.status === "done" ? <Alert>{state.message}</Alert> : null}
      <TextField label="Current password" name="currentPassword" id="current-password" type="password" autoComplete="current-password" required error={errors.currentPassword} />
      <TextField
        label="New password"
        name="newPassword"
        id="new-password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.newPassword}
      />
      <TextField label="Repeat the new password" name="confirmPassword" id="confirm-password" type="password" autoComplete="new-password" required error={errors.confirmPassword} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
