import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { QrCode } from "@/components/ui/qr-code";
import { CancelWithdraw } from "@/components/withdraws/cancel-withdraw";
import { CopyButton } from "@/components/ui/copy-button";
import { Countdown } from "@/components/withdraws/countdown";
import { LiveRefresh } from "@/components/withdraws/live-refresh";
import { StatusBadge } from "@/components/withdraws/status-badge";
import { roleMay } from "@/lib/auth/permissions";
import { findWithdraw } from "@/lib/withdraws/get-withdraw";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { LinkWithheld } from "@/components/withdraws/link-withheld";
import { displaySats } from "@/lib/money";
import { isRanged, satsOffered } from "@/lib/withdraws/sats-offered";
import { linkAccessOfAccount, requireAccount } from "@/lib/web/session";
import { cancelWithdrawAction } from "../actions";

export const metadata: Metadata = { title: "Withdraw" };

function when(ms: number | null): string {
  return ms === null ? "—" : new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

function LinkRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium text-slate-600">{label}</p>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs text-slate-800" title={value}>
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label.split(" ")[0]}`} />
      </div>
    </div>
  );
}

export default async function WithdrawPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const account = await requireAccount();
  const row = await findWithdraw(account.merchant.id, id);
  if (!row) notFound();
  const w = serializeWithdraw(row, linkAccessOfAccount(account));
  const lnurl = w.withdraw_methods_options.lnurl;
  const live = w.status === "unpaid" || w.status === "processing";

  return (
    <div className="space-y-6">
      <LiveRefresh active={live} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link href="/withdraws" className="text-sm text-brand-700 hover:underline">
            ← Withdraws
          </Link>
          <h1 className="mt-2 flex items-center gap-3 text-2xl font-semibold tracking-tight">
            {satsOffered(row)} <StatusBadge status={w.status} />
          </h1>
          <p className="mt-1 font-mono text-xs text-slate-600">{w.id}</p>
        </div>
        {w.status === "unpaid" && roleMay(account.user.role, "withdraws.cancel") ? <CancelWithdraw id={w.id} cancel={cancelWithdrawAction} /> : null}
      </div>

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <Card className="space-y-3">
          {w.status === "unpaid" && lnurl.withdraw_request === null ? (
            <LinkWithheld />
          ) : w.status === "unpaid" ? (
            <>
              <QrCode value={`LIGHTNING:${lnurl.withdraw_request}`} label="QR code of the LNURL-withdraw link" className="mx-auto aspect-square w-full max-w-80" />
              <p className="text-center text-sm text-slate-700">
                Scan with any Lightning wallet. Expires in <Countdown expiresAt={w.expires_at} />.
              </p>
            </>
          ) : (
            <div className="flex aspect-square w-full items-center justify-center rounded-md bg-slate-50 p-6 text-center text-sm text-slate-700">
              {w.status === "processing"
                ? "A wallet has claimed this withdraw; the payment is in flight."
                : w.status === "paid"
                  ? "Paid. The link can no longer be used."
                  : `This withdraw is ${w.status}; its link no longer works.`}
            </div>
          )}
        </Card>
        <div className="space-y-6">
          <Card title="Details">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-600">Amount</dt>
              <dd>
                {w.min_amount === null ? `${w.amount} ${w.currency}` : `up to ${w.amount} ${w.currency} (minimum ${w.min_amount} ${w.currency})`}
              </dd>
              <dt className="text-slate-600">Rate</dt>
              <dd>
                {w.exchange_rate} sats per {w.currency} ({w.exchange_rate_source})
              </dd>
              <dt className="text-slate-600">Sats</dt>
              <dd>
                {satsOffered(row)}, fee limit {displaySats(row.feeLimitMsat)}
              </dd>
              <dt className="text-slate-600">Descriptor</dt>
              <dd>{w.statement_descriptor ?? "—"}</dd>
              <dt className="text-slate-600">Created</dt>
              <dd>{when(w.created)}</dd>
              <dt className="text-slate-600">Expires</dt>
              <dd>{when(w.expires_at)}</dd>
              {w.metadata ? (
                <>
                  <dt className="text-slate-600">Metadata</dt>
                  <dd className="break-all font-mono text-xs leading-5">{JSON.stringify(w.metadata)}</dd>
                </>
              ) : null}
            </dl>
          </Card>
          {w.status === "unpaid" && lnurl.withdraw_request && lnurl.lightning_uri && lnurl.lnurlw && lnurl.claim_url ? (
            <Card title="Links" className="space-y-3">
              <LinkRow label="Claim page (send it by email or chat: any wallet can be paid there)" value={lnurl.claim_url} />
              <LinkRow label="LNURL" value={lnurl.withdraw_request} />
              <LinkRow label="lightning: URI" value={lnurl.lightning_uri} />
              <LinkRow label="lnurlw:// link (LUD-17)" value={lnurl.lnurlw} />
            </Card>
          ) : null}
          {w.status === "paid" && row.payment ? (
            <Card title="Payment proof">
              <dl data-testid="payment-proof" className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
                <dt className="text-slate-600">Paid at</dt>
                <dd>{when(w.target_amount_paid_at)}</dd>
                <dt className="text-slate-600">Sats paid</dt>
                <dd>
                  {displaySats(row.paidAmountMsat ?? 0n)}
                  {isRanged(row) ? ` of up to ${displaySats(row.targetAmountMsat)}; the rest of the reservation was released` : null}
                </dd>
                <dt className="text-slate-600">Routing fee</dt>
                <dd>{displaySats(row.feesMsat ?? 0n)} sats</dd>
                <dt className="text-slate-600">Payment hash</dt>
                <dd className="break-all font-mono text-xs leading-5">{row.payment.paymentHash}</dd>
                <dt className="text-slate-600">Preimage</dt>
                <dd className="break-all font-mono text-xs leading-5">
                  {row.payment.preimage ?? "Not revealed (the simulator cannot know an outside node's preimage)."}
                </dd>
                <dt className="text-slate-600">Invoice</dt>
                <dd className="break-all font-mono text-xs leading-5">{row.payment.invoice}</dd>
              </dl>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
