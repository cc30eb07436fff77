"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

type Result = { status: "idle" } | { status: "done"; ended: number };

/**
 * Ends every session of this user on the server (with a confirmation step), then signs this browser out too,
 * which clears its cookie; the other browsers find their sessions ended on their next request.
 */
export function SignOutEverywhereButton({ action }: { action: () => Promise<Result> }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOutEverywhere() {
    setPending(true);
    setError(null);
    try {
      await action();
      await signOut({ callbackUrl: "/signin" });
    } catch {
      setError("Sluice could not be reached. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <Button type="button" variant="danger" className="px-3 py-1.5" disabled={pending} onClick={() => void signOutEverywhere()}>
            {pending ? "Signing out…" : "Yes, sign out everywhere"}
          </Button>
          <Button type="button" variant="ghost" className="px-3 py-1.5" disabled={pending} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </>
      ) : (
        <Button type="button" variant="danger-ghost" className="px-3 py-1.5" onClick={() => setConfirming(true)}>
          Sign out everywhere
        </Button>
      )}
      <span role="alert" className="text-xs text-red-700">
        {error}
      </span>
    </div>
  );
}
