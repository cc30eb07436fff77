"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ActionFailure } from "@/lib/web/action-state";

type State = { ok: true } | ActionFailure;
type Action = (state: State, form: FormData) => Promise<State>;

export function AddFundsForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { ok: true } as State);
  const failure = state.ok ? null : state;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      {failure && failure.field !== "sats" ? <Alert tone="error">{failure.message}</Alert> : null}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="sm:w-56">
          <TextField
            label="Amount (sats)"
            name="sats"
            inputMode="numeric"
            autoComplete="off"
            placeholder="50000"
            required
            error={failure?.field === "sats" ? failure.message : undefined}
            hint="Whole sats. You get an invoice of your node to pay from any wallet."
          />
        </div>
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? "Creating invoice…" : "Create deposit invoice"}
        </Button>
      </div>
    </form>
  );
}
