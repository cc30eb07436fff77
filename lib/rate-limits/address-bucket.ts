// The key every per-address limit counts a client address by (the REST rate limit, the Lightning sign-in code
// limit, the sign-in throttle). One subscriber commonly gets a whole IPv6 /64 and can use any address in it,
// so an IPv6 address is counted as its /64; an IPv4 address, or IPv4 carried in IPv6 (::ffff:1.2.3.4), as
// itself. Only the key is grouped: logs keep the full address.
import ipaddr from "ipaddr.js";

const PREFIX_PARTS = 4; // 4 × 16 bits = /64

/** "203.0.113.7" and "::ffff:203.0.113.7" → "203.0.113.7"; "2001:db8:1:2::9" → "2001:db8:1:2::/64"; anything else as given. */
export function addressBucket(address: string): string {
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipaddr.IPv4.parse(address).toString();
  if (!ipaddr.IPv6.isValid(address)) return address;
  const ipv6 = ipaddr.IPv6.parse(address);
  if (ipv6.isIPv4MappedAddress()) return ipv6.toIPv4Address().toString();
  const prefix = ipv6.parts.map((part, i) => (i < PREFIX_PARTS ? part : 0));
  return `${new ipaddr.IPv6(prefix).toString()}/64`;
}
