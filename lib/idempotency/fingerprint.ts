// What makes two requests under one Idempotency-Key "the same request": method, path and body, with a JSON
// body compared by its content (the same fields in another order are the same request).
import { createHash } from "node:crypto";

/** Sorted keys, so that the same JSON sent with its fields in another order is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestFingerprint(method: string, path: string, body: string): string {
  let normal = body.trim();
  try {
    normal = normal === "" ? "{}" : JSON.stringify(canonical(JSON.parse(normal)));
  } catch {
    // Not JSON: the handler will refuse it; compare the bytes.
  }
  return createHash("sha256").update(`${method} ${path}\n${normal}`).digest("hex");
}
