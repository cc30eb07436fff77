export default function TeamLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p className="sr-only" role="status">
        Loading the team…
      </p>
      <div className="h-8 w-32 animate-pulse rounded bg-slate-200" />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="h-64 animate-pulse rounded-lg bg-slate-200" />
        <div className="h-80 animate-pulse rounded-lg bg-slate-200" />
      </div>
    </div>
  );
}
