// Which LNURL services Sluice may call when a merchant hands it a destination or a code to scan: the outbound
// target policy (lib/outbound/target-policy.ts) in LNURL's words. The URLs come from outside (a pasted LNURL,
// a Lightning Address's domain, a callback in a service's reply), so they get the webhooks' rules: https only
// (http for .onion, as LUD-01 says), no credentials, the scheme's usual port only (443 for https, 80 for http
// where http is allowed: a pasted code must not make Sluice knock on a public server's other services), and
// a host whose every address is public. LNURL_ALLOW_PRIVATE_URLS (tests, local development, whose services
// listen on loopback on any port) lifts the address, http and port rules together. The address checked is
// the one connected to (fetch-service-json.ts pins it), so DNS cannot change in between. Every LNURL call
// (payouts, the claim page, scan, deposits, LNURL-auth sign-ins, the demo wallet) passes here.
//
// "This Sluice only" (ownSluicePolicy) is the demo wallet's: it plays a customer's phone wallet but runs on
// the server, so it calls nothing but this Sluice's PUBLIC_URL (a server that fetched any URL a visitor pastes
// would be an open proxy into the network it runs in). That host is configuration, not input, so the address,
// http and port rules are lifted for it, and PUBLIC_URL's scheme wins over the https:// a LUD-17 link
// decodes to (an http://localhost installation works end to end).
import { lookup } from "node:dns/promises";
import { env } from "../env";
import { AppError } from "../errors";
import {
  checkTargetForm,
  hostOf,
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
  /** This Sluice only: see ownSluicePolicy. */
  own?: OwnSluiceRule;
};

/** This Sluice as the only service, as the demo wallet is configured. */
export type OwnSluice = {
  /** This Sluice's public base URL; the only service called. */
  publicUrl: string;
  /** Where a call really goes (tests serve the route handlers on another port). */
  route?: (url: string) => string;
  timeoutMs?: number;
};

type OwnSluiceRule = OwnSluice & {
  /** A URL that does not parse, and one on another host, in the caller's words. */
  notAUrl: () => AppError;
  otherHost: (url: URL) => AppError;
};

export type ServiceTarget = ResolvedTarget;

export const MAX_SERVICE_URL_LENGTH = MAX_TARGET_URL_LENGTH;

export function servicePolicy(): ServicePolicy {
  return { allowPrivate: env().lnurlAllowPrivateUrls };
}

/** The policy that calls only `own.publicUrl`'s host; the caller words the two refusals that are its own. */
export function ownSluicePolicy(own: OwnSluice, words: Pick<OwnSluiceRule, "notAUrl" | "otherHost">): ServicePolicy {
  return { allowPrivate: true, timeoutMs: own.timeoutMs, resolve: ipv4First, own: { ...own, ...words } };
}

// The call goes to the first address the host resolves to. For this Sluice's own host (PUBLIC_URL's, often
// `localhost`, which some systems resolve to ::1 before 127.0.0.1) that is the IPv4 address first: Sluice
// listens on every interface by default, or on the one LISTEN_ADDRESS names, usually 127.0.0.1 behind a proxy.
const ipv4First: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: false });

const refuse = (message: string) => new AppError("lnurl_url_not_allowed", message);

const WORDING: TargetWording = {
  notAUrl: () => refuse("The LNURL service address is not a valid URL."),
  notHttps: (url, host) => refuse(`LNURL services must be reached over https (LUD-01); ${url.protocol}//${host} is not allowed.`),
  credentials: () => refuse("An LNURL service address must not carry a user name or password."),
  localName: (host) => refuse(`${host} is not a public address; Sluice only calls LNURL services on public addresses.`),
  notPublic: (where, cls) => refuse(`${where} is not a public address (${cls}); Sluice only calls LNURL services on public addresses.`),
  notFound: (host) => new AppError("lnurl_unreachable", `The host ${host} could not be found.`),
};

function targetPolicy(policy: ServicePolicy): TargetPolicy {
  const { own } = policy;
  return {
    allowPrivate: policy.allowPrivate,
    allowHttp: (host) => host.endsWith(".onion") || policy.allowPrivate,
    usualPortOnly: (url) => refuse(`LNURL services are only called on the usual port (443 for https, 80 for http); ${url.host} uses port ${url.port}.`),
    ...(own ? { onlyHost: { host: new URL(own.publicUrl).host, refuse: own.otherHost } } : {}),
    resolve: policy.resolve,
  };
}

function wording(policy: ServicePolicy): TargetWording {
  return policy.own ? { ...WORDING, notAUrl: policy.own.notAUrl } : WORDING;
}

/** The URL's form alone (no DNS): scheme, credentials, port, size; this Sluice's host under ownSluicePolicy. */
export function checkServiceUrl(raw: string, policy: ServicePolicy): URL {
  const url = checkTargetForm(raw, targetPolicy(policy), wording(policy));
  if (policy.own) url.protocol = new URL(policy.own.publicUrl).protocol;
  return url;
}

/** Checks the URL, resolves its host and checks every address; the first one is the one to connect to. */
export async function resolveServiceTarget(raw: string, policy: ServicePolicy): Promise<ServiceTarget> {
  if (!policy.own) return resolveTarget(raw, targetPolicy(policy), WORDING);
  // The rules are checked on the URL as named; the connection goes where the route says (tests), else there.
  const named = checkServiceUrl(raw, policy);
  const target = await resolveTarget(policy.own.route?.(named.href) ?? named.href, { ...targetPolicy(policy), onlyHost: undefined }, WORDING);
  return { ...target, host: hostOf(named) };
}
