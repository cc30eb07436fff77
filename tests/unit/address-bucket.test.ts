// The key every per-address limit counts by (lib/rate-limits/address-bucket.ts): an IPv4 address is its own
// bucket; an IPv6 address shares one with its /64, the block a single subscriber gets.
import { describe, expect, it } from "vitest";
import { addressBucket } from "@/lib/rate-limits/address-bucket";

describe("addressBucket", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::ffff:cb00:7107", "203.0.113.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8::/64"],
    ["::1", "::/64"],
    ["fe80::1%eth0", "fe80::/64"],
    ["unknown", "unknown"],
  ])("counts %j in the bucket %j", (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it("puts two addresses of one /64 in one bucket, and two /64s in two", () => {
    expect(addressBucket("2001:db8:1:2::1")).toBe(addressBucket("2001:db8:1:2:ffff:ffff:ffff:fffe"));
    expect(addressBucket("2001:db8:1:2::1")).not.toBe(addressBucket("2001:db8:1:3::1"));
    expect(addressBucket("203.0.113.7")).not.toBe(addressBucket("203.0.113.8"));
  });
});
