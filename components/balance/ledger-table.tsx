import Link from "next/link";
import { Sats } from "@/components/ui/sats";
import { balanceTotal } from "@/lib/ledger/balance-total";
import type { LedgerEntryRow } from "@/lib/ledger/list-ledger-entries";
import { formatTime } from "./format-time";

const KIND_LABELS: Record<LedgerEntryRow["kind"], string> = {
  credit: "Deposit",
  reserve: "Reserve",
  release: "Release",
  payout: "Payout",
  fee: "Routing fee",
  adjustment: "Adjustment",
};

function Movement({ msat }: { msat: bigint }) {
  if (msat === 0n) return <span className="text-slate-500">–</span>;
  return <Sats msat={msat} signed unit={false} className={msat > 0n ? "text-emerald-800" : "text-red-700"} />;
}

function Reference({ entry }: { entry: LedgerEntryRow }) {
  const link = "font-mono text-xs text-brand-700 underline underline-offset-2 hover:text-brand-900";
  return (
    <div className="space-y-0.5">
      {entry.withdrawId ? (
        <Link href={`/withdraws/${entry.withdrawId}`} className={link}>
          {entry.withdrawId}
        </Link>
      ) : null}
      {entry.depositId ? (
        <Link href={`/balance?deposit=${entry.depositId}`} className={link}>
          {entry.depositId}
        </Link>
      ) : null}
      {entry.payoutId ? (
        <Link href={`/payouts/${entry.payoutId}`} className={link}>
          {entry.payoutId}
        </Link>
      ) : null}
      {entry.note ? <p className="text-xs text-slate-700">{entry.note}</p> : null}
    </div>
  );
}

export function LedgerTable({ entries }: { entries: LedgerEntryRow[] }) {
  const head = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
  const num = "px-3 py-2 text-right whitespace-nowrap";
  return (
    // Focusable so keyboard users can scroll it sideways on a phone.
    <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label="Ledger entries, scrollable">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Ledger entries, newest first. Amounts in sats.</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={head}>Time</th>
            <th scope="col" className={head}>Kind</th>
            <th scope="col" className={`${head} text-right`}>Available</th>
            <th scope="col" className={`${head} text-right`}>Reserved</th>
            <th scope="col" className={`${head} text-right`}>Available after</th>
            <th scope="col" className={`${head} text-right`}>Reserved after</th>
            <th scope="col" className={`${head} text-right`}>Balance after</th>
            <th scope="col" className={head}>Reference</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="ledger-entry" data-kind={entry.kind}>
              <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-700">
                <time dateTime={entry.createdAt.toISOString()}>{formatTime(entry.createdAt)}</time>
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-medium">{KIND_LABELS[entry.kind]}</td>
              <td className={num}>
                <Movement msat={entry.availableDeltaMsat} />
              </td>
              <td className={num}>
                <Movement msat={entry.reservedDeltaMsat} />
              </td>
              <td className={num}>
                <Sats msat={entry.availableAfterMsat} unit={false} />
              </td>
              <td className={num}>
                <Sats msat={entry.reservedAfterMsat} unit={false} />
              </td>
              <td className={`${num} font-medium`}>
                <Sats msat={balanceTotal({ availableMsat: entry.availableAfterMsat, reservedMsat: entry.reservedAfterMsat })} unit={false} />
              </td>
              <td className="px-3 py-2">
                <Reference entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
