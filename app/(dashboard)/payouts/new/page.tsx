import type { Metadata } from "next";
import Link from "next/link";
import { SendPayoutForm } from "@/components/payouts/send-payout-form";
import { Alert } from "@/components/ui/alert";
import { roleMay } from "@/lib/auth/permissions";
import { getBalance } from "@/lib/ledger/get-balance";
import { CURRENCIES, displaySats } from "@/lib/money";
import { payoutNetwork } from "@/lib/payouts/create-payout";
import { requireAccount } from "@/lib/web/session";
import { previewPayoutAction, sendPayoutAction } from "../actions";

export const metadata: Metadata = { title: "Send payout" };

export default async function SendPayoutPage() {
  const account = await requireAccount();
  const balance = await getBalance(account.merchant.id);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <Link href="/payouts" className="text-sm text-brand-700 hover:underline">
          ← Payouts
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Send payout</h1>
        <p className="mt-1 text-sm text-slate-600">Pay an invoice your customer sent, or a Lightning Address, from your balance.</p>
      </div>
      {roleMay(account.user.role, "payouts.create") ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SendPayoutForm
            action={sendPayoutAction}
            preview={previewPayoutAction}
            currencies={CURRENCIES}
            available={displaySats(balance.availableMsat)}
            network={payoutNetwork()}
          />
        </div>
      ) : (
        <Alert tone="warning">Your role is read-only: ask an owner or admin to send payouts.</Alert>
      )}
    </div>
  );
}
