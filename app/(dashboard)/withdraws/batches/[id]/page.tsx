import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { When } from "@/components/ui/when";
import { StatusBadge } from "@/components/withdraws/status-badge";
import { getBatch } from "@/lib/batches/get-batch";
import { isAppError } from "@/lib/errors";
import { displaySats } from "@/lib/money";
import { SatsCell } from "@/components/withdraws/sats-cell";
import { effectiveStatus } from "@/lib/withdraws/serialize-withdraw";
import { roleMay } from "@/lib/auth/permissions";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Batch" };

async function load(merchantId: string, id: string) {
  try {
    return await getBatch(merchantId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const account = await requireAccount();
  const { batch, withdraws } = await load(account.merchant.id, id);
  const now = new Date();
  const unpaid = withdraws.filter((w) => effectiveStatus(w, now) === "unpaid").length;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link href="/withdraws/batches" className="text-sm text-brand-700 hover:underline">
            ← Batches
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">{batch.fileName ?? "Batch"}</h1>
          <p className="mt-1 font-mono text-xs text-slate-600">{batch.id}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a
            href={`/withdraws/batches/${batch.id}/csv`}
            download
            className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Download CSV
          </a>
          {unpaid > 0 && roleMay(account.user.role, "withdraws.link") ? (
            <Link href={`/withdraws/batches/${batch.id}/vouchers`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Print vouchers
            </Link>
          ) : null}
        </div>
      </div>

      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs font-medium text-slate-600">Withdraws</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">{batch.rowCount.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-slate-600">Total</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">{displaySats(batch.totalTargetMsat)} sats</dd>
          <dd className="text-xs text-slate-600">{displaySats(batch.totalReservedMsat)} sats reserved with fee limits</dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-slate-600">Uploaded by</dt>
          <dd className="mt-1 break-words">{batch.actorLabel}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-slate-600">Uploaded</dt>
          <dd className="mt-1">
            <When at={batch.createdAt} />
          </dd>
        </div>
      </dl>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">The batch&apos;s withdraws, in the order of the file&apos;s rows</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-3 text-right">Row</th>
              <th scope="col" className="px-4 py-3">Status</th>
              <th scope="col" className="px-4 py-3">Amount</th>
              <th scope="col" className="px-4 py-3 text-right">Sats</th>
              <th scope="col" className="px-4 py-3">Descriptor</th>
              <th scope="col" className="px-4 py-3">Expires (UTC)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {withdraws.map((w) => (
              <tr key={w.id} className="hover:bg-slate-50">
                <td className="px-4 py-3 text-right tabular-nums text-slate-700">{w.batchRow}</td>
                <td className="px-4 py-3"><StatusBadge status={effectiveStatus(w, now)} /></td>
                <td className="px-4 py-3">
                  <Link href={`/withdraws/${w.id}`} className="font-medium text-brand-700 hover:underline">
                    {w.amount.toString()} {w.currency}
                  </Link>
                </td>
                <td className="px-4 py-3 text-right tabular-nums"><SatsCell w={w} /></td>
                <td className="max-w-48 truncate px-4 py-3 text-slate-700">{w.statementDescriptor ?? "—"}</td>
                <td className="px-4 py-3 tabular-nums text-slate-700">{w.expiresAt.toISOString().slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
