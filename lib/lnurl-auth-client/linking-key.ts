// LUD-05: the linking key a wallet uses at one service, derived from one BIP32 root. The hashing key is the
// private key of m/138'/0; HMAC-SHA256(hashingKey, domain) gives, in its first 16 bytes, four big-endian uint32
// that extend m/138' to the domain's linking key. Each index is used as the number it is (one of 2^31 or more
// is a hardened step), as LUD-05's reference derivation does. The same root and domain always give the same
// key; another domain, or another merchant's root, gives an unrelated one.
import { createHmac } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { HARDENED_OFFSET, HDKey } from "@scure/bip32";

const PURPOSE = HARDENED_OFFSET + 138;

export type LinkingKey = { privateKey: Uint8Array; publicKey: string };

/** The four path indices after m/138' for a domain, given the hashing key (m/138'/0's private key). */
export function linkingPathSuffix(hashingKey: Uint8Array, domain: string): [number, number, number, number] {
  const material = createHmac("sha256", hashingKey).update(domain, "utf8").digest();
  return [material.readUInt32BE(0), material.readUInt32BE(4), material.readUInt32BE(8), material.readUInt32BE(12)];
}

export function hashingKeyOf(root: HDKey): Uint8Array {
  const key = root.deriveChild(PURPOSE).deriveChild(0).privateKey;
  if (!key) throw new Error("The LNURL-auth root has no private key.");
  return key;
}

/** The linking key for `domain` (a host name, lower case, no port, no final dot) under a 32-byte root secret. */
export function deriveLinkingKey(seed: Uint8Array, domain: string): LinkingKey {
  const root = HDKey.fromMasterSeed(seed);
  const purpose = root.deriveChild(PURPOSE);
  const node = linkingPathSuffix(hashingKeyOf(root), domain).reduce((at, index) => at.deriveChild(index), purpose);
  if (!node.privateKey || !node.publicKey) throw new Error("LUD-05 derivation gave no key.");
  return { privateKey: node.privateKey, publicKey: Buffer.from(node.publicKey).toString("hex") };
}

/** LUD-04: the DER signature (hex) over the 32 raw bytes of k1, which is itself the message hash (no hashing). */
export function signK1(privateKey: Uint8Array, k1: string): string {
  // lowS: the canonical form, which every verifier accepts (Bitcoin's rules refuse high S).
  const signature = secp256k1.sign(Uint8Array.from(Buffer.from(k1, "hex")), privateKey, { prehash: false, lowS: true, format: "der" });
  return Buffer.from(signature).toString("hex");
}
