"use client";

import { useActionState, useEffect, useRef } from "react";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { FirstOwnerState } from "@/lib/web/form-state";

type Action = (state: FirstOwnerState, form: FormData) => Promise<FirstOwnerState>;

export function FirstOwnerForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as FirstOwnerState);
  // React resets the form once the action completes, so the entered credentials are kept at submit time
  // to sign the new owner in straight away.
  const submitted = useRef<FormData | null>(null);

  useEffect(() => {
    const form = submitted.current;
    if (state.status !== "created" || !form) return;
    void signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    }).then((result) => window.location.assign(result?.error ? "/signin" : "/"));
  }, [state.status]);

  const errors = state.status === "invalid" ? state.fields : {};
  return (
    <form action={formAction} onSubmit={(event) => (submitted.current = new FormData(event.currentTarget))} className="space-y-4" noValidate>
      {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
      {state.status === "created" ? <Alert>Owner account created. Signing you in…</Alert> : null}
      <TextField label="Business name" name="merchantName" autoComplete="organization" required error={errors.merchantName} defaultValue={state.values?.merchantName} />
      <TextField label="Your name" name="name" autoComplete="name" error={errors.name} defaultValue={state.values?.name} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required error={errors.email} defaultValue={state.values?.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.password}
      />
      <Button type="submit" className="w-full" disabled={pending || state.status === "created"}>
        {pending ? "Creating…" : "Create the owner account"}
      </Button>
    </form>
  );
}
