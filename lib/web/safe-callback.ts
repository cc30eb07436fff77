// Only same-site paths after sign-in: an open redirect would be a phishing aid.
export function safeCallbackPath(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  if (!url) return "/";
  try {
    const parsed = new URL(url, "http://sluice.invalid");
    return parsed.origin === "http://sluice.invalid" ? parsed.pathname + parsed.search : "/";
  } catch {
    return "/";
  }
}
