// The number of Lightning sign-in codes one client address may ask for (issue 19): one limit for all
// instances, 30 at once and then one every two seconds. The clock is passed in, so the figures are exact.
import { describe, expect, it, vi } from "vitest";
import { allowChallengeFrom, CHALLENGES_PER_ADDRESS_PER_MINUTE } from "@/lib/lnurl-auth/address-limit";

type AddressLimit = typeof import("@/lib/lnurl-auth/address-limit");

/** A fresh copy of the module, with nothing shared with another copy but what lives outside the process. */
async function instance(): Promise<AddressLimit> {
  vi.resetModules();
  return import("@/lib/lnurl-auth/address-limit");
}

const T0 = new Date("2026-12-01T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("the Lightning sign-in code limit per address", () => {
  it("is shared by two instances: together they allow one address its quota, not twice it", async () => {
    const [a, b] = [await instance(), await instance()];
    const allowed: boolean[] = [];
    for (let i = 0; i < a.CHALLENGES_PER_ADDRESS_PER_MINUTE; i++) {
      allowed.push((await (i % 2 === 0 ? a : b).allowChallengeFrom("203.0.113.9", T0)).ok);
      allowed.push((await (i % 2 === 0 ? b : a).allowChallengeFrom("203.0.113.9", T0)).ok);
    }
    expect(allowed.filter(Boolean)).toHaveLength(a.CHALLENGES_PER_ADDRESS_PER_MINUTE);
  });

  it("gives an address 30 at once, then one every two seconds, and says how long to wait", async () => {
    const address = "198.51.100.20";
    for (let i = 0; i < CHALLENGES_PER_ADDRESS_PER_MINUTE; i++) expect(await allowChallengeFrom(address, T0)).toEqual({ ok: true });
    expect(await allowChallengeFrom(address, T0)).toEqual({ ok: false, retryAfterSeconds: 2 });
    // Another address has its own bucket.
    expect(await allowChallengeFrom("198.51.100.21", T0)).toEqual({ ok: true });
    expect(await allowChallengeFrom(address, at(1.5))).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(await allowChallengeFrom(address, at(2))).toEqual({ ok: true });
    expect(await allowChallengeFrom(address, at(2))).toEqual({ ok: false, retryAfterSeconds: 2 });
    // A minute idle gives the full 30 again.
    const later = at(62);
    const answers = [];
    for (let i = 0; i <= CHALLENGES_PER_ADDRESS_PER_MINUTE; i++) answers.push((await allowChallengeFrom(address, later)).ok);
    expect(answers.filter(Boolean)).toHaveLength(CHALLENGES_PER_ADDRESS_PER_MINUTE);
  });

  it("counts an IPv6 /64 as one address: its addresses share the quota, another /64 has its own", async () => {
    const answers: boolean[] = [];
    for (let i = 1; i <= CHALLENGES_PER_ADDRESS_PER_MINUTE + 5; i++) answers.push((await allowChallengeFrom(`2001:db8:aa:1::${i.toString(16)}`, T0)).ok);
    expect(answers.filter(Boolean)).toHaveLength(CHALLENGES_PER_ADDRESS_PER_MINUTE);
    expect(await allowChallengeFrom("2001:db8:aa:2::1", T0)).toEqual({ ok: true });
  });
});
