// Only the SHA-256 of a withdraw's LNURL secret is stored; a presented secret is looked up by its hash.
// The secret's derivation lives in links.ts, behind the merchant-scoped row and the caller's grant.
import { createHash } from "node:crypto";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
