// Endpoint signing secrets: shown once, then kept only encrypted (AES-256-GCM) under a key derived with HKDF
// from LNURL_SECRET_KEY, which lives outside the database. A database dump alone cannot sign webhooks.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveLnurlSecretKey } from "../env";

const VERSION = "v1";
const LABEL = "sluice webhook endpoint secrets v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveLnurlSecretKey(), Buffer.alloc(0), LABEL, 32));
}

/** A new signing secret, as merchants see it once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function sealSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !data) throw new Error("Unreadable webhook secret.");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
