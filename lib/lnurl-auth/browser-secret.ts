import { createHash, randomBytes } from "node:crypto";

/** A fresh secret for the browser that asks for a k1 (256 random bits, base64url). */
export function newBrowserSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a browser secret. */
export function hashBrowserSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
