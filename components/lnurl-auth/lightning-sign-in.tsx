"use client";

import { useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChallengeQr } from "./challenge-qr";
import type { StartChallengeResult } from "./types";
import { useChallenge } from "./use-challenge";

/**
 * The sign-in page's LNURL-auth QR code: a linked wallet signs it, this page notices (polling) and completes
 * the next-auth sign-in with the k1 and this browser's secret, then opens the dashboard.
 */
export function LightningSignIn({ start, callbackUrl }: { start: () => Promise<StartChallengeResult>; callbackUrl: string }) {
  const { view, begin } = useChallenge(start);
  const [problem, setProblem] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void begin();
  }, [begin]);

  useEffect(() => {
    if (view.phase !== "done") return;
    const { k1, secret } = view.challenge;
    void signIn("lnurl-auth", { k1, secret, redirect: false })
      .then((result) => {
        if (result?.ok && !result.error) window.location.assign(callbackUrl);
        else setProblem("Your wallet signed, but the session could not be opened. Scan a new code.");
      })
      .catch(() => setProblem("Sluice could not be reached. Check your connection and try again."));
  }, [view, callbackUrl]);

  return (
    <div className="space-y-3" data-testid="lightning-sign-in">
      <p className="text-sm text-slate-600">
        Scan with a Lightning wallet that supports LNURL-auth. It works once you have linked the wallet under Settings.
      </p>
      {view.phase === "showing" ? (
        <>
          {view.refusal ? <Alert tone="error">{view.refusal}</Alert> : null}
          <ChallengeQr challenge={view.challenge} label="QR code to sign in with a Lightning wallet" />
          <p className="sr-only" aria-live="polite">
            Waiting for your wallet.
          </p>
        </>
      ) : null}
      {view.phase === "idle" || view.phase === "starting" ? <p className="text-sm text-slate-600">Preparing a code…</p> : null}
      {view.phase === "done" && !problem ? <Alert tone="info">Your wallet signed. Opening the dashboard…</Alert> : null}
      {view.phase === "done" && problem ? (
        <>
          <Alert tone="error">{problem}</Alert>
          <Button type="button" variant="secondary" onClick={() => (setProblem(null), void begin())}>
            Show a new code
          </Button>
        </>
      ) : null}
      {view.phase === "expired" || view.phase === "failed" ? (
        <>
          <Alert tone={view.phase === "failed" ? "error" : "warning"}>{view.message}</Alert>
          <Button type="button" variant="secondary" onClick={() => void begin()}>
            Show a new code
          </Button>
        </>
      ) : null}
    </div>
  );
}
