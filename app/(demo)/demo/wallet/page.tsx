import type { Metadata } from "next";
import { LnurlWithdraw } from "@/components/demo-wallet/lnurl-withdraw";
import { PayInvoice } from "@/components/demo-wallet/pay-invoice";
import { ReceiveInvoice } from "@/components/demo-wallet/receive-invoice";
import { Card } from "@/components/ui/card";
import { Sats } from "@/components/ui/sats";
import { walletBalance } from "@/lib/lightning/simulator/wallets";
import { checkLnurlAction, checkReceivedAction, payInvoiceAction, previewInvoiceAction, receiveInvoiceAction, withdrawLnurlAction } from "./actions";

export const metadata: Metadata = { title: "Demo wallet" };

// Always fresh: the balance changes with every payment.
export const dynamic = "force-dynamic";

export default async function DemoWalletPage() {
  const balance = await walletBalance("demo");
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="inline-flex rounded-full bg-amber-100 px-3 py-1 text-xs font-semibold uppercase tracking-wide text-amber-900">
            Simulation
          </p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Demo wallet</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            This page plays a customer&apos;s Lightning wallet on the simulated network. It is not your merchant account:
            it withdraws LNURL links the way a phone wallet does, and pays invoices such as your deposit invoices.
          </p>
        </div>
        <Card className="sm:min-w-56">
          <p className="text-sm font-semibold text-slate-600">Wallet balance</p>
          <p className="text-2xl font-semibold" data-testid="demo-wallet-balance">
            <Sats msat={balance} />
          </p>
        </Card>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Withdraw from an LNURL">
          <LnurlWithdraw check={checkLnurlAction} withdraw={withdrawLnurlAction} received={checkReceivedAction} />
        </Card>
        <Card title="Pay an invoice">
          <PayInvoice preview={previewInvoiceAction} pay={payInvoiceAction} />
        </Card>
        <Card title="Receive: create an invoice">
          <ReceiveInvoice create={receiveInvoiceAction} received={checkReceivedAction} />
        </Card>
      </div>
    </div>
  );
}
