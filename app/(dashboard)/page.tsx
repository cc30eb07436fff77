import type { Metadata } from "next";
import Link from "next/link";
import { PayoutsChart } from "@/components/overview/payouts-chart";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/withdraws/status-badge";
import { checkHealth } from "@/lib/health/check-health";
import { env } from "@/lib/env";
import { getBalance } from "@/lib/ledger/get-balance";
import { displaySats, msatToSatsNumber } from "@/lib/money";
import { listWithdraws } from "@/lib/withdraws/list-withdraws";
import { effectiveStatus, WITHDRAW_STATUSES } from "@/lib/withdraws/serialize-withdraw";
import { summarizeWithdraws } from "@/lib/withdraws/summarize-withdraws";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Overview" };

function Figure({ label, msat, testId }: { label: string; msat: bigint; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {displaySats(msat)} <span className="text-sm font-normal text-slate-600">sats</span>
      </p>
    </div>
  );
}

export default async function OverviewPage() {
  const account = await requireAccount();
  const now = new Date();
  const [balance, summary, recent, health] = await Promise.all([
    getBalance(account.merchant.id),
    summarizeWithdraws(account.merchant.id, now),
    listWithdraws(account.merchant.id, {}, now),
    checkHealth(process.env.SLUICE_VERSION ?? "unknown"),
  ]);
  const config = env();
  const firstName = (account.user.name ?? "").split(" ")[0];

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{firstName ? `Welcome, ${firstName}` : "Welcome"}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Signed in to <span className="font-medium text-slate-800">{account.merchant.name}</span> as {account.user.email}.
        </p>
      </div>

      <section aria-label="Balance and payouts" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Figure label="Available" msat={balance.availableMsat} testId="overview-available" />
        <Figure label="Reserved" msat={balance.reservedMsat} testId="overview-reserved" />
        <Figure label="Paid today (UTC)" msat={summary.paid.todayMsat} testId="paid-today" />
        <Figure label="Paid, 7 days" msat={summary.paid.weekMsat} testId="paid-week" />
        <Figure label="Paid, 30 days" msat={summary.paid.monthMsat} testId="paid-month" />
      </section>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card title={`Payouts per day, last 30 days (${summary.paid.monthCount} paid)`}>
          <PayoutsChart days={summary.days.map((d) => ({ day: d.day, sats: msatToSatsNumber(d.msat), satsText: displaySats(d.msat), count: d.count }))} />
        </Card>
        <Card title="Withdraws of the last 30 days">
          <ul className="space-y-2 text-sm">
            {WITHDRAW_STATUSES.map((s) => (
              <li key={s} className="flex items-center justify-between">
                <Link href={`/withdraws?status=${s}`} className="hover:underline">
                  <StatusBadge status={s} />
                </Link>
                <span className="tabular-nums" data-testid={`count-${s}`}>
                  {summary.byStatus[s].toLocaleString("en-US")}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <Card title="Recent withdraws">
        {recent.rows.length === 0 ? (
          <p className="text-sm text-slate-600">
            No withdraws yet. <Link href="/withdraws/new" className="text-brand-700 hover:underline">Create the first one</Link>.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {recent.rows.slice(0, 5).map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-3 py-2">
                <StatusBadge status={effectiveStatus(w, now)} />
                <Link href={`/withdraws/${w.id}`} className="font-medium text-brand-700 hover:underline">
                  {displaySats(w.targetAmountMsat)} sats
                </Link>
                <span className="min-w-0 flex-1 truncate text-slate-700">{w.statementDescriptor ?? ""}</span>
                <span className="tabular-nums text-slate-600">{w.createdAt.toISOString().slice(0, 16).replace("T", " ")}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="This installation">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-600">Database</dt>
          <dd data-testid="database-kind">
            {health.database.kind === "embedded" ? "Embedded PostgreSQL" : "PostgreSQL"}
            {health.database.reachable ? "" : " (unreachable)"}
          </dd>
          <dt className="text-slate-600">Migrations</dt>
          <dd>
            {health.migrations
              ? health.migrations.up_to_date
                ? `${health.migrations.applied} applied, up to date`
                : `${health.migrations.pending.length} pending`
              : "unknown"}
          </dd>
          <dt className="text-slate-600">Lightning</dt>
          <dd data-testid="lightning-backend">
            {config.lightning.backend === "simulator" ? "Simulated node" : config.lightning.backend} ({config.lightning.network})
          </dd>
          <dt className="text-slate-600">Public URL</dt>
          <dd className="break-all font-mono text-xs leading-5">{config.publicUrl}</dd>
          <dt className="text-slate-600">Version</dt>
          <dd>{health.version}</dd>
        </dl>
      </Card>
    </div>
  );
}
