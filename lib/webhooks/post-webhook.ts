// One HTTP POST of a webhook to an address already checked: the connection goes to that address, while the
// Host header and TLS name stay the URL's. No redirects are followed, the answer's body is read and thrown
// away, and the whole exchange has a time limit.
import { discardBody, openRequest, OutboundError } from "../outbound";
import type { ResolvedTarget } from "./url-policy";

export const DELIVERY_TIMEOUT_MS = 10_000;

export type PostResult = { statusCode: number | null; latencyMs: number; error: string | null };

function describe(error: OutboundError, timeoutMs: number): string {
  if (error.failure === "timeout") return `No answer within ${Math.round(timeoutMs / 1000)} s.`;
  if (error.failure === "refused") return "Connection refused.";
  // undici reports a connection closed under a request as UND_ERR_SOCKET ("other side closed").
  if (error.code === "ECONNRESET" || error.code === "UND_ERR_SOCKET") return "The connection was reset before an answer came.";
  if (error.code === "ETIMEDOUT") return "Timed out connecting.";
  if (error.failure === "tls") return `TLS error: ${error.code ?? "handshake failed"}.`;
  return error.code ? `Network error: ${error.code}.` : "Network error.";
}

export async function postWebhook(
  target: ResolvedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number = DELIVERY_TIMEOUT_MS,
): Promise<PostResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let response;
  try {
    response = await openRequest({ url: target.url, method: "POST", headers, body, pinnedAddress: { address: target.address, family: target.family }, timeoutMs });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    return { statusCode: null, latencyMs: latency(), error: describe(error, timeoutMs) };
  }
  try {
    await discardBody(response);
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    // The whole exchange has one limit: an answer still arriving at its end counts as no answer.
    if (error.failure === "timeout") return { statusCode: null, latencyMs: latency(), error: describe(error, timeoutMs) };
    return { statusCode: response.status, latencyMs: latency(), error: "The answer was cut off." };
  }
  return { statusCode: response.status, latencyMs: latency(), error: null };
}
