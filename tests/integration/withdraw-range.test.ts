// Flexible amounts (issue 18, part 3): a withdraw created with a `min_amount` offers its wallet a range, the
// wallet invoices any amount in it, and the ledger pays the real amount plus fee and releases the rest. All
// over real HTTP through the real route handlers, on the simulated Lightning node.
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { getStatement } from "@/lib/ledger/get-statement";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { paymentsSettled } from "@/lib/payments/engine";
import { findWithdrawBySecret } from "@/lib/withdraws/find-by-secret";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { decodeLnurl } from "@/lib/lnurl/codec";
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
  merchant = await createTestMerchant(1_000_000n);
  wallet = new TestWallet("regtest", toServer);
  client = api(server.url, merchant.key);
});
afterAll(() => server.close());
afterEach(() => setSimulatorMode({ mode: "normal" }));

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

async function balanceMsat() {
  const res = await client.get("/api/v1/balance");
  expect(res.status).toBe(200);
  const body = res.body as { available_msat: string; reserved_msat: string };
  return { available: BigInt(body.available_msat), reserved: BigInt(body.reserved_msat) };
}

async function firstStep(withdraw: WithdrawObject): Promise<WithdrawRequest> {
  const reply = await wallet.firstStep(liveLink(withdraw));
  if (!("tag" in reply)) throw new Error(`First step refused: ${JSON.stringify(reply)}`);
  return reply as WithdrawRequest;
}

const secretOf = (withdraw: WithdrawObject) => decodeLnurl(liveLink(withdraw)).split("/").pop()!;

describe("creating a withdraw with a minimum", () => {
  it("reports the minimum beside the amount, converted with the same locked rate and rounding", async () => {
    const ranged = await createWithdraw({ amount: "5.00", min_amount: "1.25", currency: "USD" });
    // 95 000 USD per BTC: 1052.63… sats per USD; 5 USD = 5263 sats, 1.25 USD = 1315.78… → 1315 sats.
    expect(ranged).toMatchObject({ amount: "5", min_amount: "1.25", currency: "USD", target_amount: 5263, min_target_amount: 1315 });
    const fixed = await createWithdraw({ amount: 2000, currency: "SATS" });
    expect(fixed).toMatchObject({ min_amount: null, min_target_amount: null });
    const asNumber = await createWithdraw({ amount: 2000, min_amount: 500, currency: "SATS" });
    expect(asNumber).toMatchObject({ min_amount: "500", min_target_amount: 500, target_amount: 2000 });
    const nulled = await createWithdraw({ amount: 2000, min_amount: null, currency: "SATS" });
    expect(nulled).toMatchObject({ min_amount: null, min_target_amount: null });
    const equal = await createWithdraw({ amount: 2000, min_amount: "2000", currency: "SATS" });
    expect(equal).toMatchObject({ min_amount: "2000", min_target_amount: 2000 });
  });

  it.each([
    ["above the amount", { amount: "1000", min_amount: "1000.5" }, /min_amount \(1000\.5 SATS\) is above amount \(1000 SATS\)/],
    ["zero", { amount: "1000", min_amount: "0" }, "min_amount must be greater than zero."],
    ["negative", { amount: "1000", min_amount: -5 }, "min_amount must be greater than zero."],
    ["not a decimal", { amount: "1000", min_amount: "ten" }, 'min_amount must be a decimal number such as "12.50" (got "ten").'],
    ["written with a comma", { amount: "1000", min_amount: "10,5" }, /min_amount must use a dot as the decimal separator/],
    ["less than one sat", { amount: "1000", min_amount: "0.5" }, /min_amount 0\.5 SATS is less than 1 sat/],
    ["more places than the currency has", { amount: "10", min_amount: "1.005", currency: "USD" }, /min_amount: USD amounts have at most 2 decimal places/],
    ["a boolean", { amount: "1000", min_amount: true }, /min_amount/],
  ])("refuses a min_amount %s with a message naming it, and reserves nothing", async (_what, fields, message) => {
    const before = await balanceMsat();
    const res = await client.post("/api/v1/withdraws", { currency: "SATS", ...fields });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "validation_error", param: "min_amount" });
    expect(res.body.error!.message).toMatch(message);
    expect(await balanceMsat()).toEqual(before);
  });

  it("reserves the full amount plus the fee limit, as a fixed withdraw does", async () => {
    const before = await balanceMsat();
    await createWithdraw({ amount: 3000, min_amount: 1000, currency: "SATS" });
    const after = await balanceMsat();
    expect(before.available - after.available).toBe(3_100_000n);
    expect(after.reserved - before.reserved).toBe(3_100_000n);
  });

  it("lets the database refuse a minimum that breaks the rules, whoever writes it", async () => {
    const w = await createWithdraw({ amount: 3000, min_amount: 1000, currency: "SATS" });
    const set = (sqlText: string) => db().$executeRawUnsafe(`UPDATE withdraws SET ${sqlText} WHERE id = $1`, w.id);
    await expect(set("min_target_amount_msat = 3001000")).rejects.toThrow(/withdraws_min_amount_valid/);
    await expect(set("min_target_amount_msat = 0")).rejects.toThrow(/withdraws_min_amount_valid/);
    await expect(set("min_target_amount_msat = 1500500")).rejects.toThrow(/withdraws_min_amount_valid/);
    await expect(set("min_amount = NULL")).rejects.toThrow(/withdraws_min_amount_valid/);
    await expect(set("min_amount = 3001")).rejects.toThrow(/withdraws_min_amount_valid/);
    // Whatever is recorded as paid lies in the range.
    await expect(set("paid_amount_msat = 999000")).rejects.toThrow(/withdraws_paid_amount_in_range/);
    await expect(set("paid_amount_msat = 3001000")).rejects.toThrow(/withdraws_paid_amount_in_range/);
    await expect(set("paid_amount_msat = 2000500")).resolves.toBe(1);
  });
});

describe("a wallet pulls part of a ranged withdraw", () => {
  let withdraw: WithdrawObject;
  let request: WithdrawRequest;
  let before: { available: bigint; reserved: bigint };

  beforeAll(async () => {
    before = await balanceMsat();
    withdraw = await createWithdraw({ amount: 5000, min_amount: 1000, currency: "SATS", statement_descriptor: "Tip jar" });
  });

  it("offers the range in the first step (LUD-03 minWithdrawable < maxWithdrawable), in msat", async () => {
    request = await firstStep(withdraw);
    expect(request).toMatchObject({ tag: "withdrawRequest", minWithdrawable: 1_000_000, maxWithdrawable: 5_000_000, defaultDescription: "Tip jar" });
    const found = await findWithdrawBySecret(secretOf(withdraw));
    expect(found).toMatchObject({ minTargetAmountMsat: 1_000_000n, targetAmountMsat: 5_000_000n });
  });

  it.each([
    ["below the minimum", 999_000n, "The invoice is for 999 sats; this withdraw pays between 1,000 and 5,000 sats."],
    ["a millisat below the minimum", 999_999n, "The invoice is for 999.999 sats; this withdraw pays between 1,000 and 5,000 sats."],
    ["above the maximum", 5_001_000n, "The invoice is for 5,001 sats; this withdraw pays between 1,000 and 5,000 sats."],
    ["for no amount", null, "The invoice has no amount; create one for between 1,000 and 5,000 sats."],
  ])("refuses an invoice %s and changes nothing", async (_what, amountMsat, reason) => {
    const { reply } = await wallet.callback(request, wallet.invoice(amountMsat));
    expect(reply).toEqual({ status: "ERROR", reason });
    expect((await fetchWithdraw(withdraw.id)).status).toBe("unpaid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: withdraw.id } })).toBe(0);
  });

  it("keeps the whole reservation when the payment of a partial amount fails, and the customer may try again", async () => {
    await setSimulatorMode({ mode: "fail" });
    const { reply } = await wallet.callback(request, wallet.invoice(2_000_000n));
    expect(reply).toEqual({ status: "OK" });
    await paymentsSettled();
    const failed = await fetchWithdraw(withdraw.id);
    expect(failed).toMatchObject({ status: "unpaid", target_amount_paid: 0 });
    expect(await balanceMsat()).toEqual({ available: before.available - 5_100_000n, reserved: before.reserved + 5_100_000n });
  });

  it("pays an invoice in between, the invoice's own amount, and releases the unused amount with the unused fee limit", async () => {
    // A millisat amount in the range is paid as it is: LUD-03 ranges are in msat.
    const invoice = wallet.invoice(3_000_500n);
    const { reply } = await wallet.callback(request, invoice);
    expect(reply).toEqual({ status: "OK" });
    await paymentsSettled();

    const paid = await fetchWithdraw(withdraw.id);
    // The simulated network charges 1 sat + 100 ppm of the amount (300.05 msat, whole msat: 300).
    const feeMsat = 1_300n;
    expect(paid).toMatchObject({ status: "paid", target_amount: 5000, min_target_amount: 1000, target_amount_paid: 3000.5, fees: 1.3 });
    expect(paid.withdraw_methods_options.lnurl.receiver_ln_invoice).toBe(invoice);
    const payment = await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: withdraw.id, status: "succeeded" } });
    expect(payment.amountMsat).toBe(3_000_500n);
    const stored = await db().withdraw.findUniqueOrThrow({ where: { id: withdraw.id } });
    expect(stored.paidAmountMsat).toBe(3_000_500n);

    // The ledger of this withdraw: reserve, then payout + fee + release that add up to the reservation exactly.
    const entries = await db().ledgerEntry.findMany({ where: { withdrawId: withdraw.id }, orderBy: { sequence: "asc" } });
    expect(entries.map((e) => [e.kind, e.availableDeltaMsat, e.reservedDeltaMsat])).toEqual([
      ["reserve", -5_100_000n, 5_100_000n],
      ["payout", 0n, -3_000_500n],
      ["fee", 0n, -feeMsat],
      ["release", 5_100_000n - 3_000_500n - feeMsat, -(5_100_000n - 3_000_500n - feeMsat)],
    ]);
    const settled = entries.slice(1).reduce((s, e) => s - e.reservedDeltaMsat, 0n);
    expect(settled).toBe(5_100_000n);

    // The balance moved by exactly what was paid plus the fee, and nothing stays reserved for it.
    expect(await balanceMsat()).toEqual({ available: before.available - 3_000_500n - feeMsat, reserved: before.reserved });
  });

  it("tells webhooks the real amount paid and the range", async () => {
    const event = await db().event.findFirstOrThrow({ where: { withdrawId: withdraw.id, type: "withdraw.paid" } });
    expect(event.payload).toMatchObject({ target_amount: 5000, min_amount: "1000", min_target_amount: 1000, target_amount_paid: 3000.5 });
  });

  it("keeps the balance equal to the sum of the ledger, and the statement reconciles", async () => {
    const entries = await db().ledgerEntry.findMany({ where: { merchantId: merchant.merchantId } });
    const sum = {
      available: entries.reduce((s, e) => s + e.availableDeltaMsat, 0n),
      reserved: entries.reduce((s, e) => s + e.reservedDeltaMsat, 0n),
    };
    expect(sum).toEqual(await balanceMsat());
    const statement = await getStatement(merchant.merchantId, {});
    expect(statement.discrepancyMsat).toBe(0n);
    expect(statement.closing.totalMsat).toBe(sum.available + sum.reserved);
    const payouts = statement.byKind.find((k) => k.kind === "payout")!;
    expect(payouts.debitsMsat).toBe(3_000_500n);
  });

  it("exports the partial withdraw with the sats really paid and its minimum", async () => {
    const res = await fetch(`${server.url}/api/v1/exports/withdraws?format=csv`, { headers: { Authorization: `Bearer ${merchant.readOnlyKey}` } });
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    const row = rows.find((r) => r.id === withdraw.id)!;
    expect(row).toMatchObject({
      status: "paid",
      amount: "5000",
      min_amount: "1000",
      target_amount_msat: "5000000",
      target_amount_sats: "5000",
      min_target_amount_msat: "1000000",
      min_target_amount_sats: "1000",
      paid_amount_msat: "3000500",
      paid_amount_sats: "3000.5",
    });
    const fixed = rows.find((r) => r.id !== withdraw.id && r.min_amount === "")!;
    expect(fixed).toMatchObject({ min_target_amount_msat: "", min_target_amount_sats: "" });
  });

  it("refuses any further invoice once paid", async () => {
    const { reply } = await wallet.callback(request, wallet.invoice(1_000_000n));
    expect(reply).toEqual({ status: "ERROR", reason: "This withdraw has already been paid." });
  });
});

describe("a fixed withdraw", () => {
  it("offers one amount and refuses any other with the same plain message", async () => {
    const fixed = await createWithdraw({ amount: 5000, currency: "SATS" });
    const request = await firstStep(fixed);
    expect(request).toMatchObject({ minWithdrawable: 5_000_000, maxWithdrawable: 5_000_000 });
    expect(await findWithdrawBySecret(secretOf(fixed))).toMatchObject({ minTargetAmountMsat: 5_000_000n, targetAmountMsat: 5_000_000n });
    const { reply } = await wallet.callback(request, wallet.invoice(4_000_000n));
    expect(reply).toEqual({ status: "ERROR", reason: "The invoice is for 4,000 sats; this withdraw pays exactly 5,000 sats." });
  });

  it("pays the minimum itself, the lowest end of a range", async () => {
    const w = await createWithdraw({ amount: 5000, min_amount: 1000, currency: "SATS" });
    const { reply } = await wallet.callback(await firstStep(w), wallet.invoice(1_000_000n));
    expect(reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect(await fetchWithdraw(w.id)).toMatchObject({ status: "paid", target_amount_paid: 1000 });
  });
});
