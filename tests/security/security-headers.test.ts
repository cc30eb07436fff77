// Finding: no security headers on any page or API answer. proxy.ts (the code in front of every request) is
// called here as Next.js calls it, for an http and an https public URL; tests/e2e/security-perimeter.spec.ts
// reads the same headers from the production server and checks that pages still work under the CSP.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

async function proxyFor(publicUrl: string) {
  vi.stubEnv("PUBLIC_URL", publicUrl);
  vi.resetModules(); // a fresh lib/env.ts, which reads PUBLIC_URL once
  return (await import("@/proxy")).proxy;
}

afterEach(() => vi.unstubAllEnvs());

const cspOf = (res: Response) => res.headers.get("content-security-policy") ?? "";
const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

describe("security headers from proxy.ts", () => {
  it("gives a page a nonce CSP without unsafe-inline scripts, no framing, nosniff and a referrer policy", async () => {
    const proxy = await proxyFor("http://localhost:3000");
    const res = proxy(new NextRequest("http://localhost:3000/withdraws/wi_123"));
    const csp = cspOf(res);
    const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // Plain http: no HSTS (a browser ignores it there) and no upgrade of assets to an https that is not there.
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(csp).not.toContain("upgrade-insecure-requests");
    // Next.js takes the nonce for its own scripts from the request's CSP: the same policy is forwarded.
    expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });

  it("gives a claim page (its address is a withdraw's secret) no Referer at all, no indexing and no caching, with the page CSP", async () => {
    const proxy = await proxyFor("https://pay.example.com");
    const res = proxy(new NextRequest("https://pay.example.com/claim/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"));
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(cspOf(res)).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    // Every other page keeps the ordinary policy.
    expect(proxy(new NextRequest("https://pay.example.com/claims")).headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("uses a fresh nonce for every request", async () => {
    const proxy = await proxyFor("http://localhost:3000");
    const nonces = new Set(Array.from({ length: 20 }, () => nonceOf(cspOf(proxy(new NextRequest("http://localhost:3000/team"))))));
    expect(nonces.size).toBe(20);
  });

  it("adds HSTS and upgrades insecure requests when the public URL is https", async () => {
    const proxy = await proxyFor("https://pay.example.com");
    const res = proxy(new NextRequest("https://pay.example.com/payouts/new"));
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(cspOf(res)).toContain("upgrade-insecure-requests");
  });

  it("gives API and LNURL answers nosniff, no framing and a CSP that loads nothing", async () => {
    const proxy = await proxyFor("https://pay.example.com");
    for (const path of ["/api/v1/withdraws", "/api/lnurl/w/abc", "/api/health"]) {
      const res = proxy(new NextRequest(`https://pay.example.com${path}`));
      expect(cspOf(res), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
      // The API needs no nonce, so nothing is forwarded for Next.js to render with.
      expect(res.headers.get("x-middleware-request-content-security-policy"), path).toBeNull();
    }
  });
});
