export function BackendBanner({ backend, network }: { backend: string; network: string }) {
  if (backend !== "simulator") return null;
  return (
    <div role="status" className="bg-amber-400 px-4 py-2 print:hidden text-center text-sm font-semibold text-amber-950">
      Simulated Lightning node ({network}): payouts here move no real money.
    </div>
  );
}
