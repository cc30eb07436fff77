// One GET of an LNURL service, as a wallet makes it, to an address already checked (service-policy.ts): the
// connection goes to that address while the Host header and TLS name stay the URL's. No redirects, a time
// limit, a size limit, and a JSON answer. An LNURL refusal ({"status":"ERROR","reason":…}, sent with any HTTP
// status) becomes `lnurl_refused` with the service's reason; anything else unusable is `lnurl_bad_response`.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { AppError } from "../errors";
import { resolveServiceTarget, type ServicePolicy, type ServiceTarget } from "./service-policy";

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 256 * 1024;

type Answer = { status: number; text: string };

function pinnedLookup(target: ServiceTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function get(target: ServiceTarget, timeoutMs: number): Promise<Answer> {
  const client = target.url.protocol === "https:" ? https : http;
  const where = target.host;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: AppError | null, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(answer!);
    };
    const request = client.request(target.url, { method: "GET", lookup: pinnedLookup(target), headers: { Accept: "application/json", "User-Agent": "Sluice" } });
    const timer = setTimeout(() => {
      finish(new AppError("lnurl_unreachable", `The service at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`));
      request.destroy();
    }, timeoutMs);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish(new AppError("lnurl_bad_response", `The service at ${where} sent more than ${MAX_BODY_BYTES / 1024} KB.`));
          request.destroy();
        } else chunks.push(chunk);
      });
      response.on("end", () => finish(null, { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", () => finish(new AppError("lnurl_unreachable", `The answer of the service at ${where} was cut off.`)));
    });
    request.on("error", (error: Error & { code?: string }) => {
      const detail = error.code === "ECONNREFUSED" ? "refused the connection" : error.code?.includes("CERT") || error.code?.startsWith("ERR_TLS") ? "has a TLS certificate problem" : "could not be reached";
      finish(new AppError("lnurl_unreachable", `The service at ${where} ${detail}.`));
    });
    request.end();
  });
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

export async function fetchServiceJson(url: string | URL, policy: ServicePolicy): Promise<unknown> {
  const target = await resolveServiceTarget(url.toString(), policy);
  const answer = await get(target, policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const reason = refusalReason(body);
  if (reason) throw new AppError("lnurl_refused", `The service at ${target.host} refused: ${reason}`);
  if (answer.status >= 300 && answer.status < 400) {
    throw new AppError("lnurl_bad_response", `The service at ${target.host} answered with a redirect (HTTP ${answer.status}); LNURL services must answer directly.`);
  }
  if (answer.status !== 200) throw new AppError("lnurl_bad_response", `The service at ${target.host} answered HTTP ${answer.status} instead of an LNURL reply.`);
  if (body === undefined) throw new AppError("lnurl_bad_response", `The service at ${target.host} did not answer with JSON.`);
  return body;
}
