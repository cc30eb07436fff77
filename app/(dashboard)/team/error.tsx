"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// The server's message is never shown (Next.js replaces it in production anyway); the digest lets an operator
// find the matching server log line.
export default function TeamError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <div className="mx-auto max-w-lg space-y-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
      <Alert tone="error">
        The team could not be loaded. Try again; if it keeps failing, check that the database is reachable.
        {digest ? <span className="mt-1 block font-mono text-xs">Reference: {digest}</span> : null}
      </Alert>
      <Button onClick={() => retry()}>Try again</Button>
    </div>
  );
}
