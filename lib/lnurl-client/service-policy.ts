// Which LNURL services Sluice may call when a merchant hands it a destination or a code to scan. The URLs
// come from outside (a pasted LNURL, a Lightning Address's domain, a callback in a service's reply), so they
// get the webhooks' rules: https only (http for .onion, as LUD-01 says), no credentials, the scheme's usual
// port only (443 for https, 80 for http where http is allowed: a pasted code must not make Sluice knock on a
// public server's other services), and a host whose every address is public. LNURL_ALLOW_PRIVATE_URLS (tests,
// local development, whose services listen on loopback on any port) lifts the address, http and port rules
// together. The address checked is the one connected to (fetch-service-json.ts pins it), so DNS cannot change
// in between. Every LNURL call (payouts, the claim page, scan, deposits, LNURL-auth sign-ins) passes here.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../errors";
import { classifyAddress } from "../webhooks/address-policy";
import { hostOf, type Resolver } from "../webhooks/url-policy";

export type ServicePolicy = {
  allowPrivate: boolean;
  resolve?: Resolver;
  timeoutMs?: number;
};

export type ServiceTarget = { url: URL; host: string; address: string; family: 4 | 6 };

export const MAX_SERVICE_URL_LENGTH = 2048;

export function servicePolicy(): ServicePolicy {
  return { allowPrivate: env().lnurlAllowPrivateUrls };
}

const refuse = (message: string) => new AppError("lnurl_url_not_allowed", message);

/** A host that only exists on this machine or the local network (allowed only with LNURL_ALLOW_PRIVATE_URLS). */
export function isLocalHost(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && classifyAddress(host) !== "public");
}

/** The URL's form alone (no DNS): scheme, credentials, port, size. */
export function checkServiceUrl(raw: string, policy: ServicePolicy): URL {
  if (raw.length > MAX_SERVICE_URL_LENGTH || !URL.canParse(raw)) throw refuse("The LNURL service address is not a valid URL.");
  const url = new URL(raw);
  const host = hostOf(url);
  const onion = host.endsWith(".onion");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (onion || policy.allowPrivate))) {
    throw refuse(`LNURL services must be reached over https (LUD-01); ${url.protocol}//${host} is not allowed.`);
  }
  if (url.username || url.password) throw refuse("An LNURL service address must not carry a user name or password.");
  // The URL parser drops a port that is the scheme's default (https://x:443 has port ""), so any port left is another one.
  if (url.port !== "" && !policy.allowPrivate) {
    throw refuse(`LNURL services are only called on the usual port (443 for https, 80 for http); ${url.host} uses port ${url.port}.`);
  }
  if (!policy.allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) {
    throw refuse(`${host} is not a public address; Sluice only calls LNURL services on public addresses.`);
  }
  return url;
}

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Checks the URL, resolves its host and checks every address; the first one is the one to connect to. */
export async function resolveServiceTarget(raw: string, policy: ServicePolicy): Promise<ServiceTarget> {
  const url = checkServiceUrl(raw, policy);
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch {
      throw new AppError("lnurl_unreachable", `The host ${host} could not be found.`);
    }
  }
  if (addresses.length === 0) throw new AppError("lnurl_unreachable", `The host ${host} could not be found.`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const cls = classifyAddress(address);
      if (cls !== "public") {
        throw refuse(`${host === address ? address : `${host} (${address})`} is not a public address (${cls}); Sluice only calls LNURL services on public addresses.`);
      }
    }
  }
  const first = addresses[0];
  return { url, host, address: first.address, family: first.family === 6 ? 6 : 4 };
}
