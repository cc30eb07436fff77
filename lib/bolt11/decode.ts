// BOLT 11 reader: parses an invoice and verifies its signature; anything the spec says to fail on is refused.
//
// It reads the tagged fields itself rather than through light-bolt11-decoder 3.2.0 (kept as a second reader
// in tests/unit/bolt11.test.ts, which checks that both agree on every vector), because that package cannot
// apply these rules: it silently shortens a field that runs past the end, reads a 53-word p as a 33-byte hash
// and fails on a 51-word one with an error from inside its byte conversion (BOLT 11 says to refuse both, and
// a payer needs to be told which field is wrong); it replaces a description that is not UTF-8 instead of
// refusing it, merges the two bits of each of the first ten features, rounds integers beyond 2^53, and
// accepts an amount of zero. It checks no signature, by design.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { bech32 } from "bech32";
import { checkFeatures } from "./features";
import { parseHrp } from "./hrp";
import { signingHash } from "./signing-hash";
import { TAG } from "./tags";
import { InvoiceError, type DecodedInvoice } from "./types";
import { wordsToBigInt, wordsToBytes } from "./words";

const BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const TIMESTAMP_WORDS = 7;
const SIGNATURE_WORDS = 104;
const DEFAULT_EXPIRY_SECONDS = 3600;
const DEFAULT_MIN_FINAL_CLTV_EXPIRY = 18;

// Since June 2025 BOLT 11 fails these fields at any other length instead of skipping them: readers that
// skipped and readers that did not could otherwise disagree about the payment hash or the payee.
const FIXED_LENGTH: ReadonlyMap<number, { words: number; name: string }> = new Map([
  [TAG.p, { words: 52, name: "payment hash" }],
  [TAG.s, { words: 52, name: "payment secret" }],
  [TAG.h, { words: 52, name: "description hash" }],
  [TAG.n, { words: 53, name: "payee public key" }],
]);

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeInvoice(invoice: string): DecodedInvoice {
  const { hrp, words, lower } = parseBech32(invoice);
  const { network, amountMsat } = parseHrp(hrp);

  if (words.length < TIMESTAMP_WORDS + SIGNATURE_WORDS) {
    throw new InvoiceError("malformed", "The invoice is too short; it may have been cut off.");
  }
  const dataWords = words.slice(0, words.length - SIGNATURE_WORDS);
  const signatureWords = words.slice(words.length - SIGNATURE_WORDS);
  const timestamp = Number(wordsToBigInt(dataWords.slice(0, TIMESTAMP_WORDS)));
  const fields = readFields(dataWords.slice(TIMESTAMP_WORDS));

  const paymentHash = fields.get(TAG.p);
  if (!paymentHash) throw new InvoiceError("missing_field", "The invoice has no payment hash.");
  const paymentSecret = fields.get(TAG.s);
  if (!paymentSecret) throw new InvoiceError("missing_field", "The invoice has no payment secret.");

  const featureWords = fields.get(TAG.features);
  const features = featureWords ? wordsToBigInt(featureWords) : null;
  if (features !== null) checkFeatures(features);

  const expirySeconds = readInteger(fields.get(TAG.x), DEFAULT_EXPIRY_SECONDS, "expiry");
  const expiresAt = timestamp + expirySeconds;
  if (!Number.isSafeInteger(expiresAt)) throw new InvoiceError("bad_field", "The invoice's expiry time is out of range.");

  const descriptionWords = fields.get(TAG.d);
  const descriptionHash = fields.get(TAG.h);
  const payeeWords = fields.get(TAG.n);
  const signature = wordsToBytes(signatureWords, false);
  const payeePubkey = verifySignature(signingHash(hrp, dataWords), signature, payeeWords ? wordsToBytes(payeeWords, false) : null);

  return {
    invoice: lower,
    network,
    amountMsat,
    paymentHash: bytesToHex(wordsToBytes(paymentHash, false)),
    paymentSecret: bytesToHex(wordsToBytes(paymentSecret, false)),
    description: descriptionWords ? readText(descriptionWords) : null,
    descriptionHash: descriptionHash ? bytesToHex(wordsToBytes(descriptionHash, false)) : null,
    payeePubkey: bytesToHex(payeePubkey),
    timestamp,
    expirySeconds,
    expiresAt,
    minFinalCltvExpiry: readInteger(fields.get(TAG.c), DEFAULT_MIN_FINAL_CLTV_EXPIRY, "min_final_cltv_expiry"),
    features,
    signature: bytesToHex(signature.subarray(0, 64)),
  };
}

/** BIP 173 without the 90-character limit, which invoices routinely exceed. */
function parseBech32(invoice: string): { hrp: string; words: number[]; lower: string } {
  const lower = invoice.toLowerCase();
  if (invoice !== lower && invoice !== invoice.toUpperCase()) {
    throw new InvoiceError("malformed", "The invoice mixes upper- and lower-case letters.");
  }
  const separator = lower.lastIndexOf("1");
  if (separator < 1) throw new InvoiceError("malformed", "This is not a Lightning invoice.");
  const hrp = lower.slice(0, separator);
  const data = lower.slice(separator + 1);
  if ([...hrp].some((c) => c < "!" || c > "~") || [...data].some((c) => !BECH32_ALPHABET.includes(c)) || data.length < 6) {
    throw new InvoiceError("malformed", "The invoice contains characters that do not belong in an invoice.");
  }
  // The structure is sound, so the only way left for the bech32 decoder to refuse it is the checksum.
  const decoded = bech32.decodeUnsafe(lower, Number.MAX_SAFE_INTEGER);
  if (!decoded) throw new InvoiceError("bad_checksum", "The invoice's checksum is wrong; it may have been mistyped or cut off.");
  return { hrp, words: decoded.words, lower };
}

/** The first occurrence of each field type (the one BOLT 11 says to use), by type. Unknown types are skipped. */
function readFields(words: readonly number[]): Map<number, number[]> {
  const fields = new Map<number, number[]>();
  let at = 0;
  while (at < words.length) {
    if (at + 3 > words.length) throw new InvoiceError("malformed", "The invoice's data is truncated.");
    const type = words[at];
    const length = words[at + 1] * 32 + words[at + 2];
    const start = at + 3;
    if (start + length > words.length) throw new InvoiceError("malformed", "The invoice's data is truncated.");
    const value = words.slice(start, start + length);
    at = start + length;

    const fixed = FIXED_LENGTH.get(type);
    if (fixed && length !== fixed.words) {
      throw new InvoiceError("bad_field", `The invoice's ${fixed.name} has the wrong length.`);
    }
    if (!fields.has(type)) fields.set(type, value);
  }
  return fields;
}

function readInteger(words: number[] | undefined, fallback: number, name: string): number {
  if (!words) return fallback;
  const value = wordsToBigInt(words);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvoiceError("bad_field", `The invoice's ${name} is out of range.`);
  return Number(value);
}

function readText(words: number[]): string {
  try {
    return utf8.decode(wordsToBytes(words, false));
  } catch {
    throw new InvoiceError("bad_field", "The invoice's description is not valid text.");
  }
}

/**
 * Returns the payee's compressed public key. With an `n` field the signature must verify against it and be
 * low-S (BOLT 11 since 2025, so an invoice has one valid signature). Without one the key is recovered, which
 * works for either S, and a recovered key always verifies its own signature.
 */
function verifySignature(hash: Uint8Array, signature: Uint8Array, payee: Uint8Array | null): Uint8Array {
  const invalid = () => new InvoiceError("bad_signature", "The invoice's signature is invalid.");
  const recovery = signature[64];
  if (recovery > 3) throw invalid();
  const compact = signature.subarray(0, 64);
  const parsed = (() => {
    try {
      return secp256k1.Signature.fromBytes(compact, "compact");
    } catch {
      throw invalid();
    }
  })();

  if (payee) {
    if (!secp256k1.utils.isValidPublicKey(payee, true)) {
      throw new InvoiceError("bad_field", "The invoice's payee public key is not a valid key.");
    }
    if (parsed.hasHighS()) {
      throw new InvoiceError("bad_signature", "The invoice's signature is not in canonical (low-S) form.");
    }
    if (!secp256k1.verify(compact, hash, payee, { prehash: false, lowS: true, format: "compact" })) throw invalid();
    return payee;
  }

  try {
    return parsed.addRecoveryBit(recovery).recoverPublicKey(hash).toBytes(true);
  } catch {
    throw invalid();
  }
}
