// How the demo wallet speaks HTTP to an LNURL service. It plays a customer's phone wallet, but it runs on the
// server, so it only talks to this Sluice (its PUBLIC_URL): a server that fetched any URL a visitor pastes
// would be an open proxy into the network it runs in.
import { AppError } from "../errors";

export type LnurlHttp = {
  /** This Sluice's public base URL; the only service the demo wallet talks to. */
  publicUrl: string;
  /** Where a request really goes (tests serve the route handlers on another port). */
  route?: (url: string) => string;
  timeoutMs?: number;
};

/**
 * The service URL to call, on this Sluice's origin. LUD-17 links (lnurlw://) decode to https:// by the spec;
 * for our own host the scheme of PUBLIC_URL wins, so an http://localhost installation works end to end.
 */
export function serviceUrl(raw: string, http: LnurlHttp, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("validation_error", `The ${what} is not a web address.`, "lnurl");
  }
  const own = new URL(http.publicUrl);
  if (url.host !== own.host) {
    throw new AppError(
      "validation_error",
      `The demo wallet only talks to this Sluice (${own.host}); the ${what} points at ${url.host || "nowhere"}.`,
      "lnurl",
    );
  }
  url.protocol = own.protocol;
  return url;
}

/** GETs a URL of the service and returns its JSON body; unreachable, non-200 and non-JSON answers are clear errors. */
export async function getJson(url: URL, http: LnurlHttp): Promise<unknown> {
  const target = http.route ? http.route(url.toString()) : url.toString();
  let response: Response;
  try {
    response = await fetch(target, { signal: AbortSignal.timeout(http.timeoutMs ?? 10_000), headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw new AppError(
      "lightning_unavailable",
      timedOut ? `The service at ${url.host} did not answer in time.` : `The service at ${url.host} could not be reached.`,
    );
  }
  if (response.status !== 200) {
    throw new AppError("lightning_unavailable", `The service at ${url.host} answered HTTP ${response.status} instead of an LNURL reply.`);
  }
  try {
    return await response.json();
  } catch {
    throw new AppError("lightning_unavailable", `The service at ${url.host} did not answer with JSON.`);
  }
}
