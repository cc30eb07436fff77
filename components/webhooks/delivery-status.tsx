const STYLES = {
  pending: "bg-amber-100 text-amber-900 ring-amber-300",
  succeeded: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  failed: "bg-rose-100 text-rose-900 ring-rose-300",
} as const;

const LABELS = { pending: "Retrying", succeeded: "Delivered", failed: "Gave up" } as const;

export function DeliveryStatus({ status, attempts }: { status: keyof typeof STYLES; attempts: number }) {
  return (
    <span data-testid="delivery-status" className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[status]}`}>
      {status === "pending" && attempts === 0 ? "Queued" : LABELS[status]}
    </span>
  );
}

export function EndpointStatus({ enabled }: { enabled: boolean }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${
        enabled ? "bg-emerald-100 text-emerald-900 ring-emerald-300" : "bg-slate-100 text-slate-700 ring-slate-300"
      }`}
    >
      {enabled ? "Enabled" : "Disabled"}
    </span>
  );
}
