// The human-readable part of an invoice: network prefix, then an optional amount in bitcoin with a multiplier.
import { InvoiceError, NETWORK_PREFIX, type Network } from "./types";

// Amounts are handled in pico-bitcoin, the finest unit the human-readable part can express; 1 msat = 10 pico-BTC.
const PICO_PER_MSAT = 10n;
const PICO_PER_UNIT = { "": 10n ** 12n, m: 10n ** 9n, u: 10n ** 6n, n: 10n ** 3n, p: 1n } as const;
type Multiplier = keyof typeof PICO_PER_UNIT;

/** 21 million bitcoin: no invoice can honestly ask for more. */
export const MAX_MSAT = 21_000_000n * 100_000_000_000n;

// Longer prefixes first: "lnbcrt" starts with "lnbc" and "lntbs" with "lntb".
const PREFIXES: readonly [string, Network][] = (Object.entries(NETWORK_PREFIX) as [Network, string][])
  .map(([network, prefix]): [string, Network] => [prefix, network])
  .sort((a, b) => b[0].length - a[0].length);

export function parseHrp(hrp: string): { network: Network; amountMsat: bigint | null } {
  for (const [prefix, network] of PREFIXES) {
    if (!hrp.startsWith(prefix)) continue;
    const rest = hrp.slice(prefix.length);
    if (rest === "") return { network, amountMsat: null };
    // Anything after the prefix that is not an amount means a currency we do not know (e.g. "lnbcx...").
    if (!/^[0-9]/.test(rest)) continue;
    return { network, amountMsat: parseAmount(rest) };
  }
  throw new InvoiceError("unknown_network", "This is not a Bitcoin Lightning invoice, or its network is not supported.");
}

function parseAmount(text: string): bigint {
  const match = /^([0-9]+)([a-z]?)$/.exec(text);
  if (!match) throw new InvoiceError("bad_amount", "The invoice amount is not a number.");
  const [, digits, letter] = match;
  if (!isMultiplier(letter)) throw new InvoiceError("bad_amount", `The invoice amount has an unknown unit "${letter}".`);
  const pico = BigInt(digits) * PICO_PER_UNIT[letter];
  // HTLCs carry whole millisatoshis, so a pico-bitcoin amount must end in 0.
  if (pico % PICO_PER_MSAT !== 0n) {
    throw new InvoiceError("bad_amount", "The invoice amount is finer than a millisatoshi.");
  }
  const msat = pico / PICO_PER_MSAT;
  if (msat === 0n) throw new InvoiceError("bad_amount", "The invoice amount is zero.");
  if (msat > MAX_MSAT) throw new InvoiceError("bad_amount", "The invoice amount is more than 21 million bitcoin.");
  return msat;
}

function isMultiplier(letter: string): letter is Multiplier {
  return Object.hasOwn(PICO_PER_UNIT, letter);
}

/** The amount part of the human-readable part, using the largest unit that expresses the amount exactly. */
export function formatAmount(amountMsat: bigint): string {
  if (amountMsat <= 0n || amountMsat > MAX_MSAT) {
    throw new RangeError(`Invoice amount must be between 1 msat and 21 million BTC, got ${amountMsat} msat.`);
  }
  const pico = amountMsat * PICO_PER_MSAT;
  const units: Multiplier[] = ["", "m", "u", "n", "p"];
  for (const unit of units) {
    if (pico % PICO_PER_UNIT[unit] === 0n) return `${pico / PICO_PER_UNIT[unit]}${unit}`;
  }
  // Unreachable: every amount is a whole number of pico-bitcoin.
  throw new RangeError(`Cannot encode ${amountMsat} msat.`);
}

/**
 * The network and amount an invoice's human-readable part states, read without decoding the rest or
 * checking the signature: for a payer given an invoice that was checked already (the simulator, paying
 * what Sluice has decoded and verified).
 */
export function readInvoicePrefix(invoice: string): { network: Network; amountMsat: bigint | null } {
  const text = invoice.trim().toLowerCase().replace(/^lightning:/, "");
  // Bech32: the human-readable part ends at the last "1" (the data part's alphabet has no "1").
  const separator = text.lastIndexOf("1");
  if (separator < 1) throw new InvoiceError("malformed", "This is not a Lightning invoice.");
  return parseHrp(text.slice(0, separator));
}
