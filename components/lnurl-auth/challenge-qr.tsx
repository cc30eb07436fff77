"use client";

import { CopyButton } from "@/components/ui/copy-button";
import type { ShownChallenge } from "./types";

const TIME = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "UTC" });

/** The QR code of one LNURL-auth k1, its LNURL to copy, and a lightning: link for a wallet on this device. */
export function ChallengeQr({ challenge, label }: { challenge: ShownChallenge; label: string }) {
  return (
    <div className="space-y-3">
      <div
        role="img"
        aria-label={label}
        className="mx-auto aspect-square w-full max-w-56 bg-white"
        dangerouslySetInnerHTML={{ __html: challenge.qrSvg }}
      />
      <p className="break-all rounded-md bg-slate-50 p-2 font-mono text-xs text-slate-700" data-testid="lnurl-auth-lnurl">
        {challenge.lnurl}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton value={challenge.lnurl} label="Copy LNURL" />
        <a href={challenge.lightningUri} className="text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
          Open in a wallet app
        </a>
      </div>
      <p className="text-xs text-slate-600">
        Valid once, until <time dateTime={new Date(challenge.expiresAt).toISOString()}>{TIME.format(challenge.expiresAt)} UTC</time>.
      </p>
    </div>
  );
}
