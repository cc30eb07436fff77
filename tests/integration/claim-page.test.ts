// The claim page's ways to be paid, below the browser: a pasted invoice and a Lightning Address go through
// the same exactly-once claim as the LNURL callback, so however the customers (and their wallets) race, one
// payment is made. The Lightning Address path asks a local LUD-16 service for the invoice and checks it as
// the payouts do. The page's view of each state, and who receives the claim link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimToAddress, chooseClaimAmount } from "@/lib/claims/claim-to-address";
import { claimWithInvoice } from "@/lib/claims/claim-with-invoice";
import { loadClaim } from "@/lib/claims/load-claim";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { isLnurlRefusal } from "@/lib/lnurl/refusal";
import { paymentsSettled } from "@/lib/payments/engine";
import { linksOf } from "../support/withdraw-links";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { startFakeLnurlPay, type FakeLnurlPay } from "../support/fake-lnurl-pay";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let service: FakeLnurlPay;
let merchant: TestMerchant;
let wallet: TestWallet;
const local = { allowPrivate: true };

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  service = await startFakeLnurlPay({ network: "regtest" });
  merchant = await createTestMerchant(1_000_000n);
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
});
afterAll(async () => {
  await service.close();
  await server.close();
});

async function createWithdraw(body: Record<string, unknown>, key = merchant.key): Promise<WithdrawObject> {
  const res = await api(server.url, key).post("/api/v1/withdraws", { currency: "SATS", ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return withdrawObjectSchema.parse(res.body);
}

const secretOf = async (w: WithdrawObject) => (await linksOf(w.id)).secret;

async function refusalOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isLnurlRefusal(error)) return error.message;
    if (isAppError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("Expected a refusal, but the claim went through.");
}

async function paymentsOf(withdrawId: string) {
  return db().withdrawPayment.findMany({ where: { withdrawId }, select: { invoice: true, status: true, amountMsat: true } });
}

describe("who receives the claim link", () => {
  it("a full key gets claim_url on the public URL with the LNURL's own secret; a read-only key gets null", async () => {
    const w = await createWithdraw({ amount: "1000" });
    expect(w.withdraw_methods_options.lnurl.claim_url).toBe(`${env().publicUrl}/claim/${(await secretOf(w))}`);
    expect((await linksOf(w.id)).claimUrl).toBe(w.withdraw_methods_options.lnurl.claim_url);
    const read = await api(server.url, merchant.readOnlyKey).get(`/api/v1/withdraws/${w.id}`);
    expect(read.status).toBe(200);
    const seen = withdrawObjectSchema.parse(read.body);
    expect(seen.withdraw_methods_options.lnurl.claim_url).toBeNull();
    expect(seen.withdraw_methods_options.lnurl.withdraw_request_withheld).toBe("read_only_access");
  });
});

describe("a pasted invoice", () => {
  it("is checked as the callback checks it, with the reasons in plain words, and then paid once", async () => {
    const w = await createWithdraw({ amount: "2000" });
    const secret = (await secretOf(w));
    expect(await refusalOf(claimWithInvoice(secret, wallet.invoice(1_999_000n)))).toBe("The invoice is for 1,999 sats; this withdraw pays exactly 2,000 sats.");
    expect(await refusalOf(claimWithInvoice(secret, new TestWallet("testnet").invoice(2_000_000n)))).toMatch(/testnet.*only regtest/i);
    const old = wallet.invoice(2_000_000n, { timestamp: Math.floor(Date.now() / 1000) - 7200, expirySeconds: 600 });
    expect(await refusalOf(claimWithInvoice(secret, old))).toMatch(/expired/i);
    expect(await refusalOf(claimWithInvoice(secret, "lnbcrt1nonsense"))).not.toBe("");
    expect(await paymentsOf(w.id)).toEqual([]);

    const invoice = wallet.invoice(2_000_000n);
    await claimWithInvoice(secret, invoice);
    // The same invoice again (a double tap) is the same claim, not a second payment.
    await claimWithInvoice(secret, invoice);
    await paymentsSettled();
    expect(await paymentsOf(w.id)).toEqual([{ invoice, status: "succeeded", amountMsat: 2_000_000n }]);
    expect(await refusalOf(claimWithInvoice(secret, wallet.invoice(2_000_000n)))).toBe("This withdraw has already been paid.");

    const view = await loadClaim(secret);
    expect(view).toMatchObject({ status: "paid", merchantName: "Test Shop", targetMsat: 2_000_000n });
    expect(view!.receipt).toMatchObject({ amountMsat: 2_000_000n });
    expect(view!.receipt!.paymentHash).toMatch(/^[0-9a-f]{64}$/);
    // The test wallet is an outside node: the simulated node pays it but cannot learn its preimage.
    expect(view!.receipt!.preimage).toBeNull();
  });

  it("races LNURL wallets on the same withdraw: 40 claimants, exactly one payment", async () => {
    const w = await createWithdraw({ amount: "1500" });
    const secret = (await secretOf(w));
    const link = w.withdraw_methods_options.lnurl.withdraw_request!;
    const first = await wallet.firstStep(link);
    if (!("tag" in first)) throw new Error(JSON.stringify(first));
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const customer = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
        const invoice = customer.invoice(1_500_000n);
        if (i % 2 === 0) return claimWithInvoice(secret, invoice).then(() => "OK", (error: unknown) => (isLnurlRefusal(error) ? "ERROR" : Promise.reject(error)));
        return (await customer.callback(first, invoice)).reply.status;
      }),
    );
    expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
    await paymentsSettled();
    const payments = await paymentsOf(w.id);
    expect(payments).toHaveLength(1);
    expect(payments[0].status).toBe("succeeded");
  });
});

describe("a Lightning Address", () => {
  it("gets an invoice of exactly the withdraw's amount from the service, which is then paid", async () => {
    const w = await createWithdraw({ amount: "3300" });
    const before = service.requests.length;
    await claimToAddress({ secret: (await secretOf(w)), destination: service.address("alice") }, new Date(), local);
    await paymentsSettled();
    expect(service.requests.slice(before)).toEqual([{ user: "alice", amountMsat: 3_300_000n, comment: null }]);
    const payments = await paymentsOf(w.id);
    expect(payments).toEqual([{ invoice: [...service.invoices.values()].at(-1), status: "succeeded", amountMsat: 3_300_000n }]);
  });

  it("a ranged withdraw: the customer's chosen amount is asked of the service and paid, and the rest goes back to the balance", async () => {
    const w = await createWithdraw({ amount: "5000", min_amount: "1000" });
    const secret = (await secretOf(w));
    expect((await loadClaim(secret))!).toMatchObject({ minMsat: 1_000_000n, targetMsat: 5_000_000n });
    const balanceBefore = await db().balance.findUniqueOrThrow({ where: { merchantId: merchant.merchantId } });
    expect(await refusalOf(claimToAddress({ secret, destination: service.address("alice"), sats: 999n }, new Date(), local))).toMatch(/between 1,000 and 5,000 sats/);
    const before = service.requests.length;
    await claimToAddress({ secret, destination: service.address("alice"), sats: 1_500n }, new Date(), local);
    await paymentsSettled();
    expect(service.requests.slice(before).map((r) => r.amountMsat)).toEqual([1_500_000n]);
    const view = (await loadClaim(secret))!;
    expect(view.status).toBe("paid");
    expect(view.receipt!.amountMsat).toBe(1_500_000n);
    // The reservation (5 000 sats and the fee limit) is settled: 1 500 sats paid, the fee, the rest released.
    const balanceAfter = await db().balance.findUniqueOrThrow({ where: { merchantId: merchant.merchantId } });
    const fee = (await db().withdraw.findUniqueOrThrow({ where: { id: w.id } })).feesMsat!;
    expect(balanceAfter.reservedMsat).toBe(balanceBefore.reservedMsat - 5_000_000n - BigInt(w.fee_limit) * 1000n);
    expect(balanceAfter.availableMsat).toBe(balanceBefore.availableMsat + 5_000_000n + BigInt(w.fee_limit) * 1000n - 1_500_000n - fee);
  });

  it("an LNURL-pay code works as well as an address", async () => {
    const w = await createWithdraw({ amount: "1100" });
    await claimToAddress({ secret: (await secretOf(w)), destination: service.lnurlp("alice") }, new Date(), local);
    await paymentsSettled();
    expect((await paymentsOf(w.id)).map((p) => p.status)).toEqual(["succeeded"]);
  });

  it("a service that bills the wrong amount, refuses, or sends no invoice: explained, nothing claimed", async () => {
    const w = await createWithdraw({ amount: "1000" });
    const secret = (await secretOf(w));
    expect(await refusalOf(claimToAddress({ secret, destination: service.address("wrong-amount") }, new Date(), local))).toMatch(/^lnurl_bad_invoice: .*1,?001 sat, not the 1,?000 sat/);
    expect(await refusalOf(claimToAddress({ secret, destination: service.address("refuses") }, new Date(), local))).toMatch(/This shop is closed today/);
    expect(await refusalOf(claimToAddress({ secret, destination: service.address("no-invoice") }, new Date(), local))).toMatch(/^lnurl_bad_response/);
    expect(await refusalOf(claimToAddress({ secret, destination: service.lnurlw() }, new Date(), local))).toMatch(/withdraw link/);
    expect(await paymentsOf(w.id)).toEqual([]);
    expect((await loadClaim(secret))!.status).toBe("unpaid");
  });

  it("obeys the outbound address rules: a service on a private address is refused unless configured, and never called", async () => {
    const w = await createWithdraw({ amount: "1000" });
    const before = service.requests.length;
    expect(await refusalOf(claimToAddress({ secret: (await secretOf(w)), destination: service.address("alice") }, new Date(), { allowPrivate: false }))).toMatch(
      /^lnurl_url_not_allowed: /,
    );
    expect(service.requests.length).toBe(before);
    expect(await paymentsOf(w.id)).toEqual([]);
  });

  it("a withdraw that cannot be pulled is refused before any service is asked", async () => {
    const w = await createWithdraw({ amount: "1000" });
    await api(server.url, merchant.key).post(`/api/v1/withdraws/${w.id}/cancel`);
    const before = service.requests.length;
    expect(await refusalOf(claimToAddress({ secret: (await secretOf(w)), destination: service.address("alice") }, new Date(), local))).toBe("This withdraw was cancelled.");
    expect(service.requests.length).toBe(before);
  });
});

describe("the page's view", () => {
  it("a secret that opens nothing is null; expiry is exact; the amounts and the descriptor are the withdraw's", async () => {
    expect(await loadClaim("A".repeat(43))).toBeNull();
    const w = await createWithdraw({ amount: "2.75", currency: "USD", statement_descriptor: "Prize", ttl: 600 });
    const view = await loadClaim((await secretOf(w)));
    expect(view).toMatchObject({ status: "unpaid", amount: "2.75", currency: "USD", descriptor: "Prize", receipt: null, livemode: false });
    expect(view!.targetMsat).toBe(BigInt(w.target_amount) * 1000n);
    expect(view!.minMsat).toBe(view!.targetMsat);
    expect(`LIGHTNING:${view!.lnurl}`).toBe(`LIGHTNING:${w.withdraw_methods_options.lnurl.withdraw_request}`);
    expect((await loadClaim((await secretOf(w)), new Date(w.expires_at)))!.status).toBe("expired");
    expect((await loadClaim((await secretOf(w)), new Date(w.expires_at - 1)))!.status).toBe("unpaid");
  });

  it("a fixed withdraw pays its amount whatever amount is asked; a range refuses a choice outside it", () => {
    expect(chooseClaimAmount({ targetAmountMsat: 5_000_000n, minTargetAmountMsat: 5_000_000n }, 10n)).toBe(5_000_000n);
    const ranged = { targetAmountMsat: 5_000_000n, minTargetAmountMsat: 1_000_000n };
    expect(chooseClaimAmount(ranged, undefined)).toBe(5_000_000n);
    expect(chooseClaimAmount(ranged, 1_000n)).toBe(1_000_000n);
    expect(chooseClaimAmount(ranged, 4_999n)).toBe(4_999_000n);
    expect(() => chooseClaimAmount(ranged, 999n)).toThrow(/between 1,000 and 5,000 sats/);
    expect(() => chooseClaimAmount(ranged, 5_001n)).toThrow(/between 1,000 and 5,000 sats/);
  });
});
