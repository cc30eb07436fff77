"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChallengeQr } from "./challenge-qr";
import { ConfirmLinkForm } from "./confirm-link-form";
import type { ConfirmLinkResult, StartChallengeResult } from "./types";
import { useChallenge } from "./use-challenge";

type Props = {
  start: () => Promise<StartChallengeResult>;
  confirm: (input: { k1: string; secret: string; password: string }) => Promise<ConfirmLinkResult>;
};

/**
 * Settings: shows an LNURL-auth "link" QR code on request, notices by itself when a wallet has signed it, and
 * links that wallet's key only once the account holder confirms it here with the password.
 */
export function LinkWallet({ start, confirm }: Props) {
  const { view, begin, finish } = useChallenge(start);
  const router = useRouter();

  useEffect(() => {
    if (view.phase === "done") router.refresh();
  }, [view.phase, router]);

  if (view.phase === "done") return <Alert tone="info">Wallet linked. It can now sign you in on the sign-in page.</Alert>;
  if (view.phase === "proposed") {
    const { k1, secret } = view.challenge;
    return (
      <ConfirmLinkForm
        proposal={{ k1, secret, linkingKey: view.linkingKey, fingerprint: view.fingerprint }}
        confirm={confirm}
        onLinked={finish}
        onReject={() => void begin()}
      />
    );
  }
  return (
    <div className="space-y-3">
      {view.phase === "showing" ? (
        <>
          <p className="text-sm text-slate-600">
            Scan with your Lightning wallet and accept the request to link it. This page updates by itself and then asks you to confirm
            the wallet with your password.
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
