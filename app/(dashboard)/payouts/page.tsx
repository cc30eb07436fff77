import type { Metadata } from "next";
import Link from "next/link";
import { PayoutStatusBadge } from "@/components/payouts/payout-status-badge";
import { Alert } from "@/components/ui/alert";
import { When } from "@/components/ui/when";
import { roleMay } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { displaySats } from "@/lib/money";
import { pagePayouts } from "@/lib/payouts/page-payouts";
import { PAYOUT_STATUSES, type PayoutRow } from "@/lib/payouts/serialize-payout";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Payouts" };

type Search = Record<string, string | string[] | undefined>;

const PAGE = 25;

function href(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const text = query.toString();
  return text ? `/payouts?${text}` : "/payouts";
}

function payee(row: PayoutRow): string {
  if (row.destination) return row.destination.length > 48 ? `${row.destination.slice(0, 44)}…` : row.destination;
  return `Invoice ${row.invoice.slice(0, 16)}…`;
}

export default async function PayoutsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const account = await requireAccount();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const status = PAYOUT_STATUSES.find((s) => s === raw.status);
  const after = typeof raw.after === "string" && raw.after ? raw.after : undefined;
  let page: { rows: PayoutRow[]; hasMore: boolean } = { rows: [], hasMore: false };
  let problem: string | null = null;
  try {
    page = await pagePayouts(account.merchant.id, { limit: PAGE, ...(status ? { status } : {}), ...(after ? { starting_after: after } : {}) });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  const { rows, hasMore } = page;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Payouts</h1>
        {roleMay(account.user.role, "payouts.create") ? (
          <Link href="/payouts/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Send payout
          </Link>
        ) : null}
      </div>

      <nav aria-label="Status" className="flex flex-wrap gap-1">
        {(["all", ...PAYOUT_STATUSES] as const).map((s) => {
          const active = (status ?? "all") === s;
          return (
            <Link
              key={s}
              href={href({ status: s === "all" ? undefined : s })}
              aria-current={active ? "page" : undefined}
              className={`rounded-full px-3 py-1 text-sm capitalize ring-1 ring-inset ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100"}`}
            >
              {s}
            </Link>
          );
        })}
      </nav>
      {problem ? <Alert tone="error">{problem}</Alert> : null}

      {rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          {status || after ? "No payouts match." : "No payouts yet. Send one to pay an invoice or a Lightning Address from your balance."}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Payouts, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3">Status</th>
                <th scope="col" className="px-4 py-3 text-right">Sats</th>
                <th scope="col" className="px-4 py-3">To</th>
                <th scope="col" className="px-4 py-3">Descriptor</th>
                <th scope="col" className="px-4 py-3">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((p) => (
                <tr key={p.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3"><PayoutStatusBadge status={p.status} /></td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    <Link href={`/payouts/${p.id}`} className="font-medium text-brand-700 hover:underline">
                      {displaySats(p.amountMsat)}
                    </Link>
                  </td>
                  <td className="max-w-64 truncate px-4 py-3 font-mono text-xs text-slate-700">{payee(p)}</td>
                  <td className="max-w-48 truncate px-4 py-3 text-slate-700">{p.statementDescriptor ?? "—"}</td>
                  <td className="px-4 py-3 tabular-nums text-slate-700"><When at={p.createdAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex justify-between text-sm">
        {after ? <Link href={href({ status })} className="text-brand-700 hover:underline">← Newest</Link> : <span />}
        {hasMore ? <Link href={href({ status, after: rows[rows.length - 1].id })} className="text-brand-700 hover:underline">Older →</Link> : null}
      </div>
    </div>
  );
}
