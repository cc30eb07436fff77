"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

type Cancel = (id: string) => Promise<{ ok: true } | { ok: false; message: string }>;

export function CancelWithdraw({ id, cancel }: { id: string; cancel: Cancel }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Cancel withdraw
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Confirm cancel" className="space-y-3 rounded-md border border-rose-200 bg-rose-50 p-3">
      <p className="text-sm text-rose-900">Cancel this withdraw? Its link stops working and the reserved sats return to your balance.</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex gap-2">
        <Button
          className="bg-rose-700 hover:bg-rose-800"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await cancel(id);
              if (result.ok) setConfirming(false);
              else setError(result.message);
            })
          }
        >
          {pending ? "Cancelling…" : "Yes, cancel it"}
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)} disabled={pending}>
          Keep it
        </Button>
      </div>
    </div>
  );
}
