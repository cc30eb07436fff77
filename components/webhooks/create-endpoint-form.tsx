"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/text-field";
import { EVENT_LABELS, type WebhookAction, type WebhookFormState } from "./form-state";

function SecretOnce({ secret, endpointId }: { secret: string; endpointId?: string }) {
  return (
    <div role="region" aria-label="Signing secret" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">Signing secret: shown only this once</p>
      <p>Store it with your server&apos;s configuration. Sluice keeps it encrypted and cannot show it again.</p>
      <code data-testid="webhook-secret" className="block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-amber-200">
        {secret}
      </code>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton value={secret} label="Copy secret" />
        {endpointId ? (
          <Link href={`/developers/webhooks/${endpointId}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
            View the endpoint
          </Link>
        ) : null}
      </div>
    </div>
  );
}

export function CreateEndpointForm({ action, events }: { action: WebhookAction; events: readonly string[] }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as WebhookFormState);
  const errors = state.status === "invalid" ? state.fields : {};
  const values = state.status === "done" ? {} : (state.values ?? {});
  const chosen = values.events === undefined ? events : values.events.split(",");
  return (
    <div className="space-y-4">
      {state.status === "done" && state.secret ? <SecretOnce secret={state.secret} endpointId={state.endpointId} /> : null}
      <form action={formAction} className="space-y-4" noValidate aria-label="Add an endpoint">
        {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
        {state.status === "done" ? <Alert>{state.message}</Alert> : null}
        <TextField
          label="Endpoint URL"
          name="url"
          id="webhook-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://example.com/webhooks/sluice"
          required
          error={errors.url}
          defaultValue={values.url}
        />
        <TextField
          label="Description (optional)"
          name="description"
          id="webhook-description"
          autoComplete="off"
          error={errors.description}
          defaultValue={values.description}
        />
        <fieldset className="space-y-2" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Events to send</legend>
          {events.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm text-slate-800">
              <input type="checkbox" name="events" value={type} defaultChecked={chosen.includes(type)} className="mt-0.5 h-4 w-4 rounded border-slate-400" />
              <span>
                <code className="text-xs">{type}</code>
                <span className="block text-xs text-slate-600">{EVENT_LABELS[type]}</span>
              </span>
            </label>
          ))}
          {errors.events ? (
            <p id="webhook-events-error" className="text-xs font-medium text-red-700">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
    </div>
  );
}
