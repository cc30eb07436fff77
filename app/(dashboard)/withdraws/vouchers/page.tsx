import type { Metadata } from "next";
import Link from "next/link";
import { PrintButton } from "@/components/withdraws/print-button";
import { VoucherQrChoice, voucherQrOf } from "@/components/withdraws/voucher-qr-choice";
import { VoucherSheet } from "@/components/withdraws/voucher-sheet";
import { loadWithdrawsByIds } from "@/lib/withdraws/load-withdraw";
import { effectiveStatus } from "@/lib/withdraws/serialize-withdraw";
import { roleMay } from "@/lib/auth/permissions";
import { linkAccessOfAccount, requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Vouchers" };

const MAX_VOUCHERS = 100;

export default async function VouchersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  const search = await searchParams;
  const raw = search.id;
  const ids = [...new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).filter((id) => /^wi_[0-9a-z]{26}$/.test(id)))].slice(0, MAX_VOUCHERS);
  const qr = voucherQrOf(search.qr);
  const query = new URLSearchParams(ids.map((id) => ["id", id]));
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
      {printable.length > 0 && roleMay(account.user.role, "withdraws.link") ? <VoucherQrChoice current={qr} query={query} /> : null}
      {printable.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600 print:hidden">
          Select unpaid withdraws on the withdraws page, or create several alike, to print them as vouchers.
        </div>
      ) : (
        <VoucherSheet rows={printable} now={now} access={linkAccessOfAccount(account)} qr={qr} />
      )}
    </div>
  );
}
