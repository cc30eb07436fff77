"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ApiKeyFormState } from "@/lib/web/form-state";

type Action = (state: ApiKeyFormState, form: FormData) => Promise<ApiKeyFormState>;

/** Revoke with a confirmation step: a revoked key cannot be brought back. */
export function RevokeKeyButton({ keyId, name, action }: { keyId: string; name: string; action: Action }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as ApiKeyFormState);
  const [confirming, setConfirming] = useState(false);
  const message = state.status === "failed" ? state.message : null;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="keyId" value={keyId} />
      {confirming ? (
        <>
          <Button type="submit" variant="danger" className="px-3 py-1.5" disabled={pending} aria-label={`Yes, revoke ${name}`}>
            {pending ? "Revoking…" : "Yes, revoke"}
          </Button>
          <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </>
      ) : (
        <Button type="button" variant="danger-ghost" className="px-3 py-1.5" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
          Revoke
        </Button>
      )}
      <span aria-live="polite" className="text-xs text-red-700">
        {message}
      </span>
    </form>
  );
}
