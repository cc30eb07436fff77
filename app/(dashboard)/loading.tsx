export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="space-y-4">
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="h-20 animate-pulse rounded-lg bg-slate-200" />
        <div className="h-20 animate-pulse rounded-lg bg-slate-200" />
        <div className="h-20 animate-pulse rounded-lg bg-slate-200" />
      </div>
      <div className="h-64 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
