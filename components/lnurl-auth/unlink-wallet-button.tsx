"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { UnlinkState } from "./types";

/** Unlink with a confirmation step that asks for the password: afterwards the wallet no longer signs this user in. */
export function UnlinkWalletButton({ action }: { action: (previous: UnlinkState, form: FormData) => Promise<UnlinkState> }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as UnlinkState);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="danger-ghost" className="px-3 py-1.5" onClick={() => setConfirming(true)}>
          Unlink wallet
        </Button>
        <span aria-live="polite" className="text-xs text-slate-600">
          {state.status === "done" ? state.message : null}
        </span>
      </div>
    );
  }
  return (
    <form action={formAction} className="max-w-sm space-y-3" noValidate>
      <TextField
        label="Your Sluice password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        hint="Unlinking changes how you can sign in, so Sluice asks for your password first."
        error={state.status === "failed" ? state.message : undefined}
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="danger" className="px-3 py-1.5" disabled={pending}>
          {pending ? "Unlinking…" : "Yes, unlink"}
        </Button>
        <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
          Keep it
        </Button>
      </div>
      {state.status === "done" ? <Alert tone="info">{state.message}</Alert> : null}
    </form>
  );
}
