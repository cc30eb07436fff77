// JSON answers of the route handlers (REST and LNURL). A small one carries "no-transform" so that Next.js
// sends it as it is: Next.js gzips every answer whose client accepts gzip (next.config's `compress`), and
// cannot see how long a route handler's body is (it streams the body and drops a Content-Length the
// handler sets), so the compression middleware's own 1 KB threshold never applies. For a few hundred bytes
// a zlib stream costs the server more than it saves on the wire; "no-transform" in Cache-Control is the
// signal that middleware honours. Larger answers are compressed as before.
const SMALL_BODY_CHARS = 1024;

/** The headers of a JSON answer, made once: `small` for bodies under 1 KB, `large` for the rest. */
export type JsonHeaders = { readonly small: Readonly<Record<string, string>>; readonly large: Readonly<Record<string, string>> };

export function jsonHeaders(headers: Readonly<Record<string, string>>): JsonHeaders {
  const large: Record<string, string> = { "Content-Type": "application/json", ...headers };
  const cacheControl = large["Cache-Control"];
  return { large, small: { ...large, "Cache-Control": cacheControl ? `${cacheControl}, no-transform` : "no-transform" } };
}

export function jsonResponse(body: unknown, status: number, headers: JsonHeaders): Response {
  const text = JSON.stringify(body);
  return new Response(text, { status, headers: text.length < SMALL_BODY_CHARS ? headers.small : headers.large });
}
