// Strict DER decoding of an ECDSA signature (the rules of BIP 66): SEQUENCE { INTEGER r, INTEGER s }, short
// lengths only, positive minimal integers, nothing after the sequence. LUD-04 wallets send exactly this; a
// decoder that tolerated other encodings would give one signature several spellings.
import { secp256k1 } from "@noble/curves/secp256k1.js";

export class DerSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerSignatureError";
  }
}

const ORDER = secp256k1.Point.CURVE().n;

function readInteger(bytes: Uint8Array, at: number, name: "r" | "s"): { value: bigint; next: number } {
  if (bytes[at] !== 0x02) throw new DerSignatureError(`${name} is not marked as a DER INTEGER (0x02).`);
  const length = bytes[at + 1];
  if (length === undefined || length === 0) throw new DerSignatureError(`${name} has no bytes.`);
  if (length > 33) throw new DerSignatureError(`${name} is longer than 33 bytes.`);
  const start = at + 2;
  if (start + length > bytes.length) throw new DerSignatureError(`${name} runs past the end of the signature.`);
  const body = bytes.subarray(start, start + length);
  if (body[0] & 0x80) throw new DerSignatureError(`${name} is negative.`);
  if (length > 1 && body[0] === 0 && !(body[1] & 0x80)) throw new DerSignatureError(`${name} has a needless leading zero byte.`);
  const value = body.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  if (value === 0n || value >= ORDER) throw new DerSignatureError(`${name} is outside 1 … n−1 of secp256k1.`);
  return { value, next: start + length };
}

/** r and s of a DER-encoded secp256k1 ECDSA signature; a DerSignatureError says what is wrong. */
export function parseDerSignature(bytes: Uint8Array): { r: bigint; s: bigint } {
  if (bytes.length < 8 || bytes.length > 72) throw new DerSignatureError("A DER signature is 8 to 72 bytes long.");
  if (bytes[0] !== 0x30) throw new DerSignatureError("It does not start with a DER SEQUENCE (0x30).");
  if (bytes[1] !== bytes.length - 2) throw new DerSignatureError("Its length byte does not match its size.");
  const r = readInteger(bytes, 2, "r");
  const s = readInteger(bytes, r.next, "s");
  if (s.next !== bytes.length) throw new DerSignatureError("It has bytes after s.");
  return { r: r.value, s: s.value };
}
