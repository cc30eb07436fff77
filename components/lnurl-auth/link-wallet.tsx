"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChallengeQr } from "./challenge-qr";
import type { StartChallengeResult } from "./types";
import { useChallenge } from "./use-challenge";

/** Settings: shows an LNURL-auth "link" QR code on request and notices by itself when a wallet has signed it. */
export function LinkWallet({ start }: { start: () => Promise<StartChallengeResult> }) {
  const { view, begin } = useChallenge(start);
  const router = useRouter();

  useEffect(() => {
    if (view.phase === "done") router.refresh();
  }, [view.phase, router]);

  if (view.phase === "done") return <Alert tone="info">Wallet linked. It can now sign you in on the sign-in page.</Alert>;
  return (
    <div className="space-y-3">
      {view.phase === "showing" ? (
        <>
          <p className="text-sm text-slate-600">
            Scan with your Lightning wallet and accept the request to link it. This page updates by itself. The first
            wallet to scan the code is linked, so keep it off shared screens.
          </p>
          {view.refusal ? <Alert tone="error">{view.refusal}</Alert> : null}
          <ChallengeQr challenge={view.challenge} label="QR code to link a Lightning wallet to your account" />
        </>
      ) : (
        <>
          {view.phase === "expired" ? <Alert tone="warning">{view.message}</Alert> : null}
          {view.phase === "failed" ? <Alert tone="error">{view.message}</Alert> : null}
          <Button type="button" onClick={() => void begin()} disabled={view.phase === "starting"}>
            {view.phase === "starting" ? "Preparing…" : view.phase === "idle" ? "Link a wallet" : "Show a new code"}
          </Button>
        </>
      )}
    </div>
  );
}
