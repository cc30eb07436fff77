// The host a URL names, as the address rules judge it, and how a host is resolved. Every caller that lets a
// merchant or an outside service name a host (webhooks, LNURL-pay, LNURL-auth, scans) shares these, so they
// stand here, below all of them, beside the address rules (address-policy.ts).

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The host without IPv6 brackets and without a trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}
