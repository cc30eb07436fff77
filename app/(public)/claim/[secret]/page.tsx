import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AddressClaimForm, InvoiceClaimForm } from "@/components/claim/claim-forms";
import { ClaimReceipt } from "@/components/claim/claim-receipt";
import { Card } from "@/components/ui/card";
import { Logo } from "@/components/ui/logo";
import { QrCode } from "@/components/ui/qr-code";
import { Countdown } from "@/components/withdraws/countdown";
import { LiveRefresh } from "@/components/withdraws/live-refresh";
import { loadClaim, type ClaimView } from "@/lib/claims/load-claim";
import { displaySats, msatToSats } from "@/lib/money";
import { claimToAddressAction, claimWithInvoiceAction } from "./actions";

// The address carries the withdraw's secret: search engines must not keep it (and proxy.ts sends
// X-Robots-Tag and Referrer-Policy: no-referrer, so no link followed from here carries it away either).
export const metadata: Metadata = { title: "Your payment", robots: { index: false, follow: false } };

function utc(date: Date): string {
  return date.toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
}

const ENDED = {
  expired: { title: "This link has expired", text: "It can no longer be used. Ask the sender for a new one." },
  cancelled: { title: "This link was cancelled", text: "The sender cancelled it; it can no longer be used. Ask them if you expected a payment." },
} as const;

function Amount({ claim }: { claim: ClaimView }) {
  const ranged = claim.minMsat !== claim.targetMsat;
  return (
    <div className="text-center">
      <p className="text-4xl font-semibold tracking-tight" data-testid="claim-amount">
        {ranged ? "Up to " : ""}
        {displaySats(claim.targetMsat)} sats
      </p>
      {claim.currency !== "SATS" ? (
        <p className="mt-1 text-slate-700">
          {claim.amount} {claim.currency}
        </p>
      ) : null}
      {ranged ? <p className="mt-1 text-sm text-slate-700">You choose the amount: at least {displaySats(claim.minMsat)} sats.</p> : null}
    </div>
  );
}

function Status({ claim }: { claim: ClaimView }) {
  if (claim.status === "unpaid") {
    return (
      <p className="text-center text-sm text-slate-700">
        Expires in <Countdown expiresAt={claim.expiresAt.getTime()} /> (at <time dateTime={claim.expiresAt.toISOString()}>{utc(claim.expiresAt)}</time>).
      </p>
    );
  }
  if (claim.status === "processing") {
    return (
      <Card>
        <h2 className="text-lg font-semibold">Being paid</h2>
        <p className="mt-1 text-sm text-slate-700">The payment is on its way to your wallet. This page updates by itself.</p>
      </Card>
    );
  }
  if (claim.status === "paid" && claim.receipt) return <ClaimReceipt receipt={claim.receipt} />;
  if (claim.status === "paid") return null;
  const ended = ENDED[claim.status];
  return (
    <Card>
      <h2 className="text-lg font-semibold">{ended.title}</h2>
      <p className="mt-1 text-sm text-slate-700">{ended.text}</p>
    </Card>
  );
}

function WaysToBePaid({ secret, claim }: { secret: string; claim: ClaimView }) {
  const ranged = claim.minMsat !== claim.targetMsat;
  const rangeText = ranged ? `between ${displaySats(claim.minMsat)} and ${displaySats(claim.targetMsat)} sats` : `exactly ${displaySats(claim.targetMsat)} sats`;
  return (
    <div className="space-y-4">
      <Card>
        <h2 className="text-lg font-semibold">Scan with your wallet</h2>
        <p className="mt-1 text-sm text-slate-700">Any wallet that can withdraw with LNURL: scan the code, or open it on this phone.</p>
        <QrCode value={`LIGHTNING:${claim.lnurl}`} label={`QR code to withdraw ${rangeText} with a Lightning wallet`} className="mx-auto mt-3 aspect-square w-full max-w-72" />
        <a
          href={`lightning:${claim.lnurl}`}
          className="mt-3 flex w-full items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-600/40 focus:ring-offset-2"
        >
          Open in wallet
        </a>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Paste an invoice</h2>
        <div className="mt-2">
          <InvoiceClaimForm secret={secret} action={claimWithInvoiceAction} rangeText={rangeText} />
        </div>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Send to a Lightning Address</h2>
        <div className="mt-2">
          <AddressClaimForm
            secret={secret}
            action={claimToAddressAction}
            range={ranged ? { minSats: msatToSats(claim.minMsat).toString(), maxSats: msatToSats(claim.targetMsat).toString() } : null}
          />
        </div>
      </Card>
    </div>
  );
}

export default async function ClaimPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const claim = await loadClaim(secret);
  if (!claim) notFound();
  return (
    <div className="space-y-5">
      <LiveRefresh active={claim.status === "unpaid" || claim.status === "processing"} everyMs={2000} />
      <header className="flex items-center justify-between">
        <Logo className="text-slate-900" />
        {claim.livemode ? null : <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Test: no real money</span>}
      </header>
      <section aria-labelledby="claim-title" className="space-y-3">
        <h1 id="claim-title" className="text-center text-lg text-slate-800">
          <span className="font-semibold">{claim.merchantName}</span> {claim.status === "paid" ? "sent you" : "sends you"}
        </h1>
        <Amount claim={claim} />
        {claim.descriptor ? <p className="text-center text-sm text-slate-700">“{claim.descriptor}”</p> : null}
      </section>
      <div aria-live="polite" data-testid="claim-status">
        <Status claim={claim} />
      </div>
      {claim.status === "unpaid" ? <WaysToBePaid secret={secret} claim={claim} /> : null}
      {claim.status === "unpaid" || claim.status === "processing" ? (
        <noscript>
          <p className="text-center text-sm text-slate-700">
            This page updates itself only with JavaScript. <a href="" className="text-brand-700 underline">Reload it</a> to see the latest status.
          </p>
        </noscript>
      ) : null}
    </div>
  );
}
