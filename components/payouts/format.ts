// Amounts and times for the payout screens. Msat values from the scan are exact JSON numbers (below 2^53).
const SATS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

export function msatAsSats(msat: number): string {
  return SATS.format(msat / 1000);
}

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}
