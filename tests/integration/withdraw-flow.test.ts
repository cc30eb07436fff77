// A merchant's withdraw pulled by a wallet over real HTTP through the real route handlers, on the simulated
// Lightning node: the statuses, the money and the ledger after each step.
import { bech32 } from "bech32";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { paymentsSettled } from "@/lib/payments/engine";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";
import { liveLink } from "../support/live-link";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;
let wallet: TestWallet;
let client: ReturnType<typeof api>;

const toServer = (url: string) => url.replace(env().publicUrl, server.url);

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  merchant = await createTestMerchant(100_000n);
  wallet = new TestWallet("regtest", toServer);
  client = api(server.url, merchant.key);
});
afterAll(() => server.close());

async function balance() {
  const res = await client.get("/api/v1/balance");
  expect(res.status).toBe(200);
  return res.body as { available: number; reserved: number; available_msat: string; reserved_msat: string };
}

async function createWithdraw(body: Record<string, unknown>): Promise<WithdrawObject> {
  const res = await client.post("/api/v1/withdraws", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return withdrawObjectSchema.parse(res.body);
}

async function fetchWithdraw(id: string): Promise<WithdrawObject> {
  const res = await client.get(`/api/v1/withdraws/${id}`);
  expect(res.status).toBe(200);
  return withdrawObjectSchema.parse(res.body);
}

async function ledgerSum(merchantId: string) {
  const entries = await db().ledgerEntry.findMany({ where: { merchantId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const available = entries.reduce((s, e) => s + e.availableDeltaMsat, 0n);
  const reserved = entries.reduce((s, e) => s + e.reservedDeltaMsat, 0n);
  return { entries, available, reserved };
}

describe("a wallet pulls a withdraw", () => {
  let withdraw: WithdrawObject;
  let request: WithdrawRequest;
  let invoice: string;

  it("creates the withdraw with its LNURL on the public URL and reserves amount + fee limit", async () => {
    withdraw = await createWithdraw({ amount: "21000", currency: "SATS", statement_descriptor: "Refund #42", metadata: { order: "42" } });
    expect(withdraw).toMatchObject({
      status: "unpaid",
      amount: "21000",
      currency: "SATS",
      exchange_rate: "1",
      target_amount: 21000,
      fee_limit: 100,
      ttl: 600,
      livemode: false,
      statement_descriptor: "Refund #42",
      metadata: { order: "42" },
      account_id: merchant.merchantId,
    });
    expect(withdraw.expires_at - withdraw.created).toBe(600_000);
    const lnurl = withdraw.withdraw_methods_options.lnurl;
    const link = liveLink(withdraw);
    expect(lnurl.withdraw_request_withheld).toBeNull();
    expect(link).toBe(link.toUpperCase());
    expect(decodeLnurl(link)).toMatch(new RegExp(`^${env().publicUrl}/api/lnurl/w/[\\w-]{43}$`));
    expect(lnurl.lightning_uri).toBe(`lightning:${link}`);
    expect(decodeLnurl(lnurl.lnurlw ?? "").replace(/^https/, "http")).toBe(decodeLnurl(link));
    expect(await balance()).toMatchObject({ available: 100_000 - 21_100, reserved: 21_100 });
    // Only a hash of the LNURL secret is stored.
    const secret = decodeLnurl(link).split("/").pop()!;
    const stored = await db().withdraw.findUniqueOrThrow({ where: { id: withdraw.id } });
    expect(JSON.stringify(stored, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(secret);
    expect(stored.lnurlSecretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers the first step the same way twice, with CORS, and changes nothing", async () => {
    const url = toServer(decodeLnurl(liveLink(withdraw)));
    const first = await fetch(url);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await first.json()) as WithdrawRequest;
    expect(body).toMatchObject({
      tag: "withdrawRequest",
      minWithdrawable: 21_000_000,
      maxWithdrawable: 21_000_000,
      defaultDescription: "Refund #42",
    });
    expect(body.k1).toMatch(/^[0-9a-f]{64}$/);
    expect(body.callback).toBe(`${decodeLnurl(liveLink(withdraw))}/callback`);
    expect(new URL(body.callback).search).toBe("");
    request = body;
    expect((await fetchWithdraw(withdraw.id)).status).toBe("unpaid");
  });

  it("pays the wallet's own invoice once and moves the balance by exactly amount + fee", async () => {
    const pulled = await wallet.withdraw(liveLink(withdraw));
    expect(pulled.reply).toEqual({ status: "OK" });
    invoice = pulled.invoice;
    await paymentsSettled();

    const paid = await fetchWithdraw(withdraw.id);
    // The simulated network charges 1 sat + 100 ppm: 1 + 2.1 sats on 21 000 sats.
    expect(paid).toMatchObject({ status: "paid", target_amount_paid: 21_000, fees: 3.1, target_amount_paid_by: wallet.pubkey });
    expect(paid.withdraw_methods_options.lnurl.receiver_ln_invoice).toBe(invoice);
    expect(paid.target_amount_paid_at).not.toBeNull();

    const after = await balance();
    expect(after).toMatchObject({ available: 100_000 - 21_000 - 3.1, reserved: 0, available_msat: "78996900", reserved_msat: "0" });
    const ledger = await ledgerSum(merchant.merchantId);
    expect(ledger.available).toBe(78_996_900n);
    expect(ledger.reserved).toBe(0n);
    expect(ledger.entries.map((e) => e.kind)).toEqual(["adjustment", "reserve", "payout", "fee", "release"]);
    const events = await db().event.findMany({ where: { withdrawId: withdraw.id } });
    expect(events.map((e) => e.type)).toEqual(["withdraw.paid"]);
    expect(await db().simPayment.count({ where: { paymentHash: paid.withdraw_methods_options.lnurl.payment_hash! } })).toBe(1);
  });

  it("answers OK again to the same invoice without paying twice, and refuses any other", async () => {
    const again = await wallet.callback(request, invoice);
    expect(again.reply).toEqual({ status: "OK" });
    const other = await wallet.callback(request, wallet.invoice(21_000_000n));
    expect(other.reply).toEqual({ status: "ERROR", reason: "This withdraw has already been paid." });
    await paymentsSettled();
    expect(await db().simPayment.count()).toBe(1);
    expect(await balance()).toMatchObject({ available_msat: "78996900" });
    const first = await wallet.firstStep(liveLink(withdraw));
    expect(first).toEqual({ status: "ERROR", reason: "This withdraw has already been paid." });
  });
});

describe("refusals name the problem and change nothing", () => {
  let withdraw: WithdrawObject;
  let request: WithdrawRequest;

  beforeAll(async () => {
    withdraw = await createWithdraw({ amount: 5000, currency: "SATS" });
    const first = await wallet.firstStep(liveLink(withdraw));
    request = first as WithdrawRequest;
  });

  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ["a wrong k1", () => ({ pr: wallet.invoice(5_000_000n), k1: "00".repeat(32) }), "The k1 does not match this withdraw."],
    ["an amount below the range", () => ({ pr: wallet.invoice(4_999_000n) }), "The invoice is for 4,999 sats; this withdraw pays exactly 5,000 sats."],
    ["an amount above the range", () => ({ pr: wallet.invoice(5_001_000n) }), "The invoice is for 5,001 sats; this withdraw pays exactly 5,000 sats."],
    ["no amount", () => ({ pr: wallet.invoice(null) }), /amount/i],
    ["another network", () => ({ pr: new TestWallet("bitcoin").invoice(5_000_000n) }), /regtest/],
    ["a bad signature", () => ({ pr: tamperSignature(wallet.invoice(5_000_000n, { payeeNodeKey: true })) }), /signature/i],
    ["an expired invoice", () => ({ pr: wallet.invoice(5_000_000n, { timestamp: now() - 7200, expirySeconds: 3600 }) }), /expired/i],
    ["an invoice about to expire", () => ({ pr: wallet.invoice(5_000_000n, { timestamp: now(), expirySeconds: 30 }) }), /expires/i],
    ["garbage", () => ({ pr: "lnbcrt1garbage" }), /invoice/i],
  ])("refuses %s", async (_what, make, reason) => {
    const { pr, k1 } = make() as { pr: string; k1?: string };
    const { reply } = await wallet.callback(request, pr, k1);
    expect(reply.status).toBe("ERROR");
    if (reply.status === "ERROR") expect(reply.reason).toMatch(reason);
    expect((await fetchWithdraw(withdraw.id)).status).toBe("unpaid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: withdraw.id } })).toBe(0);
  });

  it("refuses a callback without an invoice, or with two", async () => {
    const url = new URL(toServer(request.callback));
    url.searchParams.set("k1", request.k1);
    expect(await (await fetch(url)).json()).toEqual({ status: "ERROR", reason: "Missing invoice (pr)." });
    url.searchParams.append("pr", wallet.invoice(5_000_000n));
    url.searchParams.append("pr", wallet.invoice(5_000_000n));
    expect(await (await fetch(url)).json()).toEqual({ status: "ERROR", reason: "Send exactly one invoice." });
  });

  it("refuses an unknown link", async () => {
    const res = await fetch(`${server.url}/api/lnurl/w/not-a-real-secret`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ERROR", reason: "This withdraw link is not valid." });
  });

  it("refuses an invoice already used for another withdraw", async () => {
    const paidInvoice = (await db().withdrawPayment.findFirstOrThrow({ where: { status: "succeeded" } })).invoice;
    const twin = await createWithdraw({ amount: 21000, currency: "SATS" });
    const twinRequest = (await wallet.firstStep(liveLink(twin))) as WithdrawRequest;
    const { reply } = await wallet.callback(twinRequest, paidInvoice);
    expect(reply).toEqual({ status: "ERROR", reason: "This invoice has already been used. Create a new one." });
    expect((await fetchWithdraw(twin.id)).status).toBe("unpaid");
  });
});

function tamperSignature(invoice: string): string {
  // Flip one bit inside the signature and fix the checksum, so only the signature check can catch it.
  const { prefix, words } = bech32.decode(invoice, 2000);
  const copy = [...words];
  copy[copy.length - 20] ^= 1;
  return bech32.encode(prefix, copy, 2000);
}
