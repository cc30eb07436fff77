import type { Metadata } from "next";
import { StatementTable } from "@/components/exports/statement-table";
import { timeZoneOptions } from "@/components/exports/export-form";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { statementSchema } from "@/lib/export/filters";
import { exportRefusalMessage } from "@/lib/export/refusals";
import { dateRange } from "@/lib/export/zoned-time";
import { getStatement } from "@/lib/ledger/get-statement";
import { fieldErrors } from "@/lib/validation";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Statement" };

function download(params: Record<string, string | undefined>): string {
  return `/exports/download?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]))}`;
}

export default async function StatementPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  const search = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const today = new Date().toISOString().slice(0, 10);
  // This month so far, unless the form says otherwise.
  const asked = { from: search.from ?? `${today.slice(0, 8)}01`, to: search.to ?? today, tz: search.tz ?? "UTC" };
  const parsed = statementSchema.safeParse(asked);
  const problems = parsed.success ? {} : fieldErrors(parsed.error);
  const filters = parsed.success ? parsed.data : null;
  const statement = filters ? await getStatement(account.merchant.id, dateRange(filters)) : null;
  const period = filters ? { from: filters.from, to: filters.to, tz: filters.tz } : {};
  // A refused download comes back with a code; its message is from the fixed list, never from the URL.
  const refusal = exportRefusalMessage(search.error);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Statement</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The balance over a period: what {account.merchant.name} held at the start, what came in, what went out, and what it
          holds at the end, from the ledger. The balance is available plus reserved funds.
        </p>
      </div>
      <form method="get" action="/statement" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1.5fr_auto]">
        <TextField name="from" type="date" label="From (first day)" defaultValue={asked.from} error={problems.from} />
        <TextField name="to" type="date" label="To (last day, included)" defaultValue={asked.to} error={problems.to} />
        <SelectField name="tz" label="Time zone of the dates" options={timeZoneOptions()} defaultValue={asked.tz} error={problems.tz} />
        <div className="flex items-end">
          <button type="submit" className="w-full rounded-md bg-slate-800 px-4 py-2 text-sm font-medium text-white hover:bg-slate-900">
            Show
          </button>
        </div>
      </form>
      {refusal ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{refusal}</p> : null}
      {statement && filters ? (
        <Card title={`${filters.from} to ${filters.to} (${filters.tz}): ${statement.start?.toISOString()} to ${statement.end.toISOString()}`}>
          <StatementTable statement={statement} />
          {/* Plain links: a prefetching <Link> would start (and audit) an export nobody asked for. */}
          <div className="mt-4 flex flex-wrap gap-3 text-sm">
            <a className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700" href={download({ dataset: "statement", format: "csv", ...period })}>
              Download statement (CSV)
            </a>
            <a className="rounded-md px-3 py-2 font-medium text-brand-700 ring-1 ring-inset ring-brand-600 hover:bg-brand-50" href={download({ dataset: "ledger", format: "csv", ...period })}>
              Ledger for the period (CSV)
            </a>
            <a className="rounded-md px-3 py-2 font-medium text-brand-700 ring-1 ring-inset ring-brand-600 hover:bg-brand-50" href={download({ dataset: "withdraws", format: "csv", ...period })}>
              Withdraws for the period (CSV)
            </a>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
