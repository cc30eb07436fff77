"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";

type UnlinkState = { status: "idle" } | { status: "done"; message: string };

/** Unlink with a confirmation step: afterwards the wallet no longer signs this user in. */
export function UnlinkWalletButton({ action }: { action: () => Promise<UnlinkState> }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as UnlinkState);
  const [confirming, setConfirming] = useState(false);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <Button type="submit" variant="danger" className="px-3 py-1.5" disabled={pending}>
            {pending ? "Unlinking…" : "Yes, unlink"}
          </Button>
          <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </>
      ) : (
        <Button type="button" variant="danger-ghost" className="px-3 py-1.5" onClick={() => setConfirming(true)}>
          Unlink wallet
        </Button>
      )}
      <span aria-live="polite" className="text-xs text-slate-600">
        {state.status === "done" ? state.message : null}
      </span>
    </form>
  );
}
