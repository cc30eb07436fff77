// The one way a route handler reads a request body, authenticated or not. It counts bytes as they arrive
// and stops at the cap (cancelling the rest of the upload), so a client cannot make the server buffer or
// parse a body of any size; a declared Content-Length over the cap is refused before reading anything.
// Each surface turns the AppError into its own error shape (REST: lib/web/api.ts).
import { AppError } from "../errors";

/** Far above any JSON request Sluice expects (a withdraw or payout is a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) => new AppError("body_too_large", `The request body is larger than ${Math.floor(maxBytes / 1024)} KB.`);

/** The body's raw bytes, at most `maxBytes` of them; body_too_large (413) past that, or the caller's own error. */
export async function readBodyBytes(request: Request, maxBytes = MAX_BODY_BYTES, refusal: (maxBytes: number) => AppError = tooLarge): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "");
  // Nothing of a body declared too large is read; the server discards or drops the rest of the upload.
  if (Number.isFinite(declared) && declared > maxBytes) throw refusal(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refusal(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text (invalid sequences replaced, as Request.text() does), at most `maxBytes`. */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}

/** The body as JSON: an empty body is {}, malformed JSON is invalid_json (400), past the cap body_too_large. */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}
