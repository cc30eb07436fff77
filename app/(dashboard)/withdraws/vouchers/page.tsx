import type { Metadata } from "next";
import Link from "next/link";
import { PrintButton } from "@/components/withdraws/print-button";
import { QrCode } from "@/components/ui/qr-code";
import { displaySats } from "@/lib/money";
import { loadWithdrawsByIds } from "@/lib/withdraws/load-withdraw";
import { effectiveStatus, serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Vouchers" };

const MAX_VOUCHERS = 100;

export default async function VouchersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  const raw = (await searchParams).id;
  const ids = [...new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).filter((id) => /^wi_[0-9a-z]{26}$/.test(id)))].slice(0, MAX_VOUCHERS);
  const now = new Date();
  const rows = await loadWithdrawsByIds(account.merchant.id, ids);
  const printable = rows.filter((w) => effectiveStatus(w, now) === "unpaid");
  const skipped = rows.length - printable.length;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3 print:hidden">
        <div>
          <Link href="/withdraws" className="text-sm text-brand-700 hover:underline">
            ← Withdraws
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Vouchers</h1>
          <p className="mt-1 text-sm text-slate-600">
            {printable.length} voucher{printable.length === 1 ? "" : "s"} ready to print on A4 or Letter
            {skipped > 0 ? `; ${skipped} selected withdraw${skipped === 1 ? " is" : "s are"} no longer unpaid and left out` : ""}.
          </p>
        </div>
        {printable.length > 0 ? <PrintButton /> : null}
      </div>
      {printable.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600 print:hidden">
          Select unpaid withdraws on the withdraws page, or create several alike, to print them as vouchers.
        </div>
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 print:grid-cols-2 print:gap-3">
          {printable.map((row) => {
            const w = serializeWithdraw(row, now);
            return (
              <li
                key={w.id}
                data-testid="voucher"
                className="flex break-inside-avoid items-center gap-4 rounded-lg border-2 border-dashed border-slate-300 bg-white p-4 print:rounded-none"
              >
                <QrCode
                  value={`LIGHTNING:${w.withdraw_methods_options.lnurl.withdraw_request}`}
                  label={`QR code of a ${displaySats(row.targetAmountMsat)} sats voucher`}
                  className="aspect-square w-36 shrink-0 print:w-[38mm]"
                />
                <div className="min-w-0 space-y-1">
                  <p className="text-xl font-bold text-slate-900">{displaySats(row.targetAmountMsat)} sats</p>
                  {w.currency !== "SATS" ? <p className="text-sm text-slate-700">{w.amount} {w.currency}</p> : null}
                  {w.statement_descriptor ? <p className="text-sm text-slate-800">{w.statement_descriptor}</p> : null}
                  <p className="text-xs text-slate-600">Scan with a Lightning wallet to claim.</p>
                  <p className="text-xs text-slate-600">Valid until {new Date(w.expires_at).toISOString().slice(0, 16).replace("T", " ")} UTC</p>
                  <p className="break-all font-mono text-[10px] text-slate-500">{w.id}</p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
