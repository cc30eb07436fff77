// The Sluice-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, as Stripe
// signs its webhooks. The timestamp inside the signed text lets receivers refuse replays of old requests.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Sluice-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/**
 * The header for `body` signed with each of `secrets` (the current one first): during a secret roll's overlap
 * it carries one v1 entry per secret, so a receiver verifying with either finds its own.
 */
export function signPayload(secrets: string | readonly string[], body: string, timestamp: number): string {
  const all = typeof secrets === "string" ? [secrets] : secrets;
  return [`t=${timestamp}`, ...all.map((secret) => `v1=${hmacHex(secret, timestamp, body)}`)].join(",");
}

/** The timestamp and every v1 signature of a header, or null when it is not of that form. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) return null;
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * True when one of the header's v1 signatures is the body's under `secret` and its timestamp is within
 * `toleranceSeconds` of `nowMs`. The comparison takes the same time whatever the bytes.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowMs: number = Date.now(),
): boolean {
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed) return false;
  if (Math.abs(nowMs / 1000 - parsed.timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, parsed.timestamp, body), "hex");
  return parsed.signatures.some((s) => timingSafeEqual(expected, Buffer.from(s, "hex")));
}
