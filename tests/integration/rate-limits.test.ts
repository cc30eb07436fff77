// Token buckets in PostgreSQL (issue 19): one statement takes a token; two instances (two connection pools on
// one database) draw from the same bucket; a bucket refills at its rate up to its capacity; a refused take
// costs nothing and says exactly how long until the next token. The clock is passed in, so every figure is exact.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { purgeFullRateLimits } from "@/lib/rate-limits/purge-rate-limits";
import { takeTokens, type Bucket } from "@/lib/rate-limits/take-tokens";

let instanceA: pg.Pool;
let instanceB: pg.Pool;
beforeAll(() => {
  instanceA = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  instanceB = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
});
afterAll(async () => {
  await Promise.all([instanceA.end(), instanceB.end()]);
});

const T0 = new Date("2026-12-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let serial = 0;
const bucket = (capacity: number, perSecond: number): Bucket => ({ key: `test:${++serial}`, capacity, perSecond });

async function take(b: Bucket, now: Date, client: pg.Pool = instanceA) {
  const [result] = await takeTokens([b], { now, client });
  return result.ok ? "ok" : result.retryAfterSeconds;
}

describe("one bucket", () => {
  it("gives its capacity at once, then refuses with the whole seconds until the next token", async () => {
    const b = bucket(3, 0.25); // one token every 4 seconds
    expect([await take(b, T0), await take(b, T0), await take(b, T0)]).toEqual(["ok", "ok", "ok"]);
    expect(await take(b, T0)).toBe(4);
    // 1.8 s later 0.45 of a token is back: 2.2 s to go, answered as 3 (the client must not come back early).
    expect(await take(b, at(1.8))).toBe(3);
    expect(await take(b, at(3.999))).toBe(1);
    // The refused takes above cost nothing: at 4 s the token is there, exactly.
    expect(await take(b, at(4))).toBe("ok");
    expect(await take(b, at(4))).toBe(4);
  });

  it("refills up to its capacity and no further", async () => {
    const b = bucket(2, 5);
    expect([await take(b, T0), await take(b, T0), await take(b, T0)]).toEqual(["ok", "ok", 1]);
    // An hour idle fills it to 2, not to 18 000.
    const later = at(3600);
    expect([await take(b, later), await take(b, later), await take(b, later)]).toEqual(["ok", "ok", 1]);
    // 0.2 s at 5 a second is one token.
    expect([await take(b, at(3600.2)), await take(b, at(3600.2))]).toEqual(["ok", 1]);
  });

  it("is neither refilled nor wound back by an instance whose clock is behind", async () => {
    const b = bucket(1, 1);
    expect(await take(b, at(10))).toBe("ok");
    // Another instance, 5 s behind, sees an empty bucket, and its time does not become the bucket's.
    expect(await take(b, at(5), instanceB)).toBe(1);
    expect(await take(b, at(10.5))).toBe(1);
    expect(await take(b, at(11))).toBe("ok");
  });
});

describe("two instances", () => {
  it("share one bucket: taking in turns, together they get its capacity", async () => {
    const b = bucket(4, 0.001);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await take(b, T0, i % 2 === 0 ? instanceA : instanceB));
    expect(answers).toEqual(["ok", "ok", "ok", "ok", 1000, 1000]);
  });

  it("let exactly 10 of 50 concurrent takes through a bucket of 10", async () => {
    const b = bucket(10, 0.01);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => take(b, T0, i % 2 === 0 ? instanceA : instanceB)));
    expect(answers.filter((a) => a === "ok")).toHaveLength(10);
    expect(answers.filter((a) => a === 100)).toHaveLength(40);
    const [row] = await db().rateLimit.findMany({ where: { key: b.key } });
    expect(row.tokens.toNumber()).toBe(0);
  });
});

describe("two buckets in one statement", () => {
  it("answers for each bucket, and charges a bucket that has a token even when the other has none", async () => {
    const address = bucket(1, 1);
    const key = bucket(5, 1);
    expect(await takeTokens([address, key], { now: T0, client: instanceA })).toEqual([
      { key: address.key, ok: true },
      { key: key.key, ok: true },
    ]);
    expect(await takeTokens([key, address], { now: T0, client: instanceB })).toEqual([
      { key: key.key, ok: true },
      { key: address.key, ok: false, retryAfterSeconds: 1 },
    ]);
    const rows = await db().rateLimit.findMany({ where: { key: { in: [address.key, key.key] } }, orderBy: { key: "asc" } });
    expect(rows.map((r) => [r.key, r.tokens.toNumber()])).toEqual([
      [address.key, 0],
      [key.key, 3],
    ]);
  });

  it("refuses buckets it cannot take from in one statement: the same key twice, a capacity under 1", async () => {
    const b = bucket(1, 1);
    await expect(takeTokens([b, b], { now: T0 })).rejects.toThrow(/twice/);
    await expect(takeTokens([{ ...b, capacity: 0 }], { now: T0 })).rejects.toThrow();
    expect(await db().rateLimit.count({ where: { key: b.key } })).toBe(0);
  });
});

describe("purging", () => {
  it("deletes the buckets that have refilled completely, and only those", async () => {
    const refilled = bucket(2, 1);
    const refilling = bucket(2, 0.1);
    await take(refilled, T0);
    await take(refilling, T0);
    // At 1 s the first is full again (1 + 1 × 1 = 2); the second holds 1.1 of 2.
    await purgeFullRateLimits(at(1));
    const keys = (await db().rateLimit.findMany({ where: { key: { in: [refilled.key, refilling.key] } }, select: { key: true } })).map((r) => r.key);
    expect(keys).toEqual([refilling.key]);
    // A purged bucket starts full again.
    expect([await take(refilled, at(1)), await take(refilled, at(1)), await take(refilled, at(1))]).toEqual(["ok", "ok", 1]);
  });
});
