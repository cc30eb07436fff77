// TRUSTED_PROXIES parsing and the client-address rule (lib/web/client-address.ts): the connection's own
// address, unless it is a trusted proxy; then X-Forwarded-For from the right, skipping trusted proxies.
import { afterEach, describe, expect, it } from "vitest";
import "../../scripts/launcher/peer-address.mjs";
import { ConfigError, parseEnv } from "@/lib/env";
import { lockSeconds } from "@/lib/auth/sign-in-throttle";
import { clientAddress, PEER_HEADER, setTrustedProxies } from "@/lib/web/client-address";

afterEach(() => setTrustedProxies([]));

describe("TRUSTED_PROXIES", () => {
  it("is a comma-separated list of addresses and CIDR blocks, empty by default", () => {
    expect(parseEnv({}).trustedProxies).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: " 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8" }).trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]);
  });

  it.each(["localhost", "10.0.0.0/33", "10.0.0.1/8/1", "::1/129", "1.2.3", "10.0.0.0/x"])("refuses %j, naming the variable", (value) => {
    expect(() => parseEnv({ TRUSTED_PROXIES: value })).toThrow(ConfigError);
    expect(() => parseEnv({ TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR blocks/);
  });
});

const from = (peer: string, forwardedFor?: string) => clientAddress(new Headers({ [PEER_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) }));

describe("clientAddress", () => {
  it("is the connection's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(from("203.0.113.1", "1.1.1.1")).toBe("203.0.113.1");
    expect(from("::ffff:203.0.113.1")).toBe("203.0.113.1");
    expect(from("2001:DB8::1", "1.1.1.1, 2.2.2.2")).toBe("2001:db8::1");
  });

  it("walks X-Forwarded-For from the right past trusted proxies only", () => {
    setTrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]);
    expect(from("127.0.0.1", "203.0.113.9")).toBe("203.0.113.9");
    expect(from("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.2.3.4")).toBe("203.0.113.9");
    expect(from("fd00::5", "[2001:db8::7]:4431")).toBe("2001:db8::7");
    expect(from("127.0.0.1", "203.0.113.9:5555")).toBe("203.0.113.9");
    // A proxy that forwards nothing: it is the client as far as we can tell.
    expect(from("10.0.0.1")).toBe("10.0.0.1");
    expect(from("127.0.0.1", "10.0.0.2, 10.0.0.3")).toBe("10.0.0.2");
    // A peer outside the list is believed over any header.
    expect(from("198.51.100.3", "203.0.113.9")).toBe("198.51.100.3");
  });

  it("reads the plain header objects next-auth hands to authorize()", () => {
    expect(clientAddress({ [PEER_HEADER]: "198.51.100.4", "x-forwarded-for": "1.2.3.4" })).toBe("198.51.100.4");
  });
});

describe("sign-in lock lengths", () => {
  it.each([
    [4, 5, 0],
    [5, 5, 30],
    [6, 5, 60],
    [9, 5, 480],
    [10, 5, 900],
    [500, 5, 900],
    [20, 20, 30],
  ])("after %i failures with %i free: %i seconds", (failures, free, seconds) => {
    expect(lockSeconds(failures, free)).toBe(seconds);
  });
});
