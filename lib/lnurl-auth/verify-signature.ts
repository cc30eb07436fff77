// LUD-04: the wallet signs the 32 raw bytes of k1 (hexToBytes(k1)) with its linking key on secp256k1 and
// sends the DER signature. k1 is used as the message hash itself: no further hashing (prehash: false); the
// LUD-04 example vector verifies only that way. High-S signatures are accepted: the spec does not require
// low S, some signers (OpenSSL) produce either, and k1 is single-use, so malleability gains nothing.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { DerSignatureError, parseDerSignature } from "./der-signature";

export type LinkingSignature = { k1: string; sig: string; key: string };

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

/** Checks sig (DER hex) over k1 (32 bytes hex) for key (33-byte compressed public key hex). */
export function verifyLinkingSignature(input: LinkingSignature): SignatureVerdict {
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1.Point.fromBytes(bytes(input.key)).toBytes(true);
  } catch {
    return { ok: false, reason: "The key is not a point on secp256k1." };
  }
  let compact: Uint8Array;
  try {
    const { r, s } = parseDerSignature(bytes(input.sig));
    compact = new secp256k1.Signature(r, s).toBytes("compact");
  } catch (error) {
    if (error instanceof DerSignatureError) return { ok: false, reason: `The signature is not valid DER: ${error.message}` };
    throw error;
  }
  const valid = secp256k1.verify(compact, bytes(input.k1), publicKey, { prehash: false, lowS: false, format: "compact" });
  return valid ? { ok: true } : { ok: false, reason: "The signature does not verify for this key and k1." };
}
