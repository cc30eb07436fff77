// LUD-04: the wallet signs the 32 raw bytes of k1 (hexToBytes(k1)) with its linking key on secp256k1 and
// sends the DER signature. k1 is used as the message hash itself: no further hashing (prehash: false); the
// LUD-04 example vector verifies only that way. High-S signatures are accepted: the spec does not require
// low S, some signers (OpenSSL) produce either, and k1 is single-use, so malleability gains nothing.
import { secp256k1 } from "@noble/curves/secp256k1.js";

export type LinkingSignature = { k1: string; sig: string; key: string };

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

const LUD04 = { prehash: false, lowS: false, format: "der" } as const;

/** Checks sig (DER hex) over k1 (32 bytes hex) for key (33-byte compressed public key hex). */
export function verifyLinkingSignature(input: LinkingSignature): SignatureVerdict {
  try {
    secp256k1.Point.fromBytes(bytes(input.key));
  } catch {
    return { ok: false, reason: "The key is not a point on secp256k1." };
  }
  // Only strict DER is accepted, so that one signature has one spelling: one SEQUENCE of two INTEGERs, short
  // minimal lengths, no needless leading zero, nothing after, r and s in 1 … n−1. noble's DER reader enforces
  // all of it; it is asked first only to name the fault, as verify() answers a bare false.
  try {
    secp256k1.Signature.fromBytes(bytes(input.sig), "der");
  } catch (error) {
    return { ok: false, reason: `The signature is not strict DER: ${error instanceof Error ? error.message : String(error)}.` };
  }
  const valid = secp256k1.verify(bytes(input.sig), bytes(input.k1), bytes(input.key), LUD04);
  return valid ? { ok: true } : { ok: false, reason: "The signature does not verify for this key and k1." };
}
