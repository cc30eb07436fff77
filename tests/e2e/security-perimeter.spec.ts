// What only the production server shows about its perimeter (issue 15): the security headers on pages, API
// answers and LNURL endpoints; no benchmark route in the production build; the export forms never show
// text from the URL; unauthenticated POST bodies are capped. Uses the servers global-setup starts.
import { request as httpRequest } from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";
import { demoUrl, signIn } from "./demo-server";

const PAGES = ["/", "/withdraws", "/payouts/new", "/team", "/exports", "/statement", "/developers/api-keys"];

function expectNoFraming(res: APIResponse, what: string) {
  const headers = res.headers();
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
}

/** The CSP's directives as a map: "script-src" → ["'self'", "'nonce-…'", …]. */
function directives(csp: string | undefined): Map<string, string[]> {
  return new Map(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

test("pages send a nonce-based CSP, no framing, nosniff and a referrer policy", async ({ page, request }) => {
  await signIn(page);
  const nonces = new Set<string>();
  for (const path of PAGES) {
    // Through the signed-in browser context, so the dashboard pages themselves answer (not a redirect).
    const res = await page.request.get(`${demoUrl()}${path}`, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expectNoFraming(res, path);
    const csp = directives(res.headers()["content-security-policy"]);
    expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
    expect(csp.get("default-src"), path).toEqual(["'self'"]);
    expect(csp.get("object-src"), path).toEqual(["'none'"]);
    expect(csp.get("base-uri"), path).toEqual(["'none'"]);
    expect(csp.get("form-action"), path).toEqual(["'self'"]);
    const scripts = csp.get("script-src") ?? [];
    expect(scripts, path).not.toContain("'unsafe-inline'");
    const nonce = scripts.find((s) => s.startsWith("'nonce-"));
    expect(nonce, `${path} script-src has a nonce`).toBeTruthy();
    nonces.add(nonce!);
  }
  // A fresh nonce per response; a repeated one would let an injected script reuse it.
  expect(nonces.size).toBe(PAGES.length);

  // Signed out: the sign-in page.
  const signin = await request.get(`${demoUrl()}/signin`);
  expect(signin.status()).toBe(200);
  expectNoFraming(signin, "/signin signed out");
  const signinCsp = directives(signin.headers()["content-security-policy"]);
  expect(signinCsp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(signinCsp.get("script-src")).not.toContain("'unsafe-inline'");
  // http here, so no HSTS: it is only sent when PUBLIC_URL is https (an http origin cannot set it anyway).
  expect(signin.headers()["strict-transport-security"]).toBeUndefined();
});

test("the pages still work under the CSP: no violations in the console", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(error.message));
  await signIn(page);
  for (const path of PAGES) {
    await page.goto(`${demoUrl()}${path}`);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  }
  // Client-side navigation runs the app's scripts; it only works when the nonce lets them run.
  await page.getByRole("link", { name: "Withdraws" }).first().click();
  await expect(page).toHaveURL(/\/withdraws$/);
  expect(violations).toEqual([]);
});

test("API and LNURL answers are not sniffed or framed, and LNURL keeps CORS open", async ({ request }) => {
  const health = await request.get(`${demoUrl()}/api/health`);
  expect(health.status()).toBe(200);
  expectNoFraming(health, "/api/health");

  const unauthorised = await request.get(`${demoUrl()}/api/v1/withdraws`);
  expect(unauthorised.status()).toBe(401);
  expectNoFraming(unauthorised, "/api/v1/withdraws");

  const lnurl = await request.get(`${demoUrl()}/api/lnurl/w/not-a-real-secret`);
  expect(lnurl.status()).toBe(200);
  expect(await lnurl.json()).toMatchObject({ status: "ERROR" });
  expectNoFraming(lnurl, "/api/lnurl/w/…");
  expect(lnurl.headers()["access-control-allow-origin"]).toBe("*");
});

test("the production build has no benchmark route", async ({ request }) => {
  const res = await request.get(`${demoUrl()}/api/bench/empty`);
  expect(res.status()).toBe(404);
});

test("the export forms show only messages from their fixed list, never text from the URL", async ({ page }) => {
  await signIn(page);
  const planted = "Your account is locked. Call +1 555 0100 to unlock it.";
  for (const path of ["/exports", "/statement"]) {
    await page.goto(`${demoUrl()}${path}?dataset=withdraws&error=${encodeURIComponent(planted)}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText(planted)).toHaveCount(0);
    await page.goto(`${demoUrl()}${path}?dataset=statement&error=${encodeURIComponent(planted)}`);
    await expect(page.getByText(planted)).toHaveCount(0);
  }
  // A code from the list shows its message.
  await page.goto(`${demoUrl()}/exports?dataset=withdraws&error=range_reversed`);
  await expect(page.getByRole("form", { name: "Withdraws" }).getByRole("alert")).toHaveText("The start date is after the end date.");
  // A refused download comes back with the code, not the message.
  const res = await page.request.get(`${demoUrl()}/exports/download?dataset=withdraws&from=2026-12-31&to=2026-01-01`, { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  const back = new URL(res.headers()["location"], demoUrl());
  expect(back.pathname).toBe("/exports");
  expect(back.searchParams.get("error")).toBe("range_reversed");
});

/** A POST whose body is streamed in chunks with no Content-Length; resolves with the status once answered. */
function chunkedPost(path: string, totalBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, demoUrl());
    const req = httpRequest(url, { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < totalBytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!req.destroyed) req.end();
    };
    write();
  });
}

test("unauthenticated POST bodies are capped (413), declared or streamed", async ({ request }) => {
  const big = "x".repeat(12 * 1024 * 1024);
  const status = await request.post(`${demoUrl()}/api/lnurl/auth/status`, { data: { k1: "0".repeat(64), secret: big } });
  expect(status.status()).toBe(413);
  expect(await status.json()).toEqual({ error: "The request body is larger than 1 KB." });

  const signin = await request.post(`${demoUrl()}/api/auth/callback/credentials`, { form: { email: "a@example.com", password: big } });
  expect(signin.status()).toBe(413);

  expect(await chunkedPost("/api/lnurl/auth/status", 12 * 1024 * 1024)).toBe(413);
  // And the server is still there afterwards.
  expect((await request.get(`${demoUrl()}/api/health`)).status()).toBe(200);
});
