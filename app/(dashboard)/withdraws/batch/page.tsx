import type { Metadata } from "next";
import Link from "next/link";
import { BatchUploadForm } from "@/components/batches/batch-upload-form";
import { Alert } from "@/components/ui/alert";
import { roleMay } from "@/lib/auth/permissions";
import { MAX_BATCH_FILE_BYTES, MAX_BATCH_ROWS } from "@/lib/batches/rules";
import { SAMPLE_BATCH_CSV } from "@/lib/batches/sample-csv";
import { getBalance } from "@/lib/ledger/get-balance";
import { displaySats } from "@/lib/money";
import { TTL_DEFAULT_SECONDS, TTL_MAX_SECONDS, TTL_MIN_SECONDS } from "@/lib/withdraws/rules";
import { requireAccount } from "@/lib/web/session";
import { uploadBatchAction } from "./actions";

export const metadata: Metadata = { title: "Batch upload" };

const COLUMNS = [
  { name: "amount", rule: "Required. A decimal with a dot, as on the New withdraw form (12.50, not 12,50)." },
  { name: "currency", rule: "Required. SATS, BTC, USD or EUR, in capitals. Fiat is converted to sats at upload." },
  { name: "ttl", rule: `Optional. Seconds until it expires, ${TTL_MIN_SECONDS} to ${TTL_MAX_SECONDS} (one year); empty means ${TTL_DEFAULT_SECONDS}.` },
  { name: "descriptor", rule: "Optional. Shown in the customer's wallet, at most 140 characters." },
];

export default async function BatchUploadPage() {
  const account = await requireAccount();
  const balance = await getBalance(account.merchant.id);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link href="/withdraws" className="text-sm text-brand-700 hover:underline">
          ← Withdraws
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Batch upload</h1>
        <p className="mt-1 text-sm text-slate-600">
          Create many withdraws from one CSV file, then download their LNURLs or print them as vouchers.{" "}
          <Link href="/withdraws/batches" className="text-brand-700 underline">
            Past batches
          </Link>
        </p>
      </div>
      {roleMay(account.user.role, "batches.create") ? (
        <>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <p className="mb-4 text-sm text-slate-700">
              Available balance: <span className="font-medium tabular-nums">{displaySats(balance.availableMsat)} sats</span>. Each withdraw
              reserves its amount plus the routing-fee limit.
            </p>
            <BatchUploadForm action={uploadBatchAction} maxRows={MAX_BATCH_ROWS} maxKilobytes={MAX_BATCH_FILE_BYTES / 1024} />
          </div>
          <section aria-labelledby="format" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="format" className="text-lg font-semibold">The file</h2>
            <p className="text-sm text-slate-700">
              The first row is the header. Columns may come in any order; rows are numbered as a spreadsheet shows them (the header is
              row 1).
            </p>
            <dl className="grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
              {COLUMNS.map((c) => (
                <div key={c.name} className="contents">
                  <dt className="font-mono font-medium text-slate-900">{c.name}</dt>
                  <dd className="text-slate-700">{c.rule}</dd>
                </div>
              ))}
            </dl>
            {/* Wider than a phone: a keyboard must be able to reach it to scroll it. */}
            <pre
              tabIndex={0}
              aria-label="Example of a batch file"
              className="overflow-x-auto rounded-md bg-slate-100 p-3 text-xs text-slate-800 focus:outline-none focus:ring-2 focus:ring-brand-600/40"
            >
              {SAMPLE_BATCH_CSV.replace(/\r\n/g, "\n")}
            </pre>
            <a
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE_BATCH_CSV)}`}
              download="sluice-batch-sample.csv"
              className="inline-block rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100"
            >
              Download sample CSV
            </a>
          </section>
        </>
      ) : (
        <Alert tone="warning">Your role is read-only: ask an owner or admin to upload batches.</Alert>
      )}
    </div>
  );
}
