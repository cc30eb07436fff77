// Which LNURL services Sluice may call when a merchant hands it a destination or a code to scan: the outbound
// target policy (lib/outbound/target-policy.ts) in LNURL's words. The URLs come from outside (a pasted LNURL,
// a Lightning Address's domain, a callback in a service's reply), so they get the webhooks' rules: https only
// (http for .onion, as LUD-01 says), no credentials, the scheme's usual port only (443 for https, 80 for http
// where http is allowed: a pasted code must not make Sluice knock on a public server's other services), and
// a host whose every address is public. LNURL_ALLOW_PRIVATE_URLS (tests, local development, whose services
// listen on loopback on any port) lifts the address, http and port rules together. The address checked is
// the one connected to (fetch-service-json.ts pins it), so DNS cannot change in between. Every LNURL call
// (payouts, the claim page, scan, deposits, LNURL-auth sign-ins) passes here.
import { env } from "../env";
import { AppError } from "../errors";
import {
  checkTargetForm,
  MAX_TARGET_URL_LENGTH,
  resolveTarget,
  type ResolvedTarget,
  type Resolver,
  type TargetPolicy,
  type TargetWording,
} from "../outbound/target-policy";

export type ServicePolicy = {
  allowPrivate: boolean;
  resolve?: Resolver;
  timeoutMs?: number;
};

export type ServiceTarget = ResolvedTarget;

export const MAX_SERVICE_URL_LENGTH = MAX_TARGET_URL_LENGTH;

export function servicePolicy(): ServicePolicy {
  return { allowPrivate: env().lnurlAllowPrivateUrls };
}

const refuse = (message: string) => new AppError("lnurl_url_not_allowed", message);

const WORDING: TargetWording = {
  notAUrl: () => refuse("The LNURL service address is not a valid URL."),
  notHttps: (url, host) => refuse(`LNURL services must be reached over https (LUD-01); ${url.protocol}//${host} is not allowed.`),
  credentials: () => refuse("An LNURL service address must not carry a user name or password."),
  // Never said: a fragment never reaches the service (refuseFragment is off below).
  fragment: () => refuse("An LNURL service address must not carry a #fragment."),
  otherPort: (url) => refuse(`LNURL services are only called on the usual port (443 for https, 80 for http); ${url.host} uses port ${url.port}.`),
  localName: (host) => refuse(`${host} is not a public address; Sluice only calls LNURL services on public addresses.`),
  notPublic: (where, cls) => refuse(`${where} is not a public address (${cls}); Sluice only calls LNURL services on public addresses.`),
  notFound: (host) => new AppError("lnurl_unreachable", `The host ${host} could not be found.`),
};

function targetPolicy(policy: ServicePolicy): TargetPolicy {
  return {
    allowPrivate: policy.allowPrivate,
    allowHttp: (host) => host.endsWith(".onion") || policy.allowPrivate,
    usualPortOnly: true,
    refuseFragment: false,
    resolve: policy.resolve,
  };
}

/** The URL's form alone (no DNS): scheme, credentials, port, size. */
export function checkServiceUrl(raw: string, policy: ServicePolicy): URL {
  return checkTargetForm(raw, targetPolicy(policy), WORDING);
}

/** Checks the URL, resolves its host and checks every address; the first one is the one to connect to. */
export async function resolveServiceTarget(raw: string, policy: ServicePolicy): Promise<ServiceTarget> {
  return resolveTarget(raw, targetPolicy(policy), WORDING);
}
