"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import type { ApiKeyFormState } from "@/lib/web/form-state";

type Action = (state: ApiKeyFormState, form: FormData) => Promise<ApiKeyFormState>;

const SCOPES = [
  { value: "full", label: "Full access" },
  { value: "read_only", label: "Read-only" },
];

export function CreateKeyForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as ApiKeyFormState);
  const errors = state.status === "invalid" ? state.fields : {};
  const values = state.status === "invalid" || state.status === "failed" ? state.values : {};
  return (
    <div className="space-y-4">
      {state.status === "created" ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950" data-testid="new-api-key">
          <p className="font-medium">
            Your new key &ldquo;{state.name}&rdquo; ({state.scope === "full" ? "full access" : "read-only"}). Copy it now: it is shown only this once.
          </p>
          <code className="block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-amber-200">{state.key}</code>
          <CopyButton value={state.key} label="Copy key" />
        </div>
      ) : null}
      <form action={formAction} className="space-y-4" noValidate aria-label="Create an API key">
        {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
        <TextField label="Name" name="name" id="key-name" required hint="What uses it, e.g. “Shop backend”." error={errors.name} defaultValue={values?.name} autoComplete="off" />
        <SelectField
          label="Access"
          name="scope"
          id="key-scope"
          options={SCOPES}
          defaultValue={values?.scope || "full"}
          hint="Read-only keys can retrieve, list and export, but not create or cancel."
          error={errors.scope}
        />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
    </div>
  );
}
