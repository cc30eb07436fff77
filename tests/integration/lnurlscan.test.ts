// GET /api/v1/lnurlscan/{code} over real HTTP through the real route handler: each kind of code (pay by
// LNURL or Lightning Address, withdraw, auth, invoice), malformed codes, and services that misbehave.
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";

import { bech32 } from "bech32";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { encodeLnurl } from "@/lib/lnurl/codec";
import { scanObjectSchema, type ScanObject } from "@/lib/lnurl-client/serialize-scan";
import { startFakeLnurlPay, unreachableDomain, type FakeLnurlPay } from "../support/fake-lnurl-pay";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let service: FakeLnurlPay;
let merchant: TestMerchant;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  service = await startFakeLnurlPay();
  merchant = await createTestMerchant();
});
afterAll(async () => {
  await service.close();
  await server.close();
});

async function scan(code: string, key = merchant.readOnlyKey) {
  const res = await fetch(`${server.url}/api/v1/lnurlscan/${encodeURIComponent(code)}`, { headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; param?: string } } };
}

async function scanned(code: string): Promise<ScanObject> {
  const res = await scan(code);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const parsed = scanObjectSchema.parse(res.body);
  expect(parsed).toEqual(res.body);
  return parsed;
}

async function refused(code: string, status: number, errorCode: string): Promise<string> {
  const res = await scan(code);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error?.code).toBe(errorCode);
  expect(res.body.error?.message.length).toBeGreaterThan(15);
  return res.body.error!.message;
}

describe("scanning pay codes (LUD-06, LUD-16, LUD-17)", () => {
  it("reads a Lightning Address: domain, description, min and max in msat, callback", async () => {
    const asked = service.requests.length;
    const result = await scanned(`lightning:${service.address("alice")}`);
    expect(result).toEqual({
      object: "lnurlscan",
      kind: "pay",
      domain: service.domain,
      description: "Pay alice at the test shop",
      min_msat: 1_000,
      max_msat: 1_000_000_000,
      callback: `${service.url}/lnurlp/alice/callback`,
      lightning_address: `alice@${service.domain}`,
      comment_allowed: 140,
      action: null,
      k1: null,
      invoice: null,
    });
    // Scanning only reads: no invoice was asked for.
    expect(service.requests.length).toBe(asked);
  });

  it("reads the same offer from the bech32 LNURL (either case) and the LUD-17 lnurlp:// link", async () => {
    const lnurl = service.lnurlp("alice");
    const forms = [lnurl, lnurl.toLowerCase(), `lightning:${lnurl}`, `lnurlp://${service.domain}/lnurlp/alice`];
    for (const code of forms) {
      expect(await scanned(code)).toMatchObject({ kind: "pay", domain: service.domain, description: "Pay alice at the test shop", min_msat: 1_000, max_msat: 1_000_000_000 });
    }
  });
});

describe("scanning withdraw and auth codes", () => {
  it("reads an LNURL-withdraw (LUD-03) from bech32 and lnurlw://", async () => {
    for (const code of [service.lnurlw(), `lnurlw://${service.domain}/withdraw`]) {
      expect(await scanned(code)).toMatchObject({
        kind: "withdraw",
        domain: service.domain,
        description: "Test voucher",
        min_msat: 1_000,
        max_msat: 50_000,
        callback: `${service.url}/withdraw/callback`,
      });
    }
  });

  it("reads an LNURL-auth link (LUD-04) from the link itself, without calling the service", async () => {
    const k1 = "c0ffee".repeat(10) + "c0ff";
    const url = `https://login.example.com/auth?tag=login&k1=${k1}&action=login`;
    for (const code of [encodeLnurl(url), `keyauth://login.example.com/auth?tag=login&k1=${k1}&action=login`]) {
      expect(await scanned(code)).toMatchObject({ kind: "auth", domain: "login.example.com", description: "Sign in to login.example.com", action: "login", k1, callback: url });
    }
    expect(await refused(encodeLnurl("https://login.example.com/auth?tag=login&k1=12"), 400, "validation_error")).toMatch(/k1/);
  });
});

describe("scanning invoices", () => {
  const wallet = new TestWallet("regtest");

  it("decodes a BOLT 11 invoice: amount, payee, network, times, description, payment hash", async () => {
    const invoice = wallet.invoice(21_000_000n, { description: "Order #21", expirySeconds: 900 });
    const decoded = decodeInvoice(invoice);
    const result = await scanned(`lightning:${invoice}`);
    expect(result).toEqual({
      object: "lnurlscan",
      kind: "invoice",
      domain: null,
      description: "Order #21",
      min_msat: 21_000_000,
      max_msat: 21_000_000,
      callback: null,
      lightning_address: null,
      comment_allowed: null,
      action: null,
      k1: null,
      invoice: {
        ln_invoice: invoice,
        amount_msat: 21_000_000,
        payee: wallet.pubkey,
        network: "regtest",
        payable: true,
        created: decoded.timestamp * 1000,
        expires_at: (decoded.timestamp + 900) * 1000,
        expired: false,
        description: "Order #21",
        description_hash: null,
        payment_hash: decoded.paymentHash,
      },
    });
  });

  it("says when an invoice has no amount, has expired, or is for another network", async () => {
    expect((await scanned(wallet.invoice(null))).invoice).toMatchObject({ amount_msat: null, expired: false, payable: true });
    const old = wallet.invoice(1000n, { timestamp: Math.floor(Date.now() / 1000) - 7200, expirySeconds: 60 });
    expect((await scanned(old)).invoice).toMatchObject({ expired: true });
    expect((await scanned(new TestWallet("testnet").invoice(1000n))).invoice).toMatchObject({ network: "testnet", payable: false });
  });
});

describe("malformed codes and misbehaving services", () => {
  it.each([
    ["hello", /not an LNURL/],
    ["lnurl1qqqqqq", /not a valid LNURL/],
    ["lnbc1qqqqqqqq", /invoice cannot be read/],
    ["alice@", /not a Lightning Address/],
  ])("answers %j with 400 validation_error", async (code, message) => {
    expect(await refused(code, 400, "validation_error")).toMatch(message);
  });

  it("answers an invoice with a broken signature as malformed", async () => {
    // With the payee's key in the invoice (n field), a changed payment hash no longer matches the signature.
    const invoice = new TestWallet("regtest").invoice(1000n, { payeeNodeKey: true });
    expect(await refused(resign(invoice), 400, "validation_error")).toMatch(/cannot be read: The invoice.s signature is invalid/);
  });

  it("answers clear errors for services that cannot be reached, refuse, or do not speak LNURL", async () => {
    expect(await refused(`alice@${await unreachableDomain()}`, 502, "lnurl_unreachable")).toMatch(/refused the connection/);
    expect(await refused(`nobody@${service.domain}`, 400, "lnurl_refused")).toContain("No user nobody here.");
    expect(await refused(encodeLnurl(`${service.url}/not-json`), 502, "lnurl_bad_response")).toMatch(/JSON/);
    expect(await refused(encodeLnurl(`${service.url}/no-tag`), 502, "lnurl_bad_response")).toMatch(/no tag/);
    expect(await refused(encodeLnurl(`${service.url}/broken-metadata`), 502, "lnurl_bad_response")).toMatch(/metadata/);
    expect(await refused(encodeLnurl(`${service.url}/server-error`), 502, "lnurl_bad_response")).toMatch(/HTTP 500/);
    expect(await refused(encodeLnurl(`${service.url}/channel`), 400, "validation_error")).toMatch(/channelRequest/);
    expect(await refused(`withdraw-tag@${service.domain}`, 502, "lnurl_bad_response")).toMatch(/pay request/);
  });

  it("needs an API key (read-only is enough) and writes nothing", async () => {
    const res = await fetch(`${server.url}/api/v1/lnurlscan/${encodeURIComponent(service.address("alice"))}`);
    expect(res.status).toBe(401);
    expect((await scan(service.address("alice"), merchant.key)).status).toBe(200);
    expect(await db().payout.count()).toBe(0);
  });
});

/** The invoice with one character of its signed data changed and a fresh, valid bech32 checksum. */
function resign(invoice: string): string {
  const sep = invoice.lastIndexOf("1");
  const hrp = invoice.slice(0, sep);
  const data = invoice.slice(sep + 1, -6);
  const alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  const at = 10;
  const changed = data.slice(0, at) + alphabet[(alphabet.indexOf(data[at]) + 1) % 32] + data.slice(at + 1);
  return bech32.encode(hrp, [...changed].map((c) => alphabet.indexOf(c)), Number.MAX_SAFE_INTEGER);
}
