import type { PayoutStatus } from "@/lib/payouts/serialize-payout";

const STYLES: Record<PayoutStatus, string> = {
  pending: "bg-sky-100 text-sky-900 ring-sky-300",
  processing: "bg-amber-100 text-amber-900 ring-amber-300",
  paid: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  failed: "bg-rose-100 text-rose-900 ring-rose-300",
};

export function PayoutStatusBadge({ status }: { status: PayoutStatus }) {
  return (
    <span data-testid="status-badge" className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold capitalize ring-1 ring-inset ${STYLES[status]}`}>
      {status}
    </span>
  );
}
