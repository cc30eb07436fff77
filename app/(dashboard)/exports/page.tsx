import type { Metadata } from "next";
import Link from "next/link";
import { ExportForm } from "@/components/exports/export-form";
import { ExportHistory } from "@/components/exports/export-history";
import { Card } from "@/components/ui/card";
import { roleMay } from "@/lib/auth/permissions";
import { listExportRecords } from "@/lib/export/export-audit";
import { LEDGER_KINDS } from "@/lib/export/filters";
import { exportRefusalMessage } from "@/lib/export/refusals";
import { CURRENCIES } from "@/lib/money";
import { WITHDRAW_STATUSES } from "@/lib/withdraws/serialize-withdraw";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Exports" };

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

export default async function ExportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  const search = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  // A download refused for its filters comes back here with the message and the values it sent.
  const valuesFor = (dataset: string) => (search.dataset === dataset ? search : {});
  // Only the code travels in the URL; the message comes from the fixed list.
  const refusal = exportRefusalMessage(search.error);
  const errorFor = (dataset: string) => (search.dataset === dataset ? refusal : undefined);
  const owner = roleMay(account.user.role, "exports.audit");
  const records = owner ? await listExportRecords(account.merchant.id) : [];

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Exports</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Download the history for your books. Files stream as they are read, so a year of withdraws downloads as easily as a
          day. Amounts are exact: millisatoshis as whole numbers, sats as exact decimals. Cells a spreadsheet would run as a
          formula start with an apostrophe. The <Link href="/statement" className="font-medium text-brand-700 underline underline-offset-2">statement</Link>{" "}
          reconciles a period from opening to closing balance.
        </p>
      </div>
      {refusal && !["withdraws", "ledger"].includes(search.dataset ?? "") ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{refusal}</p>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <ExportForm
          dataset="withdraws"
          title="Withdraws"
          description="One row per withdraw: times, status, amount and rate, sats paid and fee, payment hash, preimage and invoice, descriptor and metadata."
          filters={[
            { name: "status", label: "Status", options: options(WITHDRAW_STATUSES) },
            { name: "currency", label: "Currency", options: options(CURRENCIES) },
          ]}
          values={valuesFor("withdraws")}
          error={errorFor("withdraws")}
        />
        <ExportForm
          dataset="ledger"
          title="Ledger"
          description="Every movement of the balance in order, with the running balance after each and the withdraw or deposit it belongs to."
          filters={[{ name: "kind", label: "Kind", options: options(LEDGER_KINDS) }]}
          values={valuesFor("ledger")}
          error={errorFor("ledger")}
        />
      </div>
      {owner ? (
        <Card title="Export history (visible to owners)">
          <ExportHistory records={records} />
        </Card>
      ) : null}
    </div>
  );
}
