// Whether Sluice may call a URL that a merchant or an outside service named (a webhook endpoint, an LNURL
// service or its callback): the one rule behind both, which each caller words for its own readers
// (TargetWording, and the refusal that comes with each rule a caller turns on). The URL's form: on the one
// host allowed where the caller allows only one (the demo wallet talks only to its own Sluice), http(s) only,
// https unless the caller allows http for that host, no user name or password, no #fragment where the caller
// refuses one, the scheme's usual port only where the caller asks for it, at most MAX_TARGET_URL_LENGTH
// characters. Then its host: every address it resolves to must be public (address-policy.ts), localhost
// names included, unless private targets are allowed. The first address is the one to connect to, pinned
// (pinned-lookup.ts), so a DNS answer that changes in between cannot slip past.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { classifyAddress, type AddressClass } from "./address-policy";

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** A checked target: the URL, its host (no brackets, no trailing dot) and the address to connect to. */
export type ResolvedTarget = { url: URL; host: string; address: string; family: 4 | 6 };

export const MAX_TARGET_URL_LENGTH = 2048;

/** Every refusal in the caller's words; each returns the error to throw. */
export type TargetWording = {
  notAUrl: () => Error;
  /** The scheme is not https, nor http where http is allowed. */
  notHttps: (url: URL, host: string) => Error;
  credentials: () => Error;
  /** A localhost name, refused without asking DNS. */
  localName: (host: string) => Error;
  /** `where` is the address, or "host (address)"; `cls` what the address is instead of public. */
  notPublic: (where: string, cls: AddressClass) => Error;
  notFound: (host: string) => Error;
};

export type TargetPolicy = {
  /** Private, loopback and other non-public addresses allowed (tests, local development). */
  allowPrivate: boolean;
  /** Whether http:// may be used for this host (https always may). */
  allowHttp: (host: string) => boolean;
  /** When set, any port other than the scheme's usual one (443, 80) is refused so, unless private targets are allowed. */
  usualPortOnly?: (url: URL) => Error;
  /** When set, a URL with a #fragment is refused so. */
  noFragment?: () => Error;
  /** When set, the one host (with its port, as URL.host has it) that may be called, and the refusal of any other. */
  onlyHost?: { host: string; refuse: (url: URL) => Error };
  resolve?: Resolver;
};

/** The host without IPv6 brackets and without a trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

/** A name that only ever means this machine. */
export function isLocalhostName(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost");
}

/** A host that only exists on this machine or the local network: a localhost name or a non-public IP. */
export function isLocalHost(host: string): boolean {
  return isLocalhostName(host) || (isIP(host) !== 0 && classifyAddress(host) !== "public");
}

/** The URL's form alone (no DNS). */
export function checkTargetForm(raw: string, policy: TargetPolicy, words: TargetWording): URL {
  if (raw.length > MAX_TARGET_URL_LENGTH || !URL.canParse(raw)) throw words.notAUrl();
  const url = new URL(raw);
  if (policy.onlyHost && url.host !== policy.onlyHost.host) throw policy.onlyHost.refuse(url);
  const host = hostOf(url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp(host))) throw words.notHttps(url, host);
  if (url.username || url.password) throw words.credentials();
  if (policy.noFragment && url.hash) throw policy.noFragment();
  // The URL parser drops a port that is the scheme's default (https://x:443 has port ""), so any port left is another one.
  if (policy.usualPortOnly && url.port !== "" && !policy.allowPrivate) throw policy.usualPortOnly(url);
  if (!policy.allowPrivate && isLocalhostName(host)) throw words.localName(host);
  return url;
}

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Checks the URL and resolves its host; every address must pass, and the first one is the one to use. */
export async function resolveTarget(raw: string, policy: TargetPolicy, words: TargetWording): Promise<ResolvedTarget> {
  const url = checkTargetForm(raw, policy, words);
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch {
      throw words.notFound(host);
    }
  }
  if (addresses.length === 0) throw words.notFound(host);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const cls = classifyAddress(address);
      if (cls !== "public") throw words.notPublic(host === address ? address : `${host} (${address})`, cls);
    }
  }
  const first = addresses[0];
  return { url, host, address: first.address, family: first.family === 6 ? 6 : 4 };
}
