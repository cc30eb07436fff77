// Several Sluice processes sharing one real PostgreSQL database, as in production: races across processes,
// and a process killed with -9 while a payment is in flight.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant } from "../support/merchants";
import { kill, startServerProcess, type ServerProcess } from "../support/server-process";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";
import { liveLink } from "../support/live-link";

const LNURL_SECRET_KEY = randomBytes(32).toString("base64url");
process.env.LNURL_SECRET_KEY = LNURL_SECRET_KEY;

let a: ServerProcess;
let b: ServerProcess;
const started: ServerProcess[] = [];

async function start(extra: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({ DATABASE_URL: process.env.DATABASE_URL!, LNURL_SECRET_KEY, ...extra });
  started.push(server);
  return server;
}

beforeAll(async () => {
  [a, b] = await Promise.all([start(), start()]);
});
afterAll(async () => {
  await Promise.all(started.map((s) => kill(s)));
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function ledgerMatchesBalance(merchantId: string) {
  const entries = await db().ledgerEntry.findMany({ where: { merchantId } });
  const balance = await db().balance.findUniqueOrThrow({ where: { merchantId } });
  expect(entries.reduce((s, e) => s + e.availableDeltaMsat, 0n)).toBe(balance.availableMsat);
  expect(entries.reduce((s, e) => s + e.reservedDeltaMsat, 0n)).toBe(balance.reservedMsat);
  expect(entries.every((e) => e.availableAfterMsat >= 0n && e.reservedAfterMsat >= 0n)).toBe(true);
  return balance;
}

describe("two Sluice processes on one PostgreSQL", () => {
  it("pays exactly one of 50 concurrent callbacks spread over both processes", async () => {
    const merchant = await createTestMerchant(50_000n);
    const create = await api(a.url, merchant.key).post("/api/v1/withdraws", { amount: "10000", currency: "SATS" });
    const w = withdrawObjectSchema.parse(create.body);
    let turn = 0;
    // A load balancer alternating between the two processes.
    const wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, [a, b][turn++ % 2].url));
    const request = (await wallet.firstStep(liveLink(w))) as WithdrawRequest;

    const replies = await Promise.all(Array.from({ length: 50 }, () => wallet.callback(request, wallet.invoice(10_000_000n))));
    expect(replies.filter((r) => r.reply.status === "OK")).toHaveLength(1);

    const paid = await waitFor(
      async () => withdrawObjectSchema.parse((await api(b.url, merchant.key).get(`/api/v1/withdraws/${w.id}`)).body),
      (x: WithdrawObject) => x.status === "paid",
      20,
    );
    expect(paid.status).toBe("paid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: w.id } })).toBe(1);
    expect(await db().simPayment.count({ where: { paymentHash: paid.withdraw_methods_options.lnurl.payment_hash! } })).toBe(1);
    const balance = await ledgerMatchesBalance(merchant.merchantId);
    // 10 000 sats paid, 1 sat + 100 ppm (1 sat) of routing fee.
    expect(balance).toMatchObject({ availableMsat: 50_000_000n - 10_000_000n - 2_000n, reservedMsat: 0n });
  });

  it("lets exactly 10 of 50 concurrent creates through a balance that covers 10, across both processes", async () => {
    const merchant = await createTestMerchant(10n * 1_100n);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api([a, b][i % 2].url, merchant.key).post("/api/v1/withdraws", { amount: "1000", currency: "SATS" })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.body.error?.code === "insufficient_balance")).toHaveLength(40);
    expect(await ledgerMatchesBalance(merchant.merchantId)).toMatchObject({ availableMsat: 0n, reservedMsat: 11_000_000n });
  });
});

describe("a process killed with -9 while its payment hangs", () => {
  it("leaves the withdraw processing; after a restart the payment resolves once and the ledger balances", async () => {
    const merchant = await createTestMerchant(20_000n);
    const victim = await start({ PAYMENT_TIMEOUT_SECONDS: "120" });
    const create = await api(victim.url, merchant.key).post("/api/v1/withdraws", { amount: "5000", currency: "SATS" });
    const w = withdrawObjectSchema.parse(create.body);
    const wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, victim.url));
    const request = (await wallet.firstStep(liveLink(w))) as WithdrawRequest;

    await setSimulatorMode({ mode: "hang" });
    try {
      expect((await wallet.callback(request, wallet.invoice(5_000_000n))).reply).toEqual({ status: "OK" });
      const read = async () => (await db().withdraw.findUniqueOrThrow({ where: { id: w.id } })).status;
      expect(await waitFor(read, (s) => s === "processing", 5)).toBe("processing");
      // Kill it once the node has the payment in flight.
      const atNode = await waitFor(() => db().simPayment.count({ where: { status: "in_flight" } }), (n) => n === 1, 5);
      expect(atNode).toBe(1);
      await kill(victim, "SIGKILL");
      // Still hanging: the other processes' reconcilers ask the node, which says "in flight": nothing moves.
      await new Promise((r) => setTimeout(r, 8_000));
      expect(await read()).toBe("processing");
      expect(await db().balance.findUniqueOrThrow({ where: { merchantId: merchant.merchantId } })).toMatchObject({ reservedMsat: 5_100_000n });
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    await start(); // the restarted instance
    const status = await waitFor(
      async () => (await db().withdraw.findUniqueOrThrow({ where: { id: w.id } })).status,
      (s) => s === "paid",
      30,
    );
    expect(status).toBe("paid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: w.id } })).toBe(1);
    expect(await db().simPayment.count({ where: { walletId: "node", invoice: { contains: "" }, status: "succeeded", amountMsat: 5_000_000n } })).toBe(1);
    const balance = await ledgerMatchesBalance(merchant.merchantId);
    expect(balance).toMatchObject({ availableMsat: 20_000_000n - 5_000_000n - 1_500n, reservedMsat: 0n });
    expect(await db().event.count({ where: { withdrawId: w.id, type: "withdraw.paid" } })).toBe(1);
  });
});
