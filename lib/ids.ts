// Prefixed, time-sortable identifiers (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32).
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export const ID_PREFIXES = {
  merchant: "mer",
  user: "usr",
  withdraw: "wi",
  payment: "wp",
  ledgerEntry: "le",
  deposit: "dep",
  event: "evt",
  apiKey: "key",
  dataExport: "exp",
  webhookEndpoint: "we",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  payout: "po",
  withdrawBatch: "wb",
  session: "ses",
  securityEvent: "sev",
  lnurlAuthLogin: "lal",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(random: bigint): string {
  // 80 bits → 16 base32 characters.
  let bits = random;
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

// Monotonic within a process: several rows written in the same millisecond (the payout, fee and release of
// one payment share one transaction and so one created_at) still sort in the order they were made.
let last: { time: number; random: bigint } | undefined;
const RANDOM_MAX = (1n << 80n) - 1n;

function nextRandom(now: number): bigint {
  if (last && now === last.time && last.random < RANDOM_MAX) {
    last = { time: now, random: last.random + 1n };
  } else {
    let random = 0n;
    for (const b of randomBytes(10)) random = (random << 8n) | BigInt(b);
    last = { time: now, random };
  }
  return last.random;
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(now)}${encodeRandom(nextRandom(now))}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[${ALPHABET}]{26}$`).test(value);
}
