// The secret in a withdraw's LNURL is derived (HMAC-SHA256 of the withdraw id under a key that lives outside
// the database), so the link can be shown again at any time while the database holds only its SHA-256.
import { createHash, createHmac } from "node:crypto";
import { resolveLnurlSecretKey } from "../env";

export function withdrawSecret(withdrawId: string): string {
  return createHmac("sha256", resolveLnurlSecretKey()).update(`lnurlw:${withdrawId}`).digest("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
