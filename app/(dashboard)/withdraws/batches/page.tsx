import type { Metadata } from "next";
import Link from "next/link";
import { When } from "@/components/ui/when";
import { roleMay } from "@/lib/auth/permissions";
import { listBatches } from "@/lib/batches/list-batches";
import { displaySats } from "@/lib/money";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Batches" };

export default async function BatchesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  const after = (await searchParams).after;
  const { rows, next } = await listBatches(account.merchant.id, typeof after === "string" ? after : undefined);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link href="/withdraws" className="text-sm text-brand-700 hover:underline">
            ← Withdraws
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Batches</h1>
          <p className="mt-1 text-sm text-slate-600">CSV files of withdraws uploaded from this page or the API, newest first.</p>
        </div>
        {roleMay(account.user.role, "batches.create") ? (
          <Link href="/withdraws/batch" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Batch upload
          </Link>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          {after ? "No older batches." : "No batches yet. Upload a CSV file to create many withdraws at once."}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Batches, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3">File</th>
                <th scope="col" className="px-4 py-3 text-right">Withdraws</th>
                <th scope="col" className="px-4 py-3 text-right">Sats</th>
                <th scope="col" className="px-4 py-3">Uploaded by</th>
                <th scope="col" className="px-4 py-3">Uploaded</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((b) => (
                <tr key={b.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link href={`/withdraws/batches/${b.id}`} className="font-medium text-brand-700 hover:underline">
                      {b.fileName ?? b.id}
                    </Link>
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{b.rowCount.toLocaleString("en-US")}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{displaySats(b.totalTargetMsat)}</td>
                  <td className="max-w-56 truncate px-4 py-3 text-slate-700">{b.actorLabel}</td>
                  <td className="px-4 py-3 tabular-nums text-slate-700">
                    <When at={b.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex justify-between text-sm">
        {after ? <Link href="/withdraws/batches" className="text-brand-700 hover:underline">← Newest</Link> : <span />}
        {next ? <Link href={`/withdraws/batches?after=${next}`} className="text-brand-700 hover:underline">Older →</Link> : null}
      </div>
    </div>
  );
}
