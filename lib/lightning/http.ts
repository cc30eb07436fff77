// What the real backends share over the outbound module (lib/outbound): JSON requests to the node's REST
// API (or form-encoded ones, for phoenixd), a time limit on every call, an optional pinned certificate, and errors classified so that adapters can
// tell "never asked" (unreachable) from "asked, no answer" (timeout).
import { openRequest as openOutbound, OutboundError, readText, type OutboundResponse } from "../outbound";

export type BackendErrorReason =
  /** The request never reached the node (refused, no route, DNS, TLS handshake): nothing was done. */
  | "unreachable"
  /** The request may have reached the node, but no complete answer came back in time. */
  | "timeout"
  /** The node rejected our credentials (401/403). */
  | "unauthorized"
  /** The node answered with an error status the adapter does not understand as a definite result. */
  | "status"
  /** The answer was not the JSON the API documents. */
  | "malformed"
  /** The credentials work but do not fit together (e.g. LNbits keys of two wallets, a phoenixd password that cannot pay): fix the configuration. */
  | "misconfigured";

export class BackendError extends Error {
  constructor(
    readonly backend: string,
    readonly reason: BackendErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(`${backend}: ${message}`);
    this.name = "BackendError";
  }
}

export type HttpTarget = {
  /** The adapter's name in error messages ("LND", "Core Lightning", "LNbits"). */
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** PEM of a self-signed certificate to trust; the server must present exactly this certificate. */
  pinnedCertPem?: string;
  timeoutMs: number;
};

export type HttpAnswer = { status: number; text: string; json: unknown };

export type HttpMethod = "GET" | "POST";

export type OpenedRequest = { response: OutboundResponse; abort: () => void };

/**
 * The adapter's error for a failed call. Only a request that surely never reached the node is "unreachable"
 * (a payment asked for that way was not made); anything that may have reached it is "timeout".
 */
function backendError(target: HttpTarget, origin: string, error: OutboundError, phase: "request" | "answer"): BackendError {
  if (error.outcome === "unreachable") return new BackendError(target.name, "unreachable", `cannot reach ${origin}: ${error.message}`);
  if (error.failure === "timeout") return new BackendError(target.name, "timeout", error.message);
  return new BackendError(target.name, "timeout", phase === "request" ? `cannot reach ${origin}: ${error.message}` : `the answer broke off: ${error.message}`);
}

/**
 * Sends a request and resolves with the answer's status; the caller reads the body, whose failures are
 * BackendErrors. A body is sent as JSON, or form-encoded when it is URLSearchParams.
 */
export async function openRequest(target: HttpTarget, method: HttpMethod, path: string, body?: unknown, timeoutMs = target.timeoutMs): Promise<OpenedRequest> {
  const url = new URL(path, target.baseUrl.endsWith("/") ? target.baseUrl : target.baseUrl + "/");
  const form = body instanceof URLSearchParams;
  const payload = body === undefined ? undefined : form ? body.toString() : JSON.stringify(body);
  const contentType = form ? "application/x-www-form-urlencoded" : "application/json";
  let response: OutboundResponse;
  try {
    response = await openOutbound({
      url,
      method,
      headers: { accept: "application/json", ...(payload !== undefined ? { "content-type": contentType } : {}), ...target.headers },
      body: payload,
      pinnedCertPem: target.pinnedCertPem || undefined,
      timeoutMs,
    });
  } catch (error) {
    throw error instanceof OutboundError ? backendError(target, url.origin, error, "request") : error;
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* response.body;
    } catch (error) {
      throw error instanceof OutboundError ? backendError(target, url.origin, error, "answer") : error;
    }
  }
  return { response: { ...response, body: chunks() }, abort: response.abort };
}

/** One JSON request. Resolves with any status (adapters read error bodies); `json` is undefined when the body is not JSON. */
export async function requestJson(target: HttpTarget, method: HttpMethod, path: string, body?: unknown, timeoutMs?: number): Promise<HttpAnswer> {
  const { response } = await openRequest(target, method, path, body, timeoutMs);
  const text = await readText(response);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** Throws the classified error for a status that is not 2xx. */
export function requireOk(target: HttpTarget, answer: HttpAnswer, what: string): void {
  if (answer.status >= 200 && answer.status < 300) return;
  if (answer.status === 401 || answer.status === 403) {
    throw new BackendError(target.name, "unauthorized", `${what}: the node refused our credentials (HTTP ${answer.status})`, answer.status);
  }
  throw new BackendError(target.name, "status", `${what}: HTTP ${answer.status} ${errorDetail(answer)}`.trim(), answer.status);
}

/** The node's own error text, shortened, for logs. */
export function errorDetail(answer: HttpAnswer): string {
  const json = answer.json as Record<string, unknown> | undefined;
  const detail = json && typeof json === "object" ? (json.detail ?? json.message ?? json.error) : answer.text;
  const text = typeof detail === "string" ? detail : JSON.stringify(detail ?? "");
  return text.slice(0, 300);
}

/** Parses an answer with a zod-like schema, or throws a "malformed" error. */
export function parseAnswer<T>(target: HttpTarget, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BackendError(target.name, "malformed", `${what}: the answer does not have the documented shape`);
  return parsed.data;
}
