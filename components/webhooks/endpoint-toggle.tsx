"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { WebhookAction, WebhookFormState } from "./form-state";

/** Enable or disable one endpoint; a disabled endpoint gets no new deliveries and no retries. */
export function EndpointToggle({ id, url, enabled, action }: { id: string; url: string; enabled: boolean; action: WebhookAction }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as WebhookFormState);
  const message = state.status === "failed" ? state.message : state.status === "done" ? state.message : "";
  return (
    <form action={formAction} className="flex flex-col items-start gap-1 sm:items-end">
      <input type="hidden" name="endpointId" value={id} />
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      <Button type="submit" variant={enabled ? "secondary" : "primary"} className="px-3 py-1.5" disabled={pending} aria-label={`${enabled ? "Disable" : "Enable"} ${url}`}>
        {pending ? "Saving…" : enabled ? "Disable" : "Enable"}
      </Button>
      <p aria-live="polite" className={`text-xs ${state.status === "failed" ? "text-red-700" : "text-slate-600"}`}>
        {message}
      </p>
    </form>
  );
}
