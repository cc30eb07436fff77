// Finding: the outbound address check (webhooks, LNURL-pay and scan fetches) let NAT64, IPv4-translated and
// Teredo addresses through. Every address that is not plain public unicast must be refused by both callers,
// and an IPv4-mapped IPv6 address is judged by the IPv4 address inside it.
import { describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/outbound/address-policy";
import { resolveServiceTarget } from "@/lib/lnurl-client/service-policy";
import { resolveWebhookTarget } from "@/lib/webhooks/url-policy";

const REFUSED: [string, string][] = [
  ["0.0.0.0", "0.0.0.0/8 this network"],
  ["0.1.2.3", "0.0.0.0/8 this network"],
  ["10.0.0.1", "RFC 1918"],
  ["172.16.0.1", "RFC 1918"],
  ["172.31.255.255", "RFC 1918"],
  ["192.168.1.1", "RFC 1918"],
  ["100.64.0.1", "CGNAT 100.64/10"],
  ["100.127.255.255", "CGNAT 100.64/10"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "link-local (cloud metadata)"],
  ["192.0.0.8", "IETF protocol assignments"],
  ["192.0.2.10", "documentation TEST-NET-1"],
  ["198.51.100.7", "documentation TEST-NET-2"],
  ["203.0.113.9", "documentation TEST-NET-3"],
  ["198.18.0.1", "benchmarking 198.18/15"],
  ["198.19.255.254", "benchmarking 198.18/15"],
  ["192.88.99.1", "6to4 relay anycast"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved 240/4"],
  ["255.255.255.255", "broadcast"],
  ["::", "IPv6 unspecified"],
  ["::1", "IPv6 loopback"],
  ["fe80::1", "IPv6 link-local"],
  ["fe80::1%eth0", "IPv6 link-local with a zone"],
  ["fc00::1", "unique local"],
  ["fd12:3456:789a::1", "unique local"],
  ["fec0::1", "deprecated site-local"],
  ["ff02::1", "IPv6 multicast"],
  ["100::1", "discard-only"],
  ["2001:db8::1", "IPv6 documentation"],
  ["2001:2::1", "IPv6 benchmarking"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::ffff:169.254.169.254", "IPv4-mapped link-local"],
  ["::ffff:0:0", "IPv4-mapped unspecified"],
  ["::ffff:0:7f00:1", "IPv4-translated (::ffff:0:0:0/96)"],
  ["::ffff:0:808:808", "IPv4-translated (::ffff:0:0:0/96), public inside"],
  ["::127.0.0.1", "IPv4-compatible (deprecated)"],
  ["::8.8.8.8", "IPv4-compatible (deprecated), public inside"],
  ["64:ff9b::a9fe:a9fe", "NAT64 well-known prefix"],
  ["64:ff9b::808:808", "NAT64 well-known prefix, public inside"],
  ["64:ff9b:1::a9fe:a9fe", "NAT64 local-use prefix 64:ff9b:1::/48"],
  ["64:ff9b:1:ffff::1", "NAT64 local-use prefix 64:ff9b:1::/48"],
  ["2001::a9fe:a9fe", "Teredo 2001::/32"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo 2001::/32"],
  ["2002:c0a8:0101::1", "6to4 of a private address"],
  ["2002:0808:0808::1", "6to4 of a public address"],
  ["5f00::1", "segment routing"],
  ["4000::1", "outside the global unicast 2000::/3"],
];

const ALLOWED: [string, string][] = [
  ["8.8.8.8", "public IPv4"],
  ["93.184.215.14", "public IPv4"],
  ["172.32.0.1", "just past 172.16/12"],
  ["100.128.0.1", "just past 100.64/10"],
  ["1.1.1.1", "public IPv4"],
  ["2606:4700:4700::1111", "public IPv6"],
  ["2a00:1450:4001:82b::200e", "public IPv6"],
  ["2001:4860:4860::8888", "public IPv6 in 2001::/16 but outside 2001::/23"],
  ["::ffff:8.8.8.8", "IPv4-mapped public: the connection is plain IPv4 to 8.8.8.8"],
];

describe("outbound address policy", () => {
  it.each(REFUSED)("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(ALLOWED)("allows %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("refuses text that is not an IP address rather than guessing", () => {
    expect(() => isPublicAddress("example.com")).toThrow();
  });

  // The two callers that reach out: a host that resolves to one of these is refused before any connection.
  const resolvesTo = (address: string) => async () => [{ address, family: address.includes(":") ? 6 : 4 }];

  it.each(["64:ff9b:1::a9fe:a9fe", "::ffff:0:7f00:1", "2001::a9fe:a9fe", "64:ff9b::a9fe:a9fe", "2002:0808:0808::1"])(
    "a webhook host resolving to %s is refused",
    async (address) => {
      await expect(resolveWebhookTarget("https://hooks.example.com/x", { allowPrivate: false, allowHttp: false }, resolvesTo(address))).rejects.toMatchObject({
        code: "webhook_url_not_allowed",
      });
    },
  );

  it.each(["64:ff9b:1::a9fe:a9fe", "::ffff:0:7f00:1", "2001::a9fe:a9fe", "64:ff9b::a9fe:a9fe", "2002:0808:0808::1"])(
    "an LNURL service resolving to %s is refused",
    async (address) => {
      await expect(resolveServiceTarget("https://pay.example.com/.well-known/lnurlp/alice", { allowPrivate: false, resolve: resolvesTo(address) })).rejects.toMatchObject({
        code: "lnurl_url_not_allowed",
      });
    },
  );

  it("an LNURL service literal in NAT64 form is refused", async () => {
    await expect(resolveServiceTarget("https://[64:ff9b:1::a9fe:a9fe]/lnurlp", { allowPrivate: false })).rejects.toMatchObject({ code: "lnurl_url_not_allowed" });
  });

  it("a public host still resolves to the address that will be connected to", async () => {
    await expect(resolveWebhookTarget("https://hooks.example.com/x", { allowPrivate: false, allowHttp: false }, resolvesTo("2606:4700:4700::1111"))).resolves.toMatchObject({
      address: "2606:4700:4700::1111",
      family: 6,
    });
  });
});
