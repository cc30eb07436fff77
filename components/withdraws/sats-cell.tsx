import { displaySats } from "@/lib/money";
import { isRanged } from "@/lib/withdraws/sats-offered";

type Row = { status: string; targetAmountMsat: bigint; minTargetAmountMsat: bigint | null; paidAmountMsat: bigint | null };

/** A list's sats cell: the amount, a ranged withdraw's range, and once paid what was really paid out of it. */
export function SatsCell({ w }: { w: Row }) {
  const range = isRanged(w) ? `${displaySats(w.minTargetAmountMsat!)}–${displaySats(w.targetAmountMsat)}` : displaySats(w.targetAmountMsat);
  if (w.status !== "paid" || w.paidAmountMsat === null || !isRanged(w)) return <>{range}</>;
  return (
    <>
      {displaySats(w.paidAmountMsat)}
      <span className="block text-xs text-slate-500">of {range}</span>
    </>
  );
}
