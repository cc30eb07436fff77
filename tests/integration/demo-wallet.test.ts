// The demo wallet plays a customer's phone wallet: it speaks LNURL-withdraw over real HTTP to the real route
// handlers, invoices with the simulator's demo wallet, and is paid by the merchant's node.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkReceived } from "@/lib/demo-wallet/check-received";
import type { OwnSluice } from "@/lib/lnurl-client/service-policy";
import { payInvoice } from "@/lib/demo-wallet/pay-invoice";
import { previewInvoice } from "@/lib/demo-wallet/preview-invoice";
import { resolveLnurl } from "@/lib/demo-wallet/resolve-lnurl";
import { withdrawLnurl } from "@/lib/demo-wallet/withdraw-lnurl";
import { createDeposit } from "@/lib/deposits/create-deposit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { walletBalance } from "@/lib/lightning/simulator/wallets";
import { encodeLnurl } from "@/lib/lnurl/codec";
import { isLnurlRefusal } from "@/lib/lnurl/refusal";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { getWithdraw } from "@/lib/withdraws/get-withdraw";
import { linksOf } from "../support/withdraw-links";
import { paymentsSettled } from "@/lib/payments/engine";
import { rejectedAppError } from "../support/app-errors";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;
let http: OwnSluice;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  merchant = await createTestMerchant(500_000n);
  // LNURLs carry PUBLIC_URL; the route handlers listen on a loopback port, as behind a proxy.
  http = { publicUrl: env().publicUrl, route: (url) => url.replace(env().publicUrl, server.url) };
});
afterAll(() => server.close());

async function newWithdraw(sats: number, descriptor?: string) {
  const row = await createWithdraw(merchant.merchantId, { amount: String(sats), currency: "SATS", statement_descriptor: descriptor });
  return { id: row.id, links: await linksOf(row.id) };
}

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isLnurlRefusal(error)).toBe(true);
  return (error as Error).message;
}

describe("reading an LNURL-withdraw", () => {
  it("reads the same offer from the bech32, lightning: and LUD-17 forms", async () => {
    const { links } = await newWithdraw(21_000, "Refund #7");
    for (const form of [links.lnurl, links.lnurl.toLowerCase(), links.lightningUri, links.lnurlw]) {
      expect(await resolveLnurl(form, http)).toMatchObject({
        description: "Refund #7",
        minMsat: 21_000_000n,
        maxMsat: 21_000_000n,
        minSats: 21_000n,
        maxSats: 21_000n,
        callback: `${links.url}/callback`,
      });
    }
  });

  it.each([
    ["empty input", "  ", "Paste an LNURL."],
    ["not bech32", "lnurl1notreallyanlnurl", "That is not an LNURL: The LNURL is not valid bech32."],
    ["mixed case", "LNURL1dp68gurn8ghj7", "That is not an LNURL: The LNURL mixes upper and lower case."],
    ["another service", encodeLnurl("https://evil.example/withdraw"), /only talks to this Sluice .*evil\.example/],
  ])("refuses %s without calling anyone", async (_what, input, message) => {
    const error = await rejectedAppError(resolveLnurl(input, { ...http, route: () => "http://127.0.0.1:9/never-called" }));
    expect(error.code).toBe("validation_error");
    expect(error.message).toMatch(message);
  });

  it("passes the service's ERROR reason through", async () => {
    expect(await refusalOf(resolveLnurl(encodeLnurl(`${env().publicUrl}/api/lnurl/w/no-such-secret`), http))).toBe(
      "This withdraw link is not valid.",
    );
  });

  it("says so when the service cannot be reached", async () => {
    const closed = await serveRoutes([]);
    await closed.close();
    const { links } = await newWithdraw(1_000);
    const error = await rejectedAppError(resolveLnurl(links.lnurl, { ...http, route: (url) => url.replace(env().publicUrl, closed.url) }));
    expect(error.message).toMatch(/could not be reached/);
  });
});

describe("withdrawing with the demo wallet", () => {
  it("is paid by the merchant's node: the withdraw is paid with the demo invoice's true preimage", async () => {
    const { id, links } = await newWithdraw(21_000, "Refund #8");
    const before = await walletBalance("demo");

    const started = await withdrawLnurl({ lnurl: links.lnurl, sats: 21_000n }, http);
    expect(started.amountMsat).toBe(21_000_000n);
    await paymentsSettled();

    expect(await checkReceived(started.paymentHash)).toEqual({ settled: true, amountMsat: 21_000_000n });
    expect(await walletBalance("demo")).toBe(before + 21_000_000n);
    const withdraw = await getWithdraw(merchant.merchantId, id);
    // An internal transfer of the simulated node: no routing fee.
    expect(withdraw).toMatchObject({ status: "paid", paidAmountMsat: 21_000_000n, feesMsat: 0n });
    const payment = await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: id } });
    const simInvoice = await db().simInvoice.findUniqueOrThrow({ where: { paymentHash: started.paymentHash } });
    expect(payment).toMatchObject({ status: "succeeded", paymentHash: started.paymentHash, preimage: simInvoice.preimage });
    expect(createHash("sha256").update(Buffer.from(payment.preimage!, "hex")).digest("hex")).toBe(started.paymentHash);
    expect(simInvoice).toMatchObject({ walletId: "demo", description: "Refund #8", settled: true });

    // The link is spent: the service says so, and the wallet shows that reason.
    expect(await refusalOf(withdrawLnurl({ lnurl: links.lnurl, sats: 21_000n }, http))).toBe("This withdraw has already been paid.");
  });

  it("refuses an amount out of range before calling back, and nothing is invoiced or claimed", async () => {
    const { id, links } = await newWithdraw(5_000);
    const invoicesBefore = await db().simInvoice.count();
    for (const sats of [4_999n, 5_001n]) {
      const error = await rejectedAppError(withdrawLnurl({ lnurl: links.lnurl, sats }, http));
      expect(error).toMatchObject({ code: "validation_error", param: "sats", message: `This link pays exactly 5000 sats; ${sats} sats is out of range.` });
    }
    expect(await rejectedAppError(withdrawLnurl({ lnurl: links.lnurl, sats: 0n }, http))).toMatchObject({ code: "validation_error" });
    expect(await db().simInvoice.count()).toBe(invoicesBefore);
    expect(await db().withdrawPayment.count({ where: { withdrawId: id } })).toBe(0);
    expect((await getWithdraw(merchant.merchantId, id)).status).toBe("unpaid");
  });

  it("passes a cancelled withdraw's refusal through", async () => {
    const { id, links } = await newWithdraw(2_000);
    await cancelWithdraw(merchant.merchantId, id);
    expect(await refusalOf(withdrawLnurl({ lnurl: links.lnurl, sats: 2_000n }, http))).toMatch(/cancelled/);
  });
});

describe("against a misbehaving service", () => {
  let fake: { url: string; close: () => Promise<void> };
  const replies: Record<string, unknown> = {};
  const fakeHttp = (): OwnSluice => ({ publicUrl: "https://shop.example", route: (url) => url.replace("https://shop.example", fake.url) });

  beforeAll(async () => {
    const srv = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/broken") {
        res.statusCode = 500;
        res.end("oops");
        return;
      }
      if (path === "/html") {
        res.end("<html>not json</html>");
        return;
      }
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(replies[path] ?? { status: "ERROR", reason: "Unknown path" }));
    });
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    fake = { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, close: () => new Promise((r) => srv.close(() => r())) };
    replies["/w"] = {
      tag: "withdrawRequest",
      callback: "https://shop.example/cb?session=abc",
      k1: "k1value",
      defaultDescription: "Fake",
      minWithdrawable: 1_500,
      maxWithdrawable: 10_999,
    };
    replies["/cb"] = { status: "ERROR", reason: "Fake refusal at the callback" };
    replies["/pay"] = { tag: "payRequest", callback: "https://shop.example/x", minSendable: 1000, maxSendable: 2000, metadata: "[]" };
    replies["/bad"] = { tag: "withdrawRequest", callback: "https://shop.example/cb", k1: "x", defaultDescription: "", minWithdrawable: 5000, maxWithdrawable: 1000 };
  });
  afterAll(() => fake.close());

  it("rounds the offered range to whole sats and passes a callback's ERROR reason through", async () => {
    const offer = await resolveLnurl(encodeLnurl("https://shop.example/w"), fakeHttp());
    expect(offer).toMatchObject({ minSats: 2n, maxSats: 10n, description: "Fake" });
    expect(await refusalOf(withdrawLnurl({ lnurl: encodeLnurl("https://shop.example/w"), sats: 10n }, fakeHttp()))).toBe(
      "Fake refusal at the callback",
    );
  });

  it.each([
    ["/pay", "This LNURL is a payRequest, not a withdraw link."],
    ["/bad", /not a valid withdraw request: minWithdrawable is above maxWithdrawable/],
    ["/broken", /answered HTTP 500/],
    ["/html", /did not answer with JSON/],
  ])("explains a reply from %s", async (path, message) => {
    const error = await rejectedAppError(resolveLnurl(encodeLnurl(`https://shop.example${path}`), fakeHttp()));
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(message);
  });
});

describe("paying an invoice with the demo wallet", () => {
  it("previews and pays a deposit invoice", async () => {
    const deposit = await createDeposit({ merchantId: merchant.merchantId, sats: 3_000n });
    const preview = previewInvoice(`lightning:${deposit.invoice.toUpperCase()}`);
    expect(preview).toMatchObject({ amountMsat: 3_000_000n, description: "Deposit to Test Shop (Sluice)", expired: false });
    const before = await walletBalance("demo");
    expect(await payInvoice(deposit.invoice)).toMatchObject({ status: "succeeded", amountMsat: 3_000_000n, feeMsat: 0n });
    expect(await walletBalance("demo")).toBe(before - 3_000_000n);
  });

  it.each([
    ["garbage", "lnbcrt1garbage", /invoice/i],
    ["another network", new TestWallet("bitcoin").invoice(1_000n), "This invoice is for Bitcoin mainnet; the demo wallet pays only regtest invoices."],
  ])("refuses %s", async (_what, invoice, message) => {
    expect(() => previewInvoice(invoice)).toThrow(message);
  });

  it("refuses an invoice without an amount", async () => {
    const error = await rejectedAppError(payInvoice(new TestWallet("regtest").invoice(null)));
    expect(error.message).toBe("This invoice has no amount; the demo wallet pays only invoices that name one.");
  });
});
