export default function Loading() {
  return (
    <div role="status" aria-label="Loading payouts" className="space-y-3">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-64 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
