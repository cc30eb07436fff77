// The merchant's LNURL-auth root secret at rest: AES-256-GCM under a key derived with HKDF from
// LNURL_SECRET_KEY (which every instance shares and the database does not hold), with the merchant's id as
// associated data, so a database dump alone signs in nowhere and a sealed seed moved to another merchant's
// row does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveLnurlSecretKey } from "../env";

const VERSION = "v1";
const LABEL = "sluice lnurl-auth client seeds v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveLnurlSecretKey(), Buffer.alloc(0), LABEL, 32));
}

export function sealSeed(seed: Uint8Array, merchantId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(merchantId, "utf8"));
  const data = Buffer.concat([cipher.update(seed), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), data].map((p) => p.toString("base64url"))].join(".");
}

export function openSeed(sealed: string, merchantId: string): Uint8Array {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !data) throw new Error("Unreadable LNURL-auth seed.");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(merchantId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]));
}
