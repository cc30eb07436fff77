import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/withdraws/status-badge";
import { Alert } from "@/components/ui/alert";
import { roleMay } from "@/lib/auth/permissions";
import { CURRENCIES } from "@/lib/money";
import { SatsCell } from "@/components/withdraws/sats-cell";
import { fieldErrors } from "@/lib/validation";
import { listWithdraws, withdrawFiltersSchema } from "@/lib/withdraws/list-withdraws";
import { effectiveStatus, WITHDRAW_STATUSES } from "@/lib/withdraws/serialize-withdraw";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Withdraws" };

type Search = Record<string, string | string[] | undefined>;

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

function when(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16).replace("T", " ") : "—";
}

function href(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const text = query.toString();
  return text ? `/withdraws?${text}` : "/withdraws";
}

export default async function WithdrawsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const account = await requireAccount();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = withdrawFiltersSchema.safeParse(raw);
  const filters = parsed.success ? parsed.data : {};
  const problems = parsed.success ? {} : fieldErrors(parsed.error);
  const now = new Date();
  const { rows, next } = await listWithdraws(account.merchant.id, filters, now);
  const base = { status: filters.status, currency: filters.currency, from: filters.from, to: filters.to, q: filters.q };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Withdraws</h1>
        <div className="flex flex-wrap gap-2">
          <Link href="/withdraws/batches" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100">
            Batches
          </Link>
          {roleMay(account.user.role, "withdraws.create") ? (
            <>
              <Link href="/withdraws/batch" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100">
                Batch upload
              </Link>
              <Link href="/withdraws/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
                New withdraw
              </Link>
            </>
          ) : null}
        </div>
      </div>

      <nav aria-label="Status" className="flex flex-wrap gap-1">
        {(["all", ...WITHDRAW_STATUSES] as const).map((s) => {
          const active = (filters.status ?? "all") === s;
          return (
            <Link
              key={s}
              href={href({ ...base, status: s === "all" ? undefined : s })}
              aria-current={active ? "page" : undefined}
              className={`rounded-full px-3 py-1 text-sm capitalize ring-1 ring-inset ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100"}`}
            >
              {s}
            </Link>
          );
        })}
      </nav>

      <form method="get" action="/withdraws" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto]">
        {filters.status ? <input type="hidden" name="status" value={filters.status} /> : null}
        <div className="space-y-1">
          <label htmlFor="q" className="block text-xs font-medium text-slate-700">Search id or descriptor start</label>
          <input id="q" name="q" autoComplete="off" defaultValue={filters.q} className={inputClass} placeholder="wi_… or the start of a descriptor" />
        </div>
        <div className="space-y-1">
          <label htmlFor="currency" className="block text-xs font-medium text-slate-700">Currency</label>
          <select id="currency" name="currency" defaultValue={filters.currency ?? ""} className={inputClass}>
            <option value="">All</option>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="from" className="block text-xs font-medium text-slate-700">From (UTC)</label>
          <input id="from" name="from" type="date" defaultValue={filters.from} className={inputClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="to" className="block text-xs font-medium text-slate-700">To (UTC)</label>
          <input id="to" name="to" type="date" defaultValue={filters.to} className={inputClass} />
        </div>
        <div className="flex items-end">
          <button type="submit" className="w-full rounded-md bg-slate-800 px-4 py-2 text-sm font-medium text-white hover:bg-slate-900">
            Filter
          </button>
        </div>
      </form>
      {Object.keys(problems).length > 0 ? <Alert tone="error">{Object.values(problems).join(" ")}</Alert> : null}

      {rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          {Object.values(base).some(Boolean) || filters.after ? "No withdraws match these filters." : "No withdraws yet. Create one to get a link your customer can pull."}
        </div>
      ) : (
        <form method="get" action="/withdraws/vouchers" className="space-y-3">
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Withdraws, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="w-10 px-4 py-3"><span className="sr-only">Select for vouchers</span></th>
                <th scope="col" className="px-4 py-3">Status</th>
                <th scope="col" className="px-4 py-3">Amount</th>
                <th scope="col" className="px-4 py-3 text-right">Sats</th>
                <th scope="col" className="px-4 py-3">Descriptor</th>
                <th scope="col" className="px-4 py-3">Created (UTC)</th>
                <th scope="col" className="px-4 py-3">Expires / paid</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((w) => {
                const status = effectiveStatus(w, now);
                return (
                  <tr key={w.id} className="hover:bg-slate-50">
                    <td className="px-4 py-3">
                      {status === "unpaid" ? (
                        <input type="checkbox" name="id" value={w.id} aria-label={`Select ${w.id} for vouchers`} className="h-4 w-4 accent-brand-600" />
                      ) : null}
                    </td>
                    <td className="px-4 py-3"><StatusBadge status={status} /></td>
                    <td className="px-4 py-3">
                      <Link href={`/withdraws/${w.id}`} className="font-medium text-brand-700 hover:underline">
                        {w.amount.toString()} {w.currency}
                      </Link>
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums"><SatsCell w={w} /></td>
                    <td className="max-w-48 truncate px-4 py-3 text-slate-700">{w.statementDescriptor ?? "—"}</td>
                    <td className="px-4 py-3 tabular-nums text-slate-700">{when(w.createdAt)}</td>
                    <td className="px-4 py-3 tabular-nums text-slate-700">{status === "paid" ? `paid ${when(w.paidAt)}` : when(w.expiresAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {rows.some((w) => effectiveStatus(w, now) === "unpaid") ? (
          <button type="submit" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100">
            Print selected as vouchers
          </button>
        ) : null}
        </form>
      )}
      <div className="flex justify-between text-sm">
        {filters.after ? <Link href={href(base)} className="text-brand-700 hover:underline">← Newest</Link> : <span />}
        {next ? <Link href={href({ ...base, after: next })} className="text-brand-700 hover:underline">Older →</Link> : null}
      </div>
    </div>
  );
}
