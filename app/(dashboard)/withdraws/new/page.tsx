import type { Metadata } from "next";
import Link from "next/link";
import { CreateWithdrawForm } from "@/components/withdraws/create-withdraw-form";
import { Alert } from "@/components/ui/alert";
import { roleMay } from "@/lib/auth/permissions";
import { getBalance } from "@/lib/ledger/get-balance";
import { CURRENCIES, displaySats } from "@/lib/money";
import { requireAccount } from "@/lib/web/session";
import { createWithdrawAction, previewWithdrawAction } from "../actions";

export const metadata: Metadata = { title: "New withdraw" };

export default async function NewWithdrawPage() {
  const account = await requireAccount();
  const balance = await getBalance(account.merchant.id);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <Link href="/withdraws" className="text-sm text-brand-700 hover:underline">
          ← Withdraws
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">New withdraw</h1>
        <p className="mt-1 text-sm text-slate-600">A one-time LNURL-withdraw link your customer pulls with any Lightning wallet.</p>
      </div>
      {roleMay(account.user.role, "withdraws.create") ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <CreateWithdrawForm
            action={createWithdrawAction}
            preview={previewWithdrawAction}
            currencies={CURRENCIES}
            available={displaySats(balance.availableMsat)}
          />
        </div>
      ) : (
        <Alert tone="warning">Your role is read-only: ask an owner or admin to create withdraws.</Alert>
      )}
    </div>
  );
}
