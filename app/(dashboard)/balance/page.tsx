import type { Metadata } from "next";
import Link from "next/link";
import { AddFundsForm } from "@/components/balance/add-funds-form";
import { DepositPanel } from "@/components/balance/deposit-panel";
import { LedgerTable } from "@/components/balance/ledger-table";
import { ReceiveLnurlForm } from "@/components/balance/receive-lnurl-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Sats } from "@/components/ui/sats";
import { roleMay } from "@/lib/auth/permissions";
import { getDeposit, type DepositView } from "@/lib/deposits/get-deposit";
import { answerOf, isAppError } from "@/lib/errors";
import { balanceTotal } from "@/lib/ledger/balance-total";
import { getBalance } from "@/lib/ledger/get-balance";
import { listLedgerEntries, type LedgerPage } from "@/lib/ledger/list-ledger-entries";
import { requireAccount } from "@/lib/web/session";
import { addFundsAction, depositStatusAction, receiveLnurlAction } from "./actions";

export const metadata: Metadata = { title: "Balance" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// A bad cursor or deposit id in the URL is the visitor's typo, not a crash: say so and show the first page.
async function safely<T>(load: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await load() };
  } catch (error) {
    if (isAppError(error)) return { error: answerOf(error, "form", "[balance]").message };
    throw error;
  }
}

export default async function BalancePage({ searchParams }: { searchParams: SearchParams }) {
  const account = await requireAccount();
  const params = await searchParams;
  const merchantId = account.merchant.id;
  const before = one(params.before);
  const depositId = one(params.deposit);
  const manager = roleMay(account.user.role, "deposits.create");

  const [balance, page, deposit] = await Promise.all([
    getBalance(merchantId),
    safely<LedgerPage>(() => listLedgerEntries({ merchantId, before })),
    depositId ? safely<DepositView>(() => getDeposit(merchantId, depositId)) : Promise.resolve(null),
  ]);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Balance</h1>
        <p className="mt-1 text-sm text-slate-600">
          What {account.merchant.name} can pay out, and every movement of it. Amounts are exact, in sats.
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Available">
          <p className="text-2xl font-semibold" data-testid="available-balance">
            <Sats msat={balance.availableMsat} />
          </p>
          <p className="mt-1 text-xs text-slate-600">Free to fund new withdraws.</p>
        </Card>
        <Card title="Reserved">
          <p className="text-2xl font-semibold" data-testid="reserved-balance">
            <Sats msat={balance.reservedMsat} />
          </p>
          <p className="mt-1 text-xs text-slate-600">Held for unpaid withdraws and their fee limit.</p>
        </Card>
        <Card title="Total">
          <p className="text-2xl font-semibold" data-testid="total-balance">
            <Sats msat={balanceTotal(balance)} />
          </p>
          <p className="mt-1 text-xs text-slate-600">Available and reserved together.</p>
        </Card>
      </div>

      {deposit && "error" in deposit ? <Alert tone="error">{deposit.error}</Alert> : null}
      {deposit && "value" in deposit ? (
        <DepositPanel deposit={deposit.value} poll={depositStatusAction} />
      ) : manager ? (
        <Card title="Add funds">
          <div className="space-y-6">
            <section aria-labelledby="add-funds-invoice" className="space-y-2">
              <h3 id="add-funds-invoice" className="font-medium">
                Create an invoice
              </h3>
              <AddFundsForm action={addFundsAction} />
            </section>
            <section aria-labelledby="add-funds-lnurl" className="space-y-2 border-t border-slate-200 pt-4">
              <h3 id="add-funds-lnurl" className="font-medium">
                Receive from an LNURL-withdraw link
              </h3>
              <ReceiveLnurlForm action={receiveLnurlAction} />
            </section>
          </div>
        </Card>
      ) : null}

      <section aria-labelledby="ledger-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="ledger-heading" className="text-lg font-semibold">
            Ledger
          </h2>
          <p className="text-xs text-slate-600">Newest first, 50 per page.</p>
        </div>
        {"error" in page ? (
          <Alert tone="error">
            {page.error}{" "}
            <Link href="/balance" className="font-medium underline">
              Show the newest entries
            </Link>
          </Alert>
        ) : page.value.entries.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center" data-testid="ledger-empty">
            <p className="font-medium">No ledger entries yet.</p>
            <p className="mt-1 text-sm text-slate-600">
              {before ? "There is nothing older than this." : "Deposits, withdraws and adjustments will be listed here as they happen."}
            </p>
          </div>
        ) : (
          <>
            <LedgerTable entries={page.value.entries} />
            <nav aria-label="Ledger pages" className="flex flex-wrap gap-3 text-sm">
              {before ? (
                <Link href="/balance" className="rounded-md px-3 py-2 font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-100">
                  ← Newest entries
                </Link>
              ) : null}
              {page.value.nextBefore ? (
                <Link
                  href={`/balance?before=${page.value.nextBefore}`}
                  className="rounded-md px-3 py-2 font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-100"
                >
                  Older entries →
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
