// Cancel, expiry, refusals of the REST API, payment failure and unknown outcomes, and races: each checked
// through real HTTP with the balance and ledger after it.
process.env.PAYMENT_TIMEOUT_SECONDS = "1";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { expireDueWithdraws } from "@/lib/withdraws/expire-due-withdraws";
import { paymentsSettled } from "@/lib/payments/engine";
import { claimWithdraw } from "@/lib/withdraws/claim-withdraw";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { WITHDRAW_PAYMENT } from "@/lib/withdraws/withdraw-payment";
import { neverSentAfterSeconds } from "@/lib/payments/timing";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";
import { liveLink } from "../support/live-link";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let wallet: TestWallet;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
});
afterAll(() => server.close());

async function setup(balanceSats: bigint) {
  const merchant = await createTestMerchant(balanceSats);
  const client = api(server.url, merchant.key);
  const create = async (body: Record<string, unknown>) => {
    const res = await client.post("/api/v1/withdraws", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return withdrawObjectSchema.parse(res.body);
  };
  const read = async (id: string) => withdrawObjectSchema.parse((await client.get(`/api/v1/withdraws/${id}`)).body);
  const balance = async () => (await client.get("/api/v1/balance")).body as { available_msat: string; reserved_msat: string };
  return { merchant, client, create, read, balance };
}

const requestOf = async (w: WithdrawObject) => (await wallet.firstStep(liveLink(w))) as WithdrawRequest;

describe("cancel", () => {
  it("cancels an unpaid withdraw, releases its reservation, and refuses the link afterwards", async () => {
    const { client, create, balance } = await setup(10_000n);
    const w = await create({ amount: "1000", currency: "SATS" });
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "8900000", reserved_msat: "1100000" }));
    const res = await client.post(`/api/v1/withdraws/${w.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: w.id, status: "cancelled" });
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "10000000", reserved_msat: "0" }));
    expect(await db().event.findMany({ where: { withdrawId: w.id }, select: { type: true } })).toEqual([{ type: "withdraw.cancelled" }]);

    const again = await client.post(`/api/v1/withdraws/${w.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "withdraw_not_cancellable", message: "This withdraw is already cancelled." });
    expect(await wallet.firstStep(liveLink(w))).toEqual({
      status: "ERROR",
      reason: "This withdraw was cancelled.",
    });
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "10000000" }));
  });

  it("answers 404 for an unknown id", async () => {
    const { client } = await setup(0n);
    const res = await client.post("/api/v1/withdraws/wi_00000000000000000000000000/cancel");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: "invalid_request_error", code: "not_found" });
  });
});

describe("expiry", () => {
  it("reports expiry on every read at once, and the sweep persists it, releases the funds and records the event", async () => {
    const { client, create, read, balance } = await setup(10_000n);
    const w = await create({ amount: "2000", currency: "SATS", ttl: 180 });
    await db().withdraw.update({ where: { id: w.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect((await read(w.id)).status).toBe("expired");
    expect(await wallet.firstStep(liveLink(w))).toEqual({ status: "ERROR", reason: "This withdraw has expired." });
    expect((await db().withdraw.findUniqueOrThrow({ where: { id: w.id } })).status).toBe("unpaid");
    expect(await balance()).toEqual(expect.objectContaining({ reserved_msat: "2100000" }));

    const cancel = await client.post(`/api/v1/withdraws/${w.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error?.message).toMatch(/expired/);

    expect(await expireDueWithdraws()).toBeGreaterThanOrEqual(1);
    const stored = await db().withdraw.findUniqueOrThrow({ where: { id: w.id } });
    expect(stored.status).toBe("expired");
    expect(stored.expiredAt?.getTime()).toBe(stored.expiresAt.getTime());
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "10000000", reserved_msat: "0" }));
    expect(await db().event.count({ where: { withdrawId: w.id, type: "withdraw.expired" } })).toBe(1);
    expect(await expireDueWithdraws()).toBe(0);
    expect(await db().event.count({ where: { withdrawId: w.id } })).toBe(1);
  });
});

describe("the REST API refuses", () => {
  it("withdraws the balance cannot cover, writing nothing", async () => {
    const { client, balance } = await setup(1_000n);
    const before = await db().withdraw.count();
    const entries = await db().ledgerEntry.count();
    const res = await client.post("/api/v1/withdraws", { amount: "950", currency: "SATS" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      type: "invalid_request_error",
      code: "insufficient_balance",
      message: "The available balance of 1000 sats does not cover 1050 sats.",
    });
    expect(await db().withdraw.count()).toBe(before);
    expect(await db().ledgerEntry.count()).toBe(entries);
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "1000000", reserved_msat: "0" }));
  });

  it.each([
    [{ amount: "abc", currency: "SATS" }, "amount"],
    [{ amount: "-5", currency: "SATS" }, "amount"],
    [{ amount: "10.5", currency: "USD", ttl: 10 }, "ttl"],
    [{ amount: "10", currency: "USD", ttl: 400 * 24 * 3600 }, "ttl"],
    [{ amount: "10", currency: "XYZ" }, "currency"],
    [{ amount: "10.123", currency: "EUR" }, "amount"],
    [{ amount: "10", currency: "SATS", surprise: true }, undefined],
    [{ currency: "SATS" }, "amount"],
    [{ amount: "10", currency: "SATS", metadata: "not an object" }, "metadata"],
  ])("invalid input %j with a 400 naming the field", async (body, param) => {
    const { client } = await setup(100_000n);
    const res = await client.post("/api/v1/withdraws", body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: "invalid_request_error", code: "validation_error" });
    expect(res.body.error?.param).toBe(param);
    expect(res.body.error?.message.length).toBeGreaterThan(10);
    expect(await db().withdraw.count({ where: { merchantId: (await db().apiKey.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).merchantId } })).toBe(0);
  });

  it("malformed JSON with a 400", async () => {
    const { client } = await setup(100_000n);
    const res = await client.post("/api/v1/withdraws", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toBe("The request body is not valid JSON.");
  });

  it("callers without a valid key, writes with a read-only key, and other merchants' withdraws", async () => {
    const a = await setup(10_000n);
    const b = await setup(10_000n);
    const w = await a.create({ amount: "100", currency: "SATS" });

    const none = await fetch(`${server.url}/api/v1/balance`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ type: "authentication_error", code: "authentication_required" });
    const wrong = await api(server.url, "sk_not_a_key").get("/api/v1/balance");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: "api_key_invalid" });

    const readOnly = api(server.url, a.merchant.readOnlyKey);
    expect((await readOnly.get(`/api/v1/withdraws/${w.id}`)).status).toBe(200);
    const write = await readOnly.post("/api/v1/withdraws", { amount: "1", currency: "SATS" });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ type: "permission_error", code: "insufficient_scope" });

    expect((await b.client.get(`/api/v1/withdraws/${w.id}`)).status).toBe(404);
    expect((await b.client.post(`/api/v1/withdraws/${w.id}/cancel`)).status).toBe(404);
    expect((await a.read(w.id)).status).toBe("unpaid");

    // HTTP Basic with the key as user name works too.
    const basic = await fetch(`${server.url}/api/v1/balance`, {
      headers: { Authorization: `Basic ${Buffer.from(`${a.merchant.key}:`).toString("base64")}` },
    });
    expect(basic.status).toBe(200);
    expect(await basic.json()).toMatchObject({ object: "balance", available: 9_800, reserved: 100 + 100 });
  });
});

describe("payment failures", () => {
  it("returns the withdraw to unpaid after a definite failure; a retry with a new invoice is paid", async () => {
    const { create, read, balance } = await setup(10_000n);
    const w = await create({ amount: "3000", currency: "SATS" });
    const request = await requestOf(w);
    await setSimulatorMode({ mode: "fail" });
    try {
      expect((await wallet.callback(request, wallet.invoice(3_000_000n))).reply).toEqual({ status: "OK" });
      await paymentsSettled();
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    expect((await read(w.id)).status).toBe("unpaid");
    expect(await db().event.findMany({ where: { withdrawId: w.id }, select: { type: true } })).toEqual([{ type: "withdraw.payment_failed" }]);
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "6900000", reserved_msat: "3100000" }));

    expect((await wallet.callback(request, wallet.invoice(3_000_000n))).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    const paid = await read(w.id);
    expect(paid.status).toBe("paid");
    // 1 sat + 100 ppm of 3000 sats = 1.3 sats of routing fee.
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: String(10_000_000 - 3_000_000 - 1_300), reserved_msat: "0" }));
  });

  it("keeps a payment whose outcome is unknown in processing until the node reports it", async () => {
    const { create, read, balance } = await setup(10_000n);
    const w = await create({ amount: "2000", currency: "SATS" });
    const request = await requestOf(w);
    await setSimulatorMode({ mode: "hang" });
    try {
      expect((await wallet.callback(request, wallet.invoice(2_000_000n))).reply).toEqual({ status: "OK" });
      await paymentsSettled(); // the payer gives up after PAYMENT_TIMEOUT_SECONDS
      expect((await read(w.id)).status).toBe("processing");
      // Nothing is released on a guess: not by the reconciler, not by cancel, not by expiry.
      await db().withdrawPayment.updateMany({ where: { withdrawId: w.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
      expect(await reconcilePayments(WITHDRAW_PAYMENT)).toMatchObject({ paid: 0, failed: 0 });
      await db().withdraw.update({ where: { id: w.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expireDueWithdraws();
      expect((await read(w.id)).status).toBe("processing");
      expect(await balance()).toEqual(expect.objectContaining({ reserved_msat: "2100000" }));
      expect((await wallet.callback(request, wallet.invoice(2_000_000n))).reply).toEqual({
        status: "ERROR",
        reason: "This withdraw is being paid right now.",
      });
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    // The next round (the reconciler re-asks after 5 s) learns that the node completed the payment.
    await db().withdrawPayment.updateMany({ where: { withdrawId: w.id }, data: { checkedAt: null } });
    expect(await reconcilePayments(WITHDRAW_PAYMENT)).toMatchObject({ paid: 1 });
    expect((await read(w.id)).status).toBe("paid");
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: String(10_000_000 - 2_000_000 - 1_200), reserved_msat: "0" }));
  });
});

describe("a claim whose payment never reached the node", () => {
  it("is released back to unpaid only after the never-sent window, then pays on a retry", async () => {
    const { create, read, balance } = await setup(10_000n);
    const w = await create({ amount: "1000", currency: "SATS" });
    const request = await requestOf(w);
    const secret = new URL(request.callback).pathname.split("/").at(-2)!;
    // Claimed, as if the process died between the claim and the call to the node.
    const claim = await claimWithdraw({ secret, k1: request.k1, pr: wallet.invoice(1_000_000n) });
    expect(claim.fresh).toBe(true);
    expect((await read(w.id)).status).toBe("processing");

    await db().withdrawPayment.update({ where: { id: claim.paymentId }, data: { createdAt: new Date(Date.now() - 10_000) } });
    expect(await reconcilePayments(WITHDRAW_PAYMENT)).toMatchObject({ checked: 1, pending: 1 });
    expect((await read(w.id)).status).toBe("processing");

    const longAgo = new Date(Date.now() - (neverSentAfterSeconds() + 1) * 1000);
    await db().withdrawPayment.update({ where: { id: claim.paymentId }, data: { createdAt: longAgo, checkedAt: null } });
    expect(await reconcilePayments(WITHDRAW_PAYMENT)).toMatchObject({ checked: 1, failed: 1 });
    expect((await read(w.id)).status).toBe("unpaid");
    expect(await balance()).toEqual(expect.objectContaining({ reserved_msat: "1100000" }));

    expect((await wallet.callback(request, wallet.invoice(1_000_000n))).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect((await read(w.id)).status).toBe("paid");
  });
});

describe("races", () => {
  it("pays exactly one of 50 concurrent callbacks with distinct valid invoices", async () => {
    const { create, read, balance } = await setup(10_000n);
    const w = await create({ amount: "1000", currency: "SATS" });
    const request = await requestOf(w);
    const replies = await Promise.all(Array.from({ length: 50 }, () => wallet.callback(request, wallet.invoice(1_000_000n))));
    const ok = replies.filter((r) => r.reply.status === "OK");
    expect(ok).toHaveLength(1);
    for (const r of replies.filter((x) => x.reply.status === "ERROR")) {
      // Losers arrive while the winner is being paid, or after it was.
      expect(r.reply).toEqual({ status: "ERROR", reason: expect.stringMatching(/^This withdraw (is being paid right now|has already been paid)\.$/) });
    }
    await paymentsSettled();
    expect((await read(w.id)).status).toBe("paid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: w.id } })).toBe(1);
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: String(10_000_000 - 1_000_000 - 1_100), reserved_msat: "0" }));
  });

  it("lets exactly 10 of 50 concurrent creates through a balance that covers 10, never below zero", async () => {
    const { merchant, balance } = await setup(10n * 1_100n); // each withdraw reserves 1 000 + 100 sats
    const results = await Promise.all(
      Array.from({ length: 50 }, () => api(server.url, merchant.key).post("/api/v1/withdraws", { amount: "1000", currency: "SATS" })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 400 && r.body.error?.code === "insufficient_balance")).toHaveLength(40);
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: "0", reserved_msat: "11000000" }));
    const entries = await db().ledgerEntry.findMany({ where: { merchantId: merchant.merchantId } });
    expect(entries.every((e) => e.availableAfterMsat >= 0n)).toBe(true);
    expect(entries.filter((e) => e.kind === "reserve")).toHaveLength(10);
  });
});
