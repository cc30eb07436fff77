export default function LoadingBalance() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="text-sm text-slate-600">
        Loading the balance and ledger…
      </p>
      <div className="grid gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-28 animate-pulse rounded-lg border border-slate-200 bg-white" />
        ))}
      </div>
      <div className="h-64 animate-pulse rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
