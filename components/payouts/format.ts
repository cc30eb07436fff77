// Amounts and times for the payout screens. Msat values from the scan are exact JSON numbers (below 2^53).
import { displaySats, msatFromJsonNumber } from "@/lib/money";

export function msatAsSats(msat: number): string {
  return displaySats(msatFromJsonNumber(msat));
}

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}
