// How an outbound call failed, in the two answers that matter for money: "unreachable" means the request
// surely never left (nothing was connected, for a reason that cannot come after sending: refused, no route,
// DNS, a TLS handshake refused); "unknown" means it may have arrived (a timeout, a connection that broke once
// it was up, an answer too large): a payment asked for that way may have been made.

export type OutboundFailure =
  /** Nothing listened at the address (ECONNREFUSED). */
  | "refused"
  /** The TLS handshake failed: certificate or protocol. */
  | "tls"
  /** Another failure before or while connecting: DNS, no route, a reset during the handshake. */
  | "network"
  /** The whole exchange did not finish within its time limit. */
  | "timeout"
  /** The connection was up, then broke before the answer was complete. */
  | "cut_off"
  /** The answer's body passed the size limit while it was read. */
  | "too_large";

export type OutboundOutcome = "unreachable" | "unknown";

export class OutboundError extends Error {
  constructor(
    readonly failure: OutboundFailure,
    readonly outcome: OutboundOutcome,
    message: string,
    /** The system's or TLS library's code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, …), when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

// Failures that can only happen before a request is written; ECONNRESET counts only while not yet connected.
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/**
 * Classifies an error of the transport. `connected` says whether a connection (with its TLS handshake) was
 * ever made for this call: once it was, the request may have gone out, and the outcome is unknown whatever
 * the error says.
 */
export function classifyFailure(error: unknown, connected: boolean): OutboundError {
  if (error instanceof OutboundError) return error;
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === "string" ? raw : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const tls = !connected && (code?.startsWith("ERR_TLS") || code?.includes("CERT") || /certificate/i.test(message));
  const unreachable = !connected && (NEVER_SENT_CODES.has(code ?? "") || code?.startsWith("ERR_TLS") || /certificate/i.test(message));
  const outcome: OutboundOutcome = unreachable ? "unreachable" : "unknown";
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") return new OutboundError("too_large", "unknown", message, code);
  if (TIMEOUT_CODES.has(code ?? "")) return new OutboundError("timeout", "unknown", message, code);
  if (connected) return new OutboundError("cut_off", "unknown", message, code);
  if (code === "ECONNREFUSED") return new OutboundError("refused", outcome, message, code);
  return new OutboundError(tls ? "tls" : "network", outcome, message, code);
}
