// Finding: the unauthenticated POST /api/lnurl/auth/status parsed a body of any size (a 12 MB body was read
// to the end), and the REST reader read a whole chunked body before measuring it. Every body now goes
// through one capped reader that stops reading at the cap and answers 413 in the surface's own shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as lnurlAuthStatus } from "@/app/api/lnurl/auth/status/route";
import { POST as createWithdraw } from "@/app/api/v1/withdraws/route";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

const TWELVE_MB = 12 * 1024 * 1024;
const CHUNK = 16 * 1024;

/** A chunked body (no Content-Length) of `total` bytes that counts how much of it the server pulled. */
function countingBody(total: number) {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(CHUNK).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += CHUNK;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled };
}

function post(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);
}

let server: Awaited<ReturnType<typeof serveRoutes>>;
let shop: TestMerchant;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  shop = await createTestMerchant(10_000n);
});
afterAll(() => server.close());

describe("request bodies are capped", () => {
  it("the LNURL-auth status poll refuses a 12 MB body with 413 in its own shape", async () => {
    const res = await fetch(`${server.url}/api/lnurl/auth/status`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ k1: "0".repeat(64), secret: "x".repeat(TWELVE_MB) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "The request body is larger than 1 KB." });
  });

  it("the LNURL-auth status poll stops reading a chunked body at the cap", async () => {
    const { stream, pulled } = countingBody(TWELVE_MB);
    const res = await lnurlAuthStatus(post("http://sluice.test/api/lnurl/auth/status", stream));
    expect(res.status).toBe(413);
    // What was read before refusing: at most the cap plus the chunk that crossed it (and one the stream
    // queued ahead), never the 12 MB.
    expect(pulled.bytes).toBeLessThanOrEqual(1024 + 2 * CHUNK);
  });

  it("the LNURL-auth status poll still answers a small body", async () => {
    const res = await fetch(`${server.url}/api/lnurl/auth/status`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ k1: "0".repeat(64), secret: "A".repeat(43) }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: "unknown" });
  });

  it("the LNURL-auth status poll answers malformed JSON with 400", async () => {
    const res = await fetch(`${server.url}/api/lnurl/auth/status`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "The request body is not valid JSON." });
  });

  it("the REST API stops reading a chunked body at 64 KB and answers 413 in the REST error shape", async () => {
    const { stream, pulled } = countingBody(TWELVE_MB);
    const request = post("http://sluice.test/api/v1/withdraws", stream, { Authorization: `Bearer ${shop.key}`, "Idempotency-Key": "body-cap-1" });
    const res = await createWithdraw(request, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { type: "invalid_request_error", code: "body_too_large", message: "The request body is larger than 64 KB." } });
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });

  it("the REST API refuses a declared oversized body over HTTP", async () => {
    const res = await fetch(`${server.url}/api/v1/withdraws`, {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ amount: "1000", currency: "SATS", statement_descriptor: "x".repeat(TWELVE_MB) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
  });
});
