import { displaySats } from "@/lib/money";

/** An amount in sats (displaySats), with the exact msat in a data attribute for tests and copy-paste. */
export function Sats({ msat, signed, unit = true, className = "" }: { msat: bigint; signed?: boolean; unit?: boolean; className?: string }) {
  return (
    <span className={`tabular-nums ${className}`} data-msat={msat.toString()}>
      {displaySats(msat, { signed })}
      {unit ? " sats" : null}
    </span>
  );
}
