// Issue 15, item 9: LNbits keys of two different wallets must not be able to pay a withdraw twice.
// LNbits answers GET /api/v1/payments/{hash} within the wallet of the key given: with the invoice key of
// another wallet, the payment our admin key made is "Payment does not exist." (404). Looked up that way, every
// unknown outcome read as "never sent", the withdraw reopened, and it could be pulled again. Now start-up
// refuses such keys, and payments are looked up with the key that paid them.
process.env.PAYMENT_TIMEOUT_SECONDS = "1";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { useLightningBackend } from "@/lib/lightning/backend";
import { checkLightningNode, NodeCheckError } from "@/lib/lightning/check-node";
import { lnbitsBackend } from "@/lib/lightning/lnbits";
import { paymentsSettled } from "@/lib/payments/engine";
import { PAYOUT_PAYMENT } from "@/lib/payouts/payout-payment";
import { payoutObjectSchema } from "@/lib/payouts/serialize-payout";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { WITHDRAW_PAYMENT } from "@/lib/withdraws/withdraw-payment";
import { neverSentAfterSeconds } from "@/lib/payments/timing";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { FakeNode } from "../support/fake-lightning";
import { startFakeLnbits, type FakeLnbits } from "../support/fake-lnbits";
import { api, createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";
import { liveLink } from "../support/live-link";

let routes: Awaited<ReturnType<typeof serveRoutes>>;
let fake: FakeLnbits;
let customer: TestWallet;

beforeAll(async () => {
  routes = await serveRoutes(ROUTES);
  fake = await startFakeLnbits(new FakeNode("regtest"));
  customer = new TestWallet("regtest", (url) => url.replace(env().publicUrl, routes.url));
});
afterEach(async () => {
  await paymentsSettled();
  await paymentsSettled();
});
afterAll(async () => {
  useLightningBackend(undefined);
  await fake.close();
  await routes.close();
});

const [ours, other] = [0, 1] as const;
function backendWith(adminOf: 0 | 1, invoiceOf: 0 | 1) {
  const [a, i] = [fake.wallets[adminOf], fake.wallets[invoiceOf]];
  return lnbitsBackend({ url: fake.url, adminKey: a.adminKey, invoiceKey: i.invoiceKey, network: "regtest", timeoutMs: 2000 });
}

async function refusal(promise: Promise<unknown>): Promise<NodeCheckError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(NodeCheckError);
  return error as NodeCheckError;
}

describe("start-up with LNbits keys", () => {
  it("refuses an admin key and an invoice key of two different wallets, naming both variables", async () => {
    for (const [adminOf, invoiceOf] of [[ours, other], [other, ours]] as const) {
      const error = await refusal(checkLightningNode(backendWith(adminOf, invoiceOf), "regtest"));
      expect(error.message).toMatch(/LNBITS_ADMIN_KEY and LNBITS_INVOICE_KEY belong to two different LNbits wallets/);
      expect(error.message).toContain(`id ${fake.wallets[adminOf].id.slice(0, 8)}`);
      expect(error.message).toMatch(/Sluice will not start/);
      // The keys themselves are secrets: never in the message.
      for (const w of fake.wallets) for (const key of [w.adminKey, w.invoiceKey]) expect(error.message).not.toContain(key);
    }
  });

  it("refuses an invoice key given as LNBITS_ADMIN_KEY (it cannot pay)", async () => {
    const backend = lnbitsBackend({ url: fake.url, adminKey: fake.invoiceKey, invoiceKey: fake.invoiceKey, network: "regtest", timeoutMs: 2000 });
    const error = await refusal(checkLightningNode(backend, "regtest"));
    expect(error.message).toMatch(/LNBITS_ADMIN_KEY is not the admin key of an LNbits wallet/);
  });

  it("starts with both keys of one wallet, either wallet", async () => {
    await expect(checkLightningNode(backendWith(ours, ours), "regtest")).resolves.toMatchObject({ backend: "lnbits", network: "regtest" });
    await expect(checkLightningNode(backendWith(other, other), "regtest")).resolves.toMatchObject({ alias: "Another wallet" });
  });
});

describe("an unknown outcome with keys of two wallets", () => {
  // A backend made without the start-up check (an instance started before the keys were changed, or one
  // that skipped it): the engine itself must still never take a foreign "does not exist" as "never sent".
  beforeAll(() => useLightningBackend(backendWith(ours, other)));

  async function claimedWithdraw(sats: number, behaviour: "hang" | "drop") {
    const merchant = await createTestMerchant(10_000n);
    const client = api(routes.url, merchant.key);
    const created = await client.post("/api/v1/withdraws", { amount: String(sats), currency: "SATS" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const w = withdrawObjectSchema.parse(created.body);
    const request = (await customer.firstStep(liveLink(w))) as WithdrawRequest;
    const invoice = customer.invoice(BigInt(sats) * 1000n);
    const hash = decodeInvoice(invoice).paymentHash;
    fake.node.script.set(hash, behaviour);
    expect((await customer.callback(request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    const callsBefore = fake.node.payCalls.length - 1;
    const payCallsSince = () => fake.node.payCalls.slice(callsBefore);
    const read = async () => withdrawObjectSchema.parse((await client.get(`/api/v1/withdraws/${w.id}`)).body).status;
    return { w, request, hash, read, payCallsSince };
  }

  // Long after any sender would have given up: the age at which "not found" means "never sent".
  async function reconcileLongAfter(withdrawId: string) {
    const old = new Date(Date.now() - (neverSentAfterSeconds() + 60) * 1000);
    await db().withdrawPayment.updateMany({ where: { withdrawId }, data: { createdAt: old, checkedAt: null } });
    return reconcilePayments(WITHDRAW_PAYMENT);
  }

  it("stays processing through reconciliation (the paying wallet has it), cannot be pulled again, and is paid once", async () => {
    const { w, request, hash, read, payCallsSince } = await claimedWithdraw(2000, "hang");
    expect(await read()).toBe("processing");
    expect(await reconcileLongAfter(w.id)).toMatchObject({ checked: 1, pending: 1, failed: 0 });
    expect(await read()).toBe("processing");

    // The customer tries to pull the same withdraw again with a fresh invoice: refused, nothing paid.
    const second = await customer.callback(request, customer.invoice(2_000_000n));
    expect(second.reply.status).toBe("ERROR");
    expect(payCallsSince()).toEqual([hash]);

    fake.node.settle(hash);
    expect(await reconcileLongAfter(w.id)).toMatchObject({ checked: 1, paid: 1 });
    expect(await read()).toBe("paid");
    expect(payCallsSince()).toEqual([hash]);
  });

  it("a connection cut mid-payment is not taken as never sent either", async () => {
    const { w, hash, read } = await claimedWithdraw(1000, "drop");
    expect(await reconcileLongAfter(w.id)).toMatchObject({ pending: 1, failed: 0 });
    expect(await read()).toBe("processing");
    fake.node.fail(hash);
    expect(await reconcileLongAfter(w.id)).toMatchObject({ failed: 1 });
    expect(await read()).toBe("unpaid");
  });

  it("a payout in flight is not failed either (its reservation stays held until LNbits settles it)", async () => {
    const merchant = await createTestMerchant(10_000n);
    const client = api(routes.url, merchant.key);
    const invoice = customer.invoice(3_000_000n);
    const hash = decodeInvoice(invoice).paymentHash;
    fake.node.script.set(hash, "hang");
    const created = await client.post("/api/v1/payouts", { ln_invoice: invoice, statement_descriptor: "two wallets" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const payout = payoutObjectSchema.parse(created.body);
    await paymentsSettled();
    const long = new Date(Date.now() - (neverSentAfterSeconds() + 60) * 1000);
    const due = () => db().payout.update({ where: { id: payout.id }, data: { sentAt: long, createdAt: long, checkedAt: null } });
    await due();
    expect(await reconcilePayments(PAYOUT_PAYMENT)).toMatchObject({ checked: 1, pending: 1, failed: 0 });
    const read = async () => payoutObjectSchema.parse((await client.get(`/api/v1/payouts/${payout.id}`)).body);
    expect((await read()).status).toBe("processing");
    expect((await client.get("/api/v1/balance")).body).toMatchObject({ reserved_msat: expect.not.stringMatching(/^0$/) });
    fake.node.settle(hash);
    await due();
    expect(await reconcilePayments(PAYOUT_PAYMENT)).toMatchObject({ checked: 1, paid: 1 });
    expect((await read()).status).toBe("paid");
  });

  it("a payment the paying wallet has no record of, after the timeout, is still never sent", async () => {
    const { w, hash, read } = await claimedWithdraw(1000, "hang");
    // LNbits lost it (it never reached the funding source's records): the paying wallet says it does not exist.
    fake.node.payments.delete(hash);
    fake.ownerOf.payments.delete(hash);
    expect(await reconcileLongAfter(w.id)).toMatchObject({ failed: 1 });
    expect(await read()).toBe("unpaid");
  });
});
