// Only same-site paths after sign-in: an open redirect would be a phishing aid.
const BASE = "http://sluice.invalid";

// A browser reads "//host" and "/\host" as another site, so a path must be "/" alone or "/" followed by a
// character that is neither "/" nor "\". The URL parser has already removed tabs and newlines, resolved
// "." and ".." and percent-encoded spaces and controls, so this is checked on what it answers.
const SAME_SITE_PATH = /^\/(?![/\\])/;

/** The path (and query) to open after sign-in: the caller's when it stays on this site, else "/". */
export function safeCallbackPath(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  if (!url) return "/";
  try {
    const parsed = new URL(url, BASE);
    if (parsed.origin !== BASE) return "/";
    const path = parsed.pathname + parsed.search;
    return SAME_SITE_PATH.test(path) ? path : "/";
  } catch {
    return "/";
  }
}
