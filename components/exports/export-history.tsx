import type { ExportRecord } from "@/lib/export/export-audit";

const STATUS = { running: "Running", completed: "Completed", failed: "Broke off" } as const;

function when(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function filterText(filters: Record<string, string>): string {
  const shown = Object.entries(filters).filter(([key]) => key !== "format");
  return shown.length ? shown.map(([key, value]) => `${key}=${value}`).join(", ") : "everything";
}

export function ExportHistory({ records }: { records: ExportRecord[] }) {
  if (records.length === 0) {
    return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">Nobody has exported anything yet.</p>;
  }
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Export history, scrollable">
      <table className="w-full min-w-[44rem] text-left text-sm" data-testid="export-history">
        <caption className="sr-only">Exports, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">When</th>
            <th scope="col" className="px-3 py-2">Who</th>
            <th scope="col" className="px-3 py-2">What</th>
            <th scope="col" className="px-3 py-2">Filters</th>
            <th scope="col" className="px-3 py-2 text-right">Rows</th>
            <th scope="col" className="px-3 py-2">Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {records.map((r) => (
            <tr key={r.id}>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{when(r.createdAt)}</td>
              <td className="px-3 py-2">{r.actorLabel}</td>
              <td className="px-3 py-2 capitalize">
                {r.kind} <span className="uppercase text-slate-600">{r.format}</span>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{filterText(r.filters)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.rowCount.toLocaleString("en-US")}</td>
              <td className="px-3 py-2">{STATUS[r.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
