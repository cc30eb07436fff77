"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ConfirmLinkResult } from "./types";

export type Proposal = { k1: string; secret: string; linkingKey: string; fingerprint: string };

type Props = {
  proposal: Proposal;
  confirm: (input: { k1: string; secret: string; password: string }) => Promise<ConfirmLinkResult>;
  onLinked: () => void;
  onReject: () => void;
};

/**
 * A wallet signed the link code: show its key and link it only when the account holder says it is theirs,
 * with the password. The code was on screen, so the wallet that signed first may be someone else's.
 */
export function ConfirmLinkForm({ proposal, confirm, onLinked, onReject }: Props) {
  const [failure, setFailure] = useState<{ message: string; passwordError: boolean } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setPending(true);
    setFailure(null);
    try {
      const result = await confirm({ k1: proposal.k1, secret: proposal.secret, password });
      if (result.ok) return onLinked();
      setFailure({ message: result.message, passwordError: result.passwordError });
    } catch {
      setFailure({ message: "Sluice could not be reached. Check your connection and try again.", passwordError: false });
    }
    setPending(false);
  }

  return (
    <section aria-labelledby="confirm-link-heading" className="space-y-3" data-testid="confirm-link">
      <h3 id="confirm-link-heading" className="text-base font-semibold text-slate-900">
        Is this your wallet?
      </h3>
      <p className="text-sm text-slate-600" aria-live="polite">
        A wallet signed the link code. Link it only if you just scanned the code with your own wallet: if you did not, someone else
        did, so choose <span className="font-medium">Not my wallet</span>.
      </p>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="text-slate-600">Key fingerprint</dt>
        <dd className="font-mono text-base tracking-wide text-slate-900" data-testid="proposed-fingerprint">
          {proposal.fingerprint}
        </dd>
        <dt className="text-slate-600">Full key</dt>
        <dd className="break-all font-mono text-xs text-slate-700" data-testid="proposed-key">
          {proposal.linkingKey}
        </dd>
      </dl>
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        {failure && !failure.passwordError ? <Alert tone="error">{failure.message}</Alert> : null}
        <TextField
          label="Your Sluice password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          hint="Linking a wallet lets it sign you in, so Sluice asks for your password first."
          error={failure?.passwordError ? failure.message : undefined}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Linking…" : "Link this wallet"}
          </Button>
          <Button type="button" variant="ghost" onClick={onReject} disabled={pending}>
            Not my wallet: show a new code
          </Button>
        </div>
      </form>
    </section>
  );
}
