"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { WebhookAction, WebhookFormState } from "./form-state";

/** Sends one delivery again now, whatever its state; the attempt joins its list. */
export function ResendButton({ deliveryId, label, action }: { deliveryId: string; label: string; action: WebhookAction }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as WebhookFormState);
  const message = state.status === "failed" ? state.message : state.status === "done" ? state.message : "";
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={pending} aria-label={`Resend ${label}`}>
        {pending ? "Sending…" : "Resend"}
      </Button>
      <span aria-live="polite" className={`text-xs ${state.status === "failed" ? "text-red-700" : "text-slate-700"}`}>
        {message}
      </span>
    </form>
  );
}
