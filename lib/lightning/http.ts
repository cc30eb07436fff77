// The HTTP client the real backends share: JSON over node:http(s), a timeout on every call, an optional
// pinned certificate, and errors classified so that adapters can tell "never asked" from "asked, no answer".
import { X509Certificate } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { DetailedPeerCertificate, PeerCertificate } from "node:tls";

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
  /** The credentials work but do not fit together (e.g. LNbits keys of two wallets): fix the configuration. */
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

// Pinning: the given certificate is the only trusted root (`ca` replaces Node's bundled roots), and the server
// must present that very certificate (LND) or one it issued (CLNRest's ca.pem), whatever host name the node is
// reached by: a node's self-made certificate names localhost and its own addresses, rarely the name we use.
function tlsOptions(target: HttpTarget): https.RequestOptions {
  if (!target.pinnedCertPem) return {};
  const pinned = new X509Certificate(target.pinnedCertPem).fingerprint256;
  return {
    ca: target.pinnedCertPem,
    // Node hands over the detailed certificate (with its issuer) here.
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === pinned || (cert as Partial<DetailedPeerCertificate>).issuerCertificate?.fingerprint256 === pinned
        ? undefined
        : new Error("the node presented a certificate other than the pinned one"),
  };
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);

export type OpenedRequest = { response: http.IncomingMessage; abort: () => void };

/** Sends a request and resolves with the response head; the caller reads the body. */
export function openRequest(target: HttpTarget, method: string, path: string, body?: unknown, timeoutMs = target.timeoutMs): Promise<OpenedRequest> {
  const url = new URL(path, target.baseUrl.endsWith("/") ? target.baseUrl : target.baseUrl + "/");
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let connected = false;
    const request = transport.request(url, {
      method,
      // A connection per call: a kept-alive socket the node has since closed would turn a payment into an
      // unknown outcome for nothing. The few calls Sluice makes do not need pooling.
      agent: false,
      headers: {
        accept: "application/json",
        ...(payload !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        ...target.headers,
      },
      ...(url.protocol === "https:" ? tlsOptions(target) : {}),
    });
    const timer = setTimeout(() => {
      request.destroy(new BackendError(target.name, "timeout", `no answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    request.on("socket", (socket) => {
      // A kept-alive socket is already connected: a failure on it may come after the request went out.
      if (!socket.connecting) connected = true;
      else socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => (connected = true));
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof BackendError) return reject(error);
      // A connection that was up when it broke may have carried the request: that is not "unreachable".
      const never = !connected && (UNREACHABLE_CODES.has(error.code ?? "") || error.code?.startsWith("ERR_TLS") || /certificate/i.test(error.message));
      reject(new BackendError(target.name, never ? "unreachable" : "timeout", `cannot reach ${url.origin}: ${error.message}`));
    });
    request.on("response", (response) => {
      response.on("end", () => clearTimeout(timer));
      response.on("close", () => clearTimeout(timer));
      resolve({ response, abort: () => request.destroy() });
    });
    request.end(payload);
  });
}

async function readBody(target: HttpTarget, response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response) chunks.push(chunk as Buffer);
  } catch (error) {
    if (error instanceof BackendError) throw error;
    throw new BackendError(target.name, "timeout", `the answer broke off: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** One JSON request. Resolves with any status (adapters read error bodies); `json` is undefined when the body is not JSON. */
export async function requestJson(target: HttpTarget, method: string, path: string, body?: unknown, timeoutMs?: number): Promise<HttpAnswer> {
  const { response } = await openRequest(target, method, path, body, timeoutMs);
  const text = await readBody(target, response);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode ?? 0, text, json };
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
