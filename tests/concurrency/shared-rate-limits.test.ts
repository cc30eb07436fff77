// Issue 19: the REST API's rate limits are one limit for all instances, not one per instance. Two Sluice
// processes on one PostgreSQL database, with a client alternating between them as behind a load balancer.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createTestMerchant } from "../support/merchants";
import { kill, startServerProcess, type ServerProcess } from "../support/server-process";

let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  // 1 request a second per key (a bucket of 2), 100 per address: the key's limit is the one reached.
  const env = {
    DATABASE_URL: process.env.DATABASE_URL!,
    LNURL_SECRET_KEY: randomBytes(32).toString("base64url"),
    API_RATE_LIMIT_PER_KEY: "1",
    API_RATE_LIMIT_PER_IP: "100",
  };
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((s) => kill(s)));
});

describe("the REST API's rate limit across two processes", () => {
  it("lets one key's bucket of 2 through once, whichever process serves each request", async () => {
    const warmUp = await createTestMerchant();
    const merchant = await createTestMerchant();
    // Each process loads its routes and opens its connections on its first requests (another key's).
    for (const server of [a, b]) expect((await api(server.url, warmUp.key).get("/api/v1/balance")).status).toBe(200);
    const started = performance.now();
    const statuses = await Promise.all([a, b, a, b, a, b].map(async (server) => (await api(server.url, merchant.key).get("/api/v1/balance")).status));
    const seconds = (performance.now() - started) / 1000;
    // The bucket gets a token back every second: however slow the machine, no more than 2 plus the tokens
    // that came back while the requests ran. Counted per process, the two would let 4 through.
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok, `${ok} of 6 in ${seconds.toFixed(2)} s`).toBeGreaterThanOrEqual(2);
    expect(ok, `${ok} of 6 in ${seconds.toFixed(2)} s`).toBeLessThanOrEqual(2 + Math.floor(seconds));
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
  });
});
