import type { WithdrawStatus } from "@/lib/withdraws/serialize-withdraw";

const STYLES: Record<WithdrawStatus, string> = {
  unpaid: "bg-sky-100 text-sky-900 ring-sky-300",
  processing: "bg-amber-100 text-amber-900 ring-amber-300",
  paid: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  expired: "bg-slate-100 text-slate-700 ring-slate-300",
  cancelled: "bg-rose-100 text-rose-900 ring-rose-300",
};

export function StatusBadge({ status }: { status: WithdrawStatus }) {
  return (
    <span data-testid="status-badge" className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold capitalize ring-1 ring-inset ${STYLES[status]}`}>
      {status}
    </span>
  );
}
