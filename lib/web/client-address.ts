// The client's address, the one that every per-address limit counts by (REST rate limit, Lightning sign-in
// codes, sign-in throttles; each groups it with lib/rate-limits/address-bucket.ts, an IPv6 address by its
// /64). It is returned whole: the security log records it as it is. X-Forwarded-For is believed only from proxies the operator names in
// TRUSTED_PROXIES: a client talking to Sluice directly can write anything into that header.
//
// The connection's own address reaches us as PEER_HEADER, written by scripts/launcher/peer-address.mjs into
// every request of the `next start` process (a client cannot set it: the hook replaces it). The address is then
// the peer, unless the peer is a trusted proxy: then X-Forwarded-For is walked from the right, skipping
// trusted proxies, and the first address that is not one is the client.
import { BlockList, isIP } from "node:net";
import { env } from "../env";

/** Must match PEER_HEADER in scripts/launcher/peer-address.mjs. */
export const PEER_HEADER = "x-sluice-peer";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

const holder = globalThis as unknown as { sluicePeerStamp?: boolean; sluiceTrustedProxies?: BlockList; sluicePeerWarned?: boolean };

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function trusted(): BlockList {
  holder.sluiceTrustedProxies ??= blockList(env().trustedProxies);
  return holder.sluiceTrustedProxies;
}

/** Replaces the trusted proxies (tests); the entries are checked as TRUSTED_PROXIES is. */
export function setTrustedProxies(entries: readonly string[]): void {
  holder.sluiceTrustedProxies = blockList(entries);
}

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** An address as written in a header: "::ffff:1.2.3.4" is 1.2.3.4; a port or brackets are dropped. */
function normalize(raw: string): string {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1];
  return value.toLowerCase().slice(0, 64);
}

function isTrusted(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted().check(address, family === 6 ? "ipv6" : "ipv4");
}

/** The client's address for a request's headers (a route handler's request.headers, next/headers, next-auth's req.headers). */
export function clientAddress(source: HeaderSource): string {
  const forwarded = (header(source, "x-forwarded-for") ?? "").split(",").map(normalize).filter(Boolean);
  const stamped = holder.sluicePeerStamp ? header(source, PEER_HEADER) : undefined;
  if (!holder.sluicePeerStamp && !holder.sluicePeerWarned) {
    holder.sluicePeerWarned = true;
    console.warn("[client-address] started without scripts/launcher/peer-address.mjs: X-Forwarded-For cannot be checked. Start Sluice with npm start.");
  }
  // Without the hook (next dev, or a server started by hand) the best left is what Next.js sets from the socket
  // when the client sent no X-Forwarded-For: its last entry.
  const hops = stamped ? [...forwarded, normalize(stamped)] : forwarded;
  let index = hops.length - 1;
  while (index > 0 && isTrusted(hops[index])) index -= 1;
  return hops[index] ?? "unknown";
}
