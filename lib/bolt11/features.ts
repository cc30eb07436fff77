// Feature bits of the `9` field (BOLT 9, context "9"), following the "it's OK to be odd" rule.
import { InvoiceError } from "./types";

export const FEATURE = {
  varOnionOptin: 8,
  paymentSecret: 14,
  basicMpp: 16,
  routeBlinding: 24,
  paymentMetadata: 48,
} as const;

// The even (compulsory) bit of each feature the paying node is expected to understand. An invoice that makes
// any other feature compulsory cannot be paid correctly, so BOLT 11 says to fail.
const KNOWN_EVEN_BITS: ReadonlySet<number> = new Set(Object.values(FEATURE));

// BOLT 9 dependencies among the known features: a payer must not pay when a set feature's dependency is unset.
const DEPENDS_ON: readonly [number, number][] = [
  [FEATURE.paymentSecret, FEATURE.varOnionOptin],
  [FEATURE.basicMpp, FEATURE.paymentSecret],
];

/** The features invoices written here carry: var_onion_optin and payment_secret, both compulsory (0x4100). */
export const DEFAULT_INVOICE_FEATURES = (1n << BigInt(FEATURE.varOnionOptin)) | (1n << BigInt(FEATURE.paymentSecret));

/** Whether the feature is offered at all: its compulsory (even) or its optional (odd) bit. */
export function hasFeature(features: bigint, evenBit: number): boolean {
  return ((features >> BigInt(evenBit)) & 3n) !== 0n;
}

export function checkFeatures(features: bigint): void {
  for (let bit = 0, rest = features; rest > 0n; bit++, rest >>= 1n) {
    if ((rest & 1n) === 1n && bit % 2 === 0 && !KNOWN_EVEN_BITS.has(bit)) {
      throw new InvoiceError(
        "unknown_required_feature",
        `This invoice requires a Lightning feature (bit ${bit}) that this service does not support.`,
      );
    }
  }
  for (const [feature, dependency] of DEPENDS_ON) {
    if (hasFeature(features, feature) && !hasFeature(features, dependency)) {
      throw new InvoiceError("bad_field", `The invoice's feature bits are inconsistent (bit ${feature} without bit ${dependency}).`);
    }
  }
}
