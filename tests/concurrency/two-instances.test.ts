// Several Sluice processes sharing one real PostgreSQL database, as in production: races across processes,
// and a process killed with -9 while a payment is in flight.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant } from "../support/merchants";
import { kill, startServerProcess, type ServerProcess } from "../support/server-process";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";
import { liveLink } from "../support/live-link";
import { waitUntil } from "../support/wait-until";

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

    const paid = await waitUntil(
      "the withdraw to be paid",
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

    const invoice = wallet.invoice(5_000_000n);
    // Every read below is of this test's own rows: its merchant, its withdraw, its payment hash.
    const read = async () => (await db().withdraw.findUniqueOrThrow({ where: { id: w.id, merchantId: merchant.merchantId } })).status;
    const atNode = async () => db().simPayment.findMany({ where: { walletId: "node", paymentHash: decodeInvoice(invoice).paymentHash } });

    await setSimulatorMode({ mode: "hang" });
    try {
      expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
      await waitUntil("the withdraw to be processing", read, (s) => s === "processing", 5);
      // Kill it once the node has the payment in flight.
      await waitUntil("the node to hold this payment in flight", atNode, (rows) => rows.length === 1 && rows[0].status === "in_flight", 5);
      await kill(victim, "SIGKILL");
      const killedAt = new Date();
      // Still hanging: the other processes' reconcilers ask the node, which says "in flight": nothing moves.
      // Waited for: a surviving process has taken this payment for a check since the kill, and afterwards a
      // surviving process has finished a reconciliation round (it logs each round that checked anything).
      const payment = await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: w.id, merchantId: merchant.merchantId } });
      const checkedAt = async () => (await db().withdrawPayment.findUniqueOrThrow({ where: { id: payment.id }, select: { checkedAt: true } })).checkedAt;
      await waitUntil("a surviving process to check the payment after the kill", checkedAt, (at) => at !== null && at > killedAt, 20);
      const seen = [a, b].map((s) => s.output().length);
      const since = async () => [a, b].map((s, i) => s.output().slice(seen[i])).join("");
      await waitUntil("a surviving process to finish a reconciliation round", since, (out) => /\[jobs\] reconciled \d+ payment\(s\)/.test(out), 20);
      expect(await read()).toBe("processing");
      expect(await db().balance.findUniqueOrThrow({ where: { merchantId: merchant.merchantId } })).toMatchObject({ reservedMsat: 5_100_000n });
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    await start(); // the restarted instance
    expect(await waitUntil("the withdraw to be paid after the restart", read, (s) => s === "paid", 30)).toBe("paid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: w.id } })).toBe(1);
    // The node paid this invoice once, for its amount.
    expect(await atNode()).toEqual([expect.objectContaining({ invoice, status: "succeeded", amountMsat: 5_000_000n })]);
    const balance = await ledgerMatchesBalance(merchant.merchantId);
    expect(balance).toMatchObject({ availableMsat: 20_000_000n - 5_000_000n - 1_500n, reservedMsat: 0n });
    expect(await db().event.count({ where: { withdrawId: w.id, type: "withdraw.paid" } })).toBe(1);
  });
});
