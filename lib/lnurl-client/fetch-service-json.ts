// One GET of an LNURL service, as a wallet makes it, to an address already checked (service-policy.ts): the
// connection goes to that address while the Host header and TLS name stay the URL's. No redirects, a time
// limit, a size limit, and a JSON answer. An LNURL refusal ({"status":"ERROR","reason":…}, sent with any HTTP
// status) becomes `lnurl_refused` with the service's reason; anything else unusable is `lnurl_bad_response`.
// A caller that speaks to someone else (the demo wallet, to the person holding it) words refusals and
// failures its own way (ServiceCallWording).
import { AppError } from "../errors";
import { openRequest, OutboundError, readText, type OutboundFailure } from "../outbound";
import { resolveServiceTarget, type ServicePolicy, type ServiceTarget } from "./service-policy";

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 256 * 1024;

type Answer = { status: number; text: string };

/** How a caller words what went wrong; each left out is said as below. */
export type ServiceCallWording = {
  /** A service's refusal; by default "The service at <host> refused: <reason>". */
  refused?: (reason: string, host: string) => AppError;
  /** No whole answer: not reached, too slow, cut off, too large. */
  failed?: (failure: OutboundFailure, host: string) => AppError;
};

function failureError(target: ServiceTarget, error: OutboundError, timeoutMs: number, words: ServiceCallWording): AppError {
  const where = target.host;
  if (words.failed) return words.failed(error.failure, where);
  if (error.failure === "timeout") return new AppError("lnurl_unreachable", `The service at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  if (error.failure === "too_large") return new AppError("lnurl_bad_response", `The service at ${where} sent more than ${MAX_BODY_BYTES / 1024} KB.`);
  if (error.failure === "refused") return new AppError("lnurl_unreachable", `The service at ${where} refused the connection.`);
  if (error.failure === "tls") return new AppError("lnurl_unreachable", `The service at ${where} has a TLS certificate problem.`);
  return new AppError("lnurl_unreachable", `The service at ${where} could not be reached.`);
}

async function get(target: ServiceTarget, timeoutMs: number, words: ServiceCallWording): Promise<Answer> {
  let response;
  try {
    response = await openRequest({
      url: target.url,
      method: "GET",
      headers: { Accept: "application/json", "User-Agent": "Sluice" },
      pinnedAddress: { address: target.address, family: target.family },
      timeoutMs,
      maxBodyBytes: MAX_BODY_BYTES,
    });
  } catch (error) {
    throw error instanceof OutboundError ? failureError(target, error, timeoutMs, words) : error;
  }
  try {
    return { status: response.status, text: await readText(response) };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.failure === "cut_off" && !words.failed) throw new AppError("lnurl_unreachable", `The answer of the service at ${target.host} was cut off.`);
    throw failureError(target, error, timeoutMs, words);
  }
}

/** Text from a service, made safe to repeat in a message: one line, no control characters, bounded. */
export function serviceText(text: string, max = 200): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function refusalReason(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const { status, reason } = body as { status?: unknown; reason?: unknown };
  if (typeof status !== "string" || status.toUpperCase() !== "ERROR") return null;
  return typeof reason === "string" && reason.trim() ? serviceText(reason) : "no reason given";
}

export async function fetchServiceJson(url: string | URL, policy: ServicePolicy, words: ServiceCallWording = {}): Promise<unknown> {
  const target = await resolveServiceTarget(url.toString(), policy);
  const answer = await get(target, policy.timeoutMs ?? DEFAULT_TIMEOUT_MS, words);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const reason = refusalReason(body);
  if (reason) throw words.refused ? words.refused(reason, target.host) : new AppError("lnurl_refused", `The service at ${target.host} refused: ${reason}`);
  if (answer.status >= 300 && answer.status < 400) {
    throw new AppError("lnurl_bad_response", `The service at ${target.host} answered with a redirect (HTTP ${answer.status}); LNURL services must answer directly.`);
  }
  if (answer.status !== 200) throw new AppError("lnurl_bad_response", `The service at ${target.host} answered HTTP ${answer.status} instead of an LNURL reply.`);
  if (body === undefined) throw new AppError("lnurl_bad_response", `The service at ${target.host} did not answer with JSON.`);
  return body;
}
