// Which IP addresses a webhook may be sent to. Private, loopback, link-local, unique-local, CGNAT,
// unspecified, multicast and reserved ranges are refused (unless configuration allows private URLs), so a
// merchant cannot make Sluice call into its own network. IPv6 forms that carry an IPv4 address
// (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by that IPv4 address.
import { BlockList, isIPv4, isIPv6 } from "node:net";

export type AddressClass =
  | "public"
  | "private"
  | "loopback"
  | "link-local"
  | "unique-local"
  | "cgnat"
  | "unspecified"
  | "multicast"
  | "reserved";

type Range = [AddressClass, string, number];

const V4: Range[] = [
  ["unspecified", "0.0.0.0", 8],
  ["private", "10.0.0.0", 8],
  ["cgnat", "100.64.0.0", 10],
  ["loopback", "127.0.0.0", 8],
  ["link-local", "169.254.0.0", 16],
  ["private", "172.16.0.0", 12],
  ["reserved", "192.0.0.0", 24],
  ["reserved", "192.0.2.0", 24],
  ["private", "192.168.0.0", 16],
  ["reserved", "198.18.0.0", 15],
  ["reserved", "198.51.100.0", 24],
  ["reserved", "203.0.113.0", 24],
  ["multicast", "224.0.0.0", 4],
  ["reserved", "240.0.0.0", 4],
];

const V6: Range[] = [
  ["unspecified", "::", 128],
  ["loopback", "::1", 128],
  ["reserved", "100::", 64],
  ["reserved", "2001:db8::", 32],
  ["unique-local", "fc00::", 7],
  ["link-local", "fe80::", 10],
  ["reserved", "fec0::", 10],
  ["multicast", "ff00::", 8],
];

function lists(ranges: Range[], family: "ipv4" | "ipv6"): [AddressClass, BlockList][] {
  const byClass = new Map<AddressClass, BlockList>();
  for (const [cls, net, prefix] of ranges) {
    const list = byClass.get(cls) ?? new BlockList();
    list.addSubnet(net, prefix, family);
    byClass.set(cls, list);
  }
  return [...byClass];
}

const V4_LISTS = lists(V4, "ipv4");
const V6_LISTS = lists(V6, "ipv6");

/** The 16 bytes of an IPv6 address (which may end in a dotted IPv4 address). */
function ipv6Bytes(address: string): number[] {
  let text = address.split("%")[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = text.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const words = (s: string | undefined) => (s ? s.split(":").map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = words(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The IPv4 address an IPv6 address stands for, if it is of a form that carries one. */
function embeddedIpv4(bytes: number[]): string | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const v4 = (at: number) => bytes.slice(at, at + 4).join(".");
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12); // ::ffff:a.b.c.d
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && bytes[15] === 1)) return v4(12); // ::a.b.c.d
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return v4(12); // 64:ff9b::/96
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2); // 2002::/16 (6to4)
  return null;
}

export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) return V4_LISTS.find(([, list]) => list.check(address, "ipv4"))?.[0] ?? "public";
  if (!isIPv6(address)) throw new Error(`Not an IP address: ${address}`);
  const inner = embeddedIpv4(ipv6Bytes(address));
  if (inner) return classifyAddress(inner);
  const plain = address.split("%")[0];
  return V6_LISTS.find(([, list]) => list.check(plain, "ipv6"))?.[0] ?? "public";
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}
