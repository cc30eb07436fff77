// One HTTP POST of a webhook to an address already checked: the connection goes to that address (the
// `lookup` below answers with it), while the Host header and TLS name stay the URL's. No redirects are
// followed, the answer's body is read and thrown away, and the whole exchange has a time limit.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedTarget } from "./url-policy";

export const DELIVERY_TIMEOUT_MS = 10_000;

export type PostResult = { statusCode: number | null; latencyMs: number; error: string | null };

function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function describe(error: Error & { code?: string }): string {
  if (error.code === "ECONNREFUSED") return "Connection refused.";
  if (error.code === "ECONNRESET") return "The connection was reset before an answer came.";
  if (error.code === "ETIMEDOUT") return "Timed out connecting.";
  if (error.code?.startsWith("ERR_TLS") || error.code?.includes("CERT")) return `TLS error: ${error.code}.`;
  return error.code ? `Network error: ${error.code}.` : "Network error.";
}

export function postWebhook(
  target: ResolvedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number = DELIVERY_TIMEOUT_MS,
): Promise<PostResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const request = client.request(target.url, {
      method: "POST",
      lookup: pinnedLookup(target),
      headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s.` });
      request.destroy();
    }, timeoutMs);
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => finish({ statusCode: response.statusCode ?? null, error: null }));
      response.on("error", () => finish({ statusCode: response.statusCode ?? null, error: "The answer was cut off." }));
    });
    request.on("error", (error) => finish({ statusCode: null, error: describe(error) }));
    request.end(body);
  });
}
