import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PayoutStatusBadge } from "@/components/payouts/payout-status-badge";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { When } from "@/components/ui/when";
import { LiveRefresh } from "@/components/withdraws/live-refresh";
import { displaySats } from "@/lib/money";
import { findPayout } from "@/lib/payouts/get-payout";
import { serializePayout } from "@/lib/payouts/serialize-payout";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Payout" };

const DESTINATION_LABELS = { ln_invoice: "BOLT 11 invoice", lightning_address: "Lightning Address", lnurl_pay: "LNURL-pay" } as const;

function Mono({ children }: { children: React.ReactNode }) {
  return <dd className="min-w-0 break-all font-mono text-xs leading-5">{children}</dd>;
}

export default async function PayoutPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const account = await requireAccount();
  const row = await findPayout(account.merchant.id, id);
  if (!row) notFound();
  const p = serializePayout(row);
  const live = p.status === "pending" || p.status === "processing";

  return (
    <div className="space-y-6">
      <LiveRefresh active={live} />
      <div>
        <Link href="/payouts" className="text-sm text-brand-700 hover:underline">
          ← Payouts
        </Link>
        <h1 className="mt-2 flex items-center gap-3 text-2xl font-semibold tracking-tight">
          {displaySats(row.amountMsat)} sats <PayoutStatusBadge status={p.status} />
        </h1>
        <p className="mt-1 font-mono text-xs text-slate-600">{p.id}</p>
      </div>

      {p.status === "processing" ? (
        <Alert tone="info">The payment is in flight. Its amount stays reserved until the node reports how it ended.</Alert>
      ) : null}
      {p.status === "failed" ? (
        <Alert tone="error">
          The payment failed{p.failure_reason ? `: ${p.failure_reason}` : "."} Nothing was paid and the reservation was released.
        </Alert>
      ) : null}
      {p.warnings.map((w) => (
        <Alert key={w.code} tone="warning">
          {w.message}
        </Alert>
      ))}

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            {p.destination ? (
              <>
                <dt className="text-slate-600">To</dt>
                <dd className="min-w-0 break-all">{p.destination}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">Kind</dt>
            <dd>{DESTINATION_LABELS[p.destination_type]}</dd>
            {p.destination_domain ? (
              <>
                <dt className="text-slate-600">Domain</dt>
                <dd>{p.destination_domain}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">Amount</dt>
            <dd>
              {p.amount} {p.currency}
              {p.currency !== "SATS" ? ` at ${p.exchange_rate} sats per ${p.currency}` : ""}
            </dd>
            <dt className="text-slate-600">Sats</dt>
            <dd>
              {displaySats(row.amountMsat)} (fee limit {displaySats(row.feeLimitMsat)})
            </dd>
            <dt className="text-slate-600">Descriptor</dt>
            <dd>{p.statement_descriptor ?? "—"}</dd>
            <dt className="text-slate-600">Created</dt>
            <dd>
              <When at={row.createdAt} />
            </dd>
            {p.invoice_description ? (
              <>
                <dt className="text-slate-600">Invoice says</dt>
                <dd className="break-words">{p.invoice_description}</dd>
              </>
            ) : null}
            {p.metadata ? (
              <>
                <dt className="text-slate-600">Metadata</dt>
                <Mono>{JSON.stringify(p.metadata)}</Mono>
              </>
            ) : null}
          </dl>
        </Card>
        <Card title={p.status === "paid" ? "Payment proof" : "Payment"}>
          <dl data-testid="payment-proof" className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            {p.status === "paid" ? (
              <>
                <dt className="text-slate-600">Paid at</dt>
                <dd>
                  <When at={row.paidAt} />
                </dd>
                <dt className="text-slate-600">Routing fee</dt>
                <dd>{displaySats(row.feesMsat ?? 0n)} sats</dd>
                <dt className="text-slate-600">Preimage</dt>
                <Mono>{p.payment_preimage ?? "Not revealed (the simulator cannot know an outside node's preimage)."}</Mono>
              </>
            ) : null}
            <dt className="text-slate-600">Payment hash</dt>
            <Mono>{p.payment_hash}</Mono>
            <dt className="text-slate-600">Payee</dt>
            <Mono>{p.payee}</Mono>
            <dt className="text-slate-600">Invoice</dt>
            <Mono>{p.ln_invoice}</Mono>
          </dl>
          <div className="mt-3">
            <CopyButton value={p.ln_invoice} label="Copy invoice" />
          </div>
        </Card>
      </div>
    </div>
  );
}
