// Runs before every request (Next.js 16's successor to middleware): a fresh nonce per request for the page's
// Content-Security-Policy, and the security headers on every answer, pages and API alike. Next.js reads the
// nonce from the request's CSP header and puts it on its own scripts, which is why every page renders
// dynamically (app/layout.tsx). LNURL endpoints keep the Access-Control-Allow-Origin their handlers set.
//
// API and LNURL answers need no nonce: their headers are the same for every request of the process (the
// public URL and NODE_ENV do not change while it runs), so they are made once, and the request goes on
// unchanged (forwarding a copy of its headers would cost Next.js a rewrite of every one of them).
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { isCapabilityPage, securityHeaders } from "@/lib/web/security-headers";

const options = (nonce: string) => ({ nonce, https: env().publicUrl.startsWith("https:"), production: process.env.NODE_ENV === "production" });

let apiHeaders: [string, string][] | undefined;

export function proxy(request: NextRequest): NextResponse {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    apiHeaders ??= Object.entries(securityHeaders("api", options("")));
    const response = NextResponse.next();
    for (const [name, value] of apiHeaders) response.headers.set(name, value);
    return response;
  }
  const kind = isCapabilityPage(request.nextUrl.pathname) ? "capability_page" : "page";
  const headers = securityHeaders(kind, options(randomBytes(16).toString("base64")));
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Build assets are immutable files named by their hash; everything else, including prefetches (a page's
  // RSC payload is data, but a nonce of its own costs nothing), goes through.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
