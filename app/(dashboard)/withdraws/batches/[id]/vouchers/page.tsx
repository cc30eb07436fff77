import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/withdraws/print-button";
import { VoucherQrChoice, voucherQrOf } from "@/components/withdraws/voucher-qr-choice";
import { VoucherSheet } from "@/components/withdraws/voucher-sheet";
import { getBatch } from "@/lib/batches/get-batch";
import { isAppError } from "@/lib/errors";
import { effectiveStatus } from "@/lib/withdraws/serialize-withdraw";
import { roleMay } from "@/lib/auth/permissions";
import { linkAccessOfAccount, requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Batch vouchers" };

export default async function BatchVouchersPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const qr = voucherQrOf((await searchParams).qr);
  const query = new URLSearchParams();
  const account = await requireAccount();
  const found = await getBatch(account.merchant.id, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const now = new Date();
  const printable = found.withdraws.filter((w) => effectiveStatus(w, now) === "unpaid");
  const skipped = found.withdraws.length - printable.length;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3 print:hidden">
        <div>
          <Link href={`/withdraws/batches/${found.batch.id}`} className="text-sm text-brand-700 hover:underline">
            ← {found.batch.fileName ?? "Batch"}
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Vouchers</h1>
          <p className="mt-1 text-sm text-slate-600">
            {printable.length} voucher{printable.length === 1 ? "" : "s"} ready to print on A4 or Letter
            {skipped > 0 ? `; ${skipped} withdraw${skipped === 1 ? " is" : "s are"} no longer unpaid and left out` : ""}.
          </p>
        </div>
        {printable.length > 0 ? <PrintButton /> : null}
      </div>
      {printable.length > 0 && roleMay(account.user.role, "withdraws.link") ? <VoucherQrChoice current={qr} query={query} /> : null}
      {printable.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600 print:hidden">
          Every withdraw of this batch is paid, expired or cancelled: nothing is left to print.
        </div>
      ) : (
        <VoucherSheet rows={printable} now={now} access={linkAccessOfAccount(account)} qr={qr} />
      )}
    </div>
  );
}
