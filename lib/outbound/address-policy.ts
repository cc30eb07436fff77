// Which IP addresses Sluice may connect to when a merchant or an outside service names the host (webhook
// endpoints and every LNURL call, through target-policy.ts). Only plain public unicast passes, so nobody can make Sluice call into its own
// network. The ranges come from ipaddr.js (a maintained registry of IANA special-purpose ranges) rather
// than a hand-written list. IPv6 forms that tunnel or translate to somewhere else (NAT64 64:ff9b::/96 and
// 64:ff9b:1::/48, IPv4-translated ::ffff:0:0:0/96, Teredo 2001::/32, 6to4 2002::/16) are refused outright:
// where they end up depends on a gateway we cannot see. An IPv4-mapped address (::ffff:a.b.c.d) is what
// the system uses for a plain IPv4 connection, so it is judged by the IPv4 address inside it.
import ipaddr from "ipaddr.js";

export type AddressClass =
  | "public"
  | "private"
  | "loopback"
  | "link-local"
  | "unique-local"
  | "cgnat"
  | "unspecified"
  | "multicast"
  | "translated"
  | "tunnel"
  | "reserved";

// ipaddr.js range names → the class named in refusals. Any other non-unicast range is "reserved".
const CLASS_OF: Record<string, AddressClass> = {
  unicast: "public",
  private: "private",
  loopback: "loopback",
  linkLocal: "link-local",
  uniqueLocal: "unique-local",
  deprecatedSiteLocal: "unique-local",
  carrierGradeNat: "cgnat",
  unspecified: "unspecified",
  multicast: "multicast",
  rfc6052: "translated",
  rfc6145: "translated",
  teredo: "tunnel",
  "6to4": "tunnel",
};

// IANA hands out global unicast IPv6 only from 2000::/3; anything outside it (including the deprecated
// IPv4-compatible ::a.b.c.d) is not a host on the internet.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

/**
 * IPv6 text in canonical form, without a zone. ipaddr.js reads a dotted tail as IPv4-mapped even without
 * the ffff (so ::8.8.8.8 would pass as 8.8.8.8); the URL parser writes the tail in hex, which it reads right.
 */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address.split("%")[0]}]/`).hostname.slice(1, -1);
}

export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) throw new Error(`Not an IP address: ${address}`);
  if (ipaddr.IPv6.isValid(address)) {
    const v6 = ipaddr.IPv6.parse(canonicalIpv6(address));
    if (v6.isIPv4MappedAddress()) return classifyAddress(v6.toIPv4Address().toString());
    const range = v6.range();
    if (range === "unicast" && !v6.match(GLOBAL_UNICAST_V6)) return "reserved";
    return CLASS_OF[range] ?? "reserved";
  }
  return CLASS_OF[ipaddr.IPv4.parse(address).range()] ?? "reserved";
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}
