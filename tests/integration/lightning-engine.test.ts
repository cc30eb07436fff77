// The withdraw engine (claim over LNURL, pay, reconcile) run over each real adapter against its fake node:
// a payment is made once, a definite failure returns the withdraw to unpaid, and an unknown outcome stays
// processing until the node itself reports how the payment ended.
process.env.PAYMENT_TIMEOUT_SECONDS = "1";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { useLightningBackend } from "@/lib/lightning/backend";
import { clnBackend } from "@/lib/lightning/cln";
import { lnbitsBackend } from "@/lib/lightning/lnbits";
import { lndBackend } from "@/lib/lightning/lnd";
import { nwcBackend } from "@/lib/lightning/nwc";
import { phoenixdBackend } from "@/lib/lightning/phoenixd";
import type { LightningBackend } from "@/lib/lightning/types";
import { paymentsSettled } from "@/lib/payments/engine";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { WITHDRAW_PAYMENT } from "@/lib/withdraws/withdraw-payment";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { startFakeCln } from "../support/fake-cln";
import { FakeNode, type FakeServer } from "../support/fake-lightning";
import { startFakeLnbits } from "../support/fake-lnbits";
import { startFakeLnd } from "../support/fake-lnd";
import { nwcConnectionOf, startFakeWallet } from "../support/fake-nwc";
import { startFakePhoenixd } from "../support/fake-phoenixd";
import { api, createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";
import { liveLink } from "../support/live-link";

type Rig = { node: FakeNode; server: FakeServer; backend: LightningBackend };

const RIGS: Record<string, () => Promise<Rig>> = {
  lnbits: async () => {
    const fake = await startFakeLnbits(new FakeNode("regtest"));
    const backend = lnbitsBackend({ url: fake.url, adminKey: fake.adminKey, invoiceKey: fake.invoiceKey, network: "regtest", timeoutMs: 2000 });
    return { node: fake.node, server: fake, backend };
  },
  cln: async () => {
    const fake = await startFakeCln(new FakeNode("regtest"));
    return { node: fake.node, server: fake, backend: clnBackend({ url: fake.url, rune: fake.rune, network: "regtest", timeoutMs: 2000, payGraceMs: 300 }) };
  },
  lnd: async () => {
    const fake = await startFakeLnd(new FakeNode("regtest"));
    const backend = lndBackend({ url: fake.url, macaroonHex: fake.macaroonHex, tlsCertPem: fake.tls.cert, network: "regtest", timeoutMs: 2000, payGraceMs: 300 });
    return { node: fake.node, server: fake, backend };
  },
  phoenixd: async () => {
    const fake = await startFakePhoenixd(new FakeNode("regtest"));
    return { node: fake.node, server: fake, backend: phoenixdBackend({ url: fake.url, password: fake.password, network: "regtest", timeoutMs: 2000, payGraceMs: 300 }) };
  },
  nwc: async () => {
    const fake = await startFakeWallet(new FakeNode("regtest"));
    return { node: fake.node, server: fake, backend: nwcBackend({ connection: nwcConnectionOf(fake.nwcUrl), network: "regtest", timeoutMs: 2000, payGraceMs: 300 }) };
  },
};

let routes: Awaited<ReturnType<typeof serveRoutes>>;
let wallet: TestWallet;

beforeAll(async () => {
  routes = await serveRoutes(ROUTES);
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, routes.url));
});
afterAll(async () => {
  useLightningBackend(undefined);
  await routes.close();
});

describe.each(Object.keys(RIGS))("the withdraw engine over %s", (name) => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await RIGS[name]();
    useLightningBackend(rig.backend);
  });
  afterEach(() => paymentsSettled());
  afterAll(() => rig.server.close());

  async function withdrawOf(sats: number) {
    const merchant = await createTestMerchant(10_000n);
    const client = api(routes.url, merchant.key);
    const created = await client.post("/api/v1/withdraws", { amount: String(sats), currency: "SATS" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const w = withdrawObjectSchema.parse(created.body);
    const request = (await wallet.firstStep(liveLink(w))) as WithdrawRequest;
    const read = async () => withdrawObjectSchema.parse((await client.get(`/api/v1/withdraws/${w.id}`)).body);
    const balance = async () => (await client.get("/api/v1/balance")).body as { available_msat: string; reserved_msat: string };
    return { w, request, read, balance };
  }

  // The reconciler re-asks a payment only after a few seconds: make this one due now.
  async function reconcileNow(withdrawId: string) {
    await db().withdrawPayment.updateMany({ where: { withdrawId }, data: { createdAt: new Date(Date.now() - 60_000), checkedAt: null } });
    return reconcilePayments(WITHDRAW_PAYMENT);
  }

  it("pays once, records the node's fee, and marks the withdraw paid", async () => {
    const { w, request, read, balance } = await withdrawOf(2000);
    expect(w.livemode).toBe(false);
    const invoice = wallet.invoice(2_000_000n);
    expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect(await read()).toMatchObject({ status: "paid", fees: 1.5 });
    expect(rig.node.payCalls.filter((h) => h === decodeInvoice(invoice).paymentHash)).toHaveLength(1);
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: String(10_000_000 - 2_000_000 - 1_500), reserved_msat: "0" }));
  });

  // The preimage is the payment's proof only when it hashes to the payment hash: one that does not (a node's
  // bug, or a node reporting what it did not learn) is not recorded as proof, paid on the spot or reconciled.
  it("records the payee's preimage as the proof, and no proof a node reports that does not hash to the payment hash", async () => {
    const proven = await withdrawOf(1200);
    const payable = wallet.payableInvoice(1_200_000n, "proof");
    const proofOf = (w: Awaited<ReturnType<typeof proven.read>>) => ({ status: w.status, preimage: w.withdraw_methods_options.lnurl.payment_preimage });
    rig.node.payeePreimages.set(decodeInvoice(payable.invoice).paymentHash, payable.preimage);
    expect((await wallet.callback(proven.request, payable.invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect(proofOf(await proven.read())).toEqual({ status: "paid", preimage: payable.preimage });

    // The fake node settles an invoice whose preimage it was never given with a random one, as a broken node might.
    const unproven = await withdrawOf(1300);
    const invoice = wallet.invoice(1_300_000n);
    expect((await wallet.callback(unproven.request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect(rig.node.payments.get(decodeInvoice(invoice).paymentHash)?.preimage).toMatch(/^[0-9a-f]{64}$/);
    expect(proofOf(await unproven.read())).toEqual({ status: "paid", preimage: null });

    const late = await withdrawOf(1400);
    const lateInvoice = wallet.invoice(1_400_000n);
    rig.node.script.set(decodeInvoice(lateInvoice).paymentHash, "hang");
    expect((await wallet.callback(late.request, lateInvoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    rig.node.settle(decodeInvoice(lateInvoice).paymentHash);
    expect(await reconcileNow(late.w.id)).toMatchObject({ checked: 1, paid: 1 });
    expect(proofOf(await late.read())).toEqual({ status: "paid", preimage: null });
  });

  it("a definite failure returns the withdraw to unpaid with its reservation kept", async () => {
    const { w, request, read, balance } = await withdrawOf(1000);
    const invoice = wallet.invoice(1_000_000n);
    rig.node.script.set(decodeInvoice(invoice).paymentHash, "fail");
    expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect((await read()).status).toBe("unpaid");
    expect(await db().event.findMany({ where: { withdrawId: w.id }, select: { type: true } })).toEqual([{ type: "withdraw.payment_failed" }]);
    expect(await balance()).toEqual(expect.objectContaining({ reserved_msat: "1100000" }));
  });

  it("a payment that hangs stays processing, through reconciliation, until the node settles it", async () => {
    const { w, request, read, balance } = await withdrawOf(3000);
    const invoice = wallet.invoice(3_000_000n);
    const hash = decodeInvoice(invoice).paymentHash;
    rig.node.script.set(hash, "hang");
    expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect((await read()).status).toBe("processing");
    expect(await reconcileNow(w.id)).toMatchObject({ checked: 1, pending: 1, paid: 0, failed: 0 });
    expect((await read()).status).toBe("processing");

    rig.node.settle(hash);
    expect(await reconcileNow(w.id)).toMatchObject({ checked: 1, paid: 1 });
    expect((await read()).status).toBe("paid");
    expect(rig.node.payCalls.filter((h) => h === hash)).toHaveLength(1);
    expect(await balance()).toEqual(expect.objectContaining({ available_msat: String(10_000_000 - 3_000_000 - 1_500), reserved_msat: "0" }));
  });

  it("a payment in flight that the node then fails is released by reconciliation, never before", async () => {
    const { w, request, read } = await withdrawOf(1000);
    const invoice = wallet.invoice(1_000_000n);
    const hash = decodeInvoice(invoice).paymentHash;
    rig.node.script.set(hash, "hang");
    expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect(await reconcileNow(w.id)).toMatchObject({ pending: 1 });
    rig.node.fail(hash);
    expect(await reconcileNow(w.id)).toMatchObject({ failed: 1 });
    expect((await read()).status).toBe("unpaid");
  });

  it("a server error while paying is an unknown outcome: processing, not failed", async () => {
    const { w, request, read } = await withdrawOf(1000);
    const invoice = wallet.invoice(1_000_000n);
    const hash = decodeInvoice(invoice).paymentHash;
    rig.node.script.set(hash, "server_error");
    expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect((await read()).status).toBe("processing");
    expect(await reconcileNow(w.id)).toMatchObject({ pending: 1, failed: 0 });
    expect((await read()).status).toBe("processing");
    // The node did record the payment and completes it later: the reconciler learns it (and leaves nothing
    // in flight for the next backend's tests, which share this database).
    rig.node.settle(hash);
    expect(await reconcileNow(w.id)).toMatchObject({ paid: 1 });
    expect((await read()).status).toBe("paid");
  });
});
