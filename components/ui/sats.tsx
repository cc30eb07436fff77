import { formatMsatAsSats } from "@/lib/money";

/** Msat as sats for people, exact and grouped: 1234567500n → "1,234,567.5"; `signed` adds "+" to gains. */
export function formatSats(msat: bigint, options: { signed?: boolean } = {}): string {
  const text = formatMsatAsSats(msat);
  const negative = text.startsWith("-");
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = negative ? "−" : options.signed && msat > 0n ? "+" : "";
  return `${sign}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** An amount in sats, with the exact msat in a data attribute for tests and copy-paste. */
export function Sats({ msat, signed, unit = true, className = "" }: { msat: bigint; signed?: boolean; unit?: boolean; className?: string }) {
  return (
    <span className={`tabular-nums ${className}`} data-msat={msat.toString()}>
      {formatSats(msat, { signed })}
      {unit ? " sats" : null}
    </span>
  );
}
