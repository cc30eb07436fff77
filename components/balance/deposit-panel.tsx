import Link from "next/link";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { QrCode } from "@/components/ui/qr-code";
import { Sats } from "@/components/ui/sats";
import { displaySats } from "@/lib/money";
import type { DepositView } from "@/lib/deposits/get-deposit";
import type { ActionFailure } from "@/lib/web/action-state";
import { DepositStatus } from "./deposit-status";
import { formatTime } from "./format-time";

type Poll = (id: string) => Promise<{ ok: true; status: DepositView["status"] } | ActionFailure>;

export async function DepositPanel({ deposit, poll }: { deposit: DepositView; poll: Poll }) {
  const uri = `lightning:${deposit.invoice.toUpperCase()}`;
  return (
    <Card title="Deposit invoice">
      <div className="flex flex-col gap-6 md:flex-row">
        <QrCode
          value={uri}
          label={`QR code of the deposit invoice for ${displaySats(deposit.amountMsat)} sats`}
          className="mx-auto aspect-square w-full max-w-72 shrink-0 self-center rounded-md border border-slate-200 md:mx-0 md:w-72 md:self-start"
        />
        <div className="min-w-0 flex-1 space-y-4">
          <div>
            <p className="text-sm text-slate-600">Pay this invoice from any Lightning wallet to add</p>
            <p className="text-2xl font-semibold" data-testid="deposit-amount">
              <Sats msat={deposit.amountMsat} />
            </p>
          </div>
          <DepositStatus depositId={deposit.id} initial={deposit.status} poll={poll} />
          {deposit.source === "lnurl_withdraw" ? (
            <p className="text-sm text-slate-700" data-testid="deposit-source">
              Sluice asked <span className="font-medium">{deposit.sourceDomain}</span> to pay this invoice (LNURL-withdraw).
            </p>
          ) : null}
          {deposit.failureReason ? (
            <p className="text-sm text-red-800" data-testid="deposit-failure">
              {deposit.failureReason}
            </p>
          ) : null}
          <div className="space-y-2">
            <p className="text-sm font-medium text-slate-800" id="deposit-invoice-label">
              Invoice
            </p>
            <p
              aria-labelledby="deposit-invoice-label"
              className="max-h-28 overflow-y-auto break-all rounded-md bg-slate-100 p-2 font-mono text-xs leading-5 text-slate-800"
              data-testid="deposit-invoice"
            >
              {deposit.invoice}
            </p>
            <CopyButton value={deposit.invoice} label="Copy invoice" />
          </div>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Deposit</dt>
            <dd className="break-all font-mono text-xs leading-5">{deposit.id}</dd>
            <dt className="text-slate-600">Created</dt>
            <dd>{formatTime(deposit.createdAt)}</dd>
            <dt className="text-slate-600">{deposit.status === "paid" ? "Paid" : "Expires"}</dt>
            <dd>{formatTime(deposit.status === "paid" && deposit.paidAt ? deposit.paidAt : deposit.expiresAt)}</dd>
          </dl>
          <Link href="/balance" className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
            Close this invoice
          </Link>
        </div>
      </div>
    </Card>
  );
}
