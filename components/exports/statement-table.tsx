import type { Statement } from "@/lib/ledger/get-statement";
import { displaySats } from "@/lib/money";

const KIND_LABELS = {
  credit: "Deposits",
  adjustment: "Adjustments",
  payout: "Payouts",
  fee: "Routing fees",
  reserve: "Reserved for withdraws",
  release: "Released reservations",
} as const;

const sats = (msat: bigint) => (msat === 0n ? "—" : `${displaySats(msat)} sats`);

export function StatementTable({ statement }: { statement: Statement }) {
  const s = statement;
  const reconciles = s.discrepancyMsat === 0n;
  return (
    <div>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Statement, scrollable">
      <table className="w-full min-w-[36rem] text-left text-sm" data-testid="statement">
        <caption className="sr-only">Statement of the balance for the period</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Line</th>
            <th scope="col" className="px-3 py-2 text-right">Entries</th>
            <th scope="col" className="px-3 py-2 text-right">Credits</th>
            <th scope="col" className="px-3 py-2 text-right">Debits</th>
            <th scope="col" className="px-3 py-2 text-right">Balance</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          <tr className="font-medium" data-line="opening">
            <th scope="row" className="px-3 py-2">Opening balance</th>
            <td /><td /><td />
            <td className="px-3 py-2 text-right">{displaySats(s.opening.totalMsat)} sats</td>
          </tr>
          {s.byKind.map((k) => (
            <tr key={k.kind} data-line={k.kind}>
              <th scope="row" className="px-3 py-2 font-normal">
                {KIND_LABELS[k.kind]}
                {k.kind === "reserve" || k.kind === "release" ? <span className="block text-xs text-slate-600">moves between available and reserved</span> : null}
              </th>
              <td className="px-3 py-2 text-right">{k.count.toLocaleString("en-US")}</td>
              <td className="px-3 py-2 text-right">{sats(k.creditsMsat)}</td>
              <td className="px-3 py-2 text-right">{sats(k.debitsMsat)}</td>
              <td />
            </tr>
          ))}
          <tr className="font-medium" data-line="totals">
            <th scope="row" className="px-3 py-2">Total credits and debits</th>
            <td className="px-3 py-2 text-right">{s.entryCount.toLocaleString("en-US")}</td>
            <td className="px-3 py-2 text-right">{displaySats(s.creditsMsat)} sats</td>
            <td className="px-3 py-2 text-right">{displaySats(s.debitsMsat)} sats</td>
            <td />
          </tr>
          <tr className="font-semibold" data-line="closing">
            <th scope="row" className="px-3 py-2">Closing balance</th>
            <td colSpan={3} className="px-3 py-2 text-right text-xs font-normal text-slate-600">
              available {displaySats(s.closing.availableMsat)} + reserved {displaySats(s.closing.reservedMsat)}
            </td>
            <td className="px-3 py-2 text-right">{displaySats(s.closing.totalMsat)} sats</td>
          </tr>
        </tbody>
      </table>
      </div>
      <p role="status" data-testid="reconciliation" className={`mt-3 rounded-md px-3 py-2 text-sm ${reconciles ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}>
        {reconciles
          ? `Reconciles: ${displaySats(s.opening.totalMsat)} + ${displaySats(s.creditsMsat)} − ${displaySats(s.debitsMsat)} = ${displaySats(s.closing.totalMsat)} sats.`
          : `Does not reconcile: off by ${displaySats(s.discrepancyMsat)} sats. Export the ledger for this period and contact support.`}
      </p>
    </div>
  );
}
