// The headers every answer carries, the ones a bank's web app would send: a Content-Security-Policy whose
// scripts run only with this response's nonce, no framing anywhere (the cancel, payout and team pages are
// one click from moving money or access), no MIME sniffing, a referrer that never carries a path to other
// sites, and HSTS once the public URL is https. proxy.ts sets them per request; they are plain data here so
// a test can check them without a server.

export type SecurityHeaderOptions = { nonce: string; https: boolean; production: boolean };

/** The policy for pages. Styles: <style> elements need the nonce, but style attributes are allowed
 *  (recharts and React set them, and a nonce cannot cover an attribute); scripts are the real risk. */
export function pageContentSecurityPolicy({ nonce, https, production }: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonce-bearing Next.js runtime loads (its chunks) are trusted too.
    // React's development build needs eval for its error overlays; the production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // QR codes and charts are inline SVG or data: images.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only over https: on a plain-http install it would point every asset at an https that is not there.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** API and LNURL answers are data, never documents: nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** One year, as HSTS preload lists expect; subdomains are left alone (they may be other services). */
const HSTS = "max-age=31536000";

/** Pages whose address is itself a capability (a withdraw's claim page carries its secret). */
export function isCapabilityPage(pathname: string): boolean {
  return pathname.startsWith("/claim/");
}

export function securityHeaders(kind: "page" | "capability_page" | "api", options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": kind === "api" ? API_CONTENT_SECURITY_POLICY : pageContentSecurityPolicy(options),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // A capability page's address must not travel: no Referer at all (not even the origin), no search
    // engine keeps it, and no cache between here and the customer stores it.
    ...(kind === "capability_page"
      ? { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store" }
      : { "Referrer-Policy": "strict-origin-when-cross-origin" }),
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
