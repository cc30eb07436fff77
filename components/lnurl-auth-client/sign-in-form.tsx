"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/text-area";
import type { TeamFormState } from "@/lib/web/form-state";

export type SignInAction = (state: TeamFormState, form: FormData) => Promise<TeamFormState>;

/** Paste a service's LNURL-auth code; Sluice signs in there as the merchant. */
export function ServiceSignInForm({ action }: { action: SignInAction }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TeamFormState);
  const errors = state.status === "invalid" ? state.fields : {};
  const values = state.status === "invalid" || state.status === "failed" ? state.values : {};
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label="Sign in to a service">
      {state.status === "done" ? (
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950" data-testid="service-sign-in-done">
          {state.message}
        </p>
      ) : null}
      {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
      <TextArea
        label="LNURL-auth code"
        name="code"
        id="lnurl-auth-code"
        rows={4}
        required
        hint="The service's login code: LNURL1…, lightning:LNURL1…, keyauth://… or its https:// login URL (tag=login)."
        error={errors.code}
        defaultValue={values?.code}
        autoComplete="off"
        spellCheck={false}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
