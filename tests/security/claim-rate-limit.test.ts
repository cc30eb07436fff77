// Issue 26, item 1: the claim page's actions (paste an invoice, send to a Lightning Address or LNURL-pay) had no
// rate limit, so anyone holding one claim link, or guessing at links, could make Sluice check invoices and call
// outside services as fast as they liked. Now every attempt takes a token from the link's bucket and from the
// client address's bucket (PostgreSQL, shared by every instance); a refused attempt answers the form "Too many
// attempts…, try again in N s" and changes nothing: no outside call, no payment. The server actions are called
// as Next.js calls them, with the request's headers as `npm start` gives them (the connection's address in the
// peer header, whatever X-Forwarded-For the client forged).
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";
process.env.CLAIM_RATE_LIMIT_PER_LINK = "3";
process.env.CLAIM_RATE_LIMIT_PER_IP = "6";

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { claimToAddressAction, claimWithInvoiceAction } from "@/app/(public)/claim/[secret]/actions";
import type { ClaimFormState } from "@/components/claim/claim-form-state";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { paymentsSettled } from "@/lib/payments/engine";
import { PEER_HEADER } from "@/lib/web/client-address";
import { linksOf } from "../support/withdraw-links";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

// What next/headers answers inside the action: the headers of the request being served.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;
let service: { address: (user: string) => string; hits: () => number; close: () => Promise<void> };
const wallet = new TestWallet("regtest");

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  merchant = await createTestMerchant(10_000_000n);
  // An LNURL service that counts every request it gets (and answers none usefully).
  let hits = 0;
  const counter = createServer((_req, res) => {
    hits += 1;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
  const port = (counter.address() as AddressInfo).port;
  service = {
    address: (user) => `${user}@127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => counter.close(() => resolve())),
  };
});
afterAll(async () => {
  await service.close();
  await server.close();
});
// The clock stands still during each test, so no bucket refills while its attempts run; each test starts with none.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(async () => {
  vi.useRealTimers();
  await db().rateLimit.deleteMany();
});

async function newWithdraw(): Promise<{ id: string; secret: string }> {
  const res = await api(server.url, merchant.key).post("/api/v1/withdraws", { amount: "2000", currency: "SATS" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const { id } = withdrawObjectSchema.parse(res.body);
  return { id, secret: (await linksOf(id)).secret };
}

/** The request comes from `peer`; the client also sends a forged X-Forwarded-For. */
function from(peer: string, forged = "203.0.113.77"): void {
  request.headers = new Headers({ [PEER_HEADER]: peer, "x-forwarded-for": forged });
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const pasteInvoice = (secret: string, invoice: string) => claimWithInvoiceAction(null, form({ secret, invoice }));
const sendToAddress = (secret: string, destination: string) => claimToAddressAction(null, form({ secret, destination }));
const messageOf = (state: ClaimFormState) => (state && !state.ok ? state.message : "ok");
const paymentsOf = (withdrawId: string) => db().withdrawPayment.count({ where: { withdrawId } });

describe("the claim page's actions", () => {
  it("limits the attempts on one claim link, from however many addresses they come", async () => {
    expect(env().lightning.backend).toBe("simulator");
    const w = await newWithdraw();
    const answers: string[] = [];
    for (let i = 1; i <= 3; i++) {
      from(`198.51.100.${i}`);
      answers.push(messageOf(await sendToAddress(w.secret, service.address("alice"))));
    }
    expect(service.hits()).toBe(3);
    expect(answers.every((m) => m !== "ok" && !/Too many/.test(m))).toBe(true);

    // The fourth, from yet another address: refused before any outside call, and a good invoice is not paid.
    from("198.51.100.4");
    expect(messageOf(await sendToAddress(w.secret, service.address("alice")))).toBe("Too many attempts on this claim link, try again in 20 s.");
    const refused = await pasteInvoice(w.secret, wallet.invoice(2_000_000n));
    expect(refused).toMatchObject({ ok: false, message: "Too many attempts on this claim link, try again in 20 s.", values: { invoice: expect.stringMatching(/^lnbcrt/) } });
    expect(service.hits()).toBe(3);
    expect(await paymentsOf(w.id)).toBe(0);

    // Another link, from the same address, is not held up.
    const other = await newWithdraw();
    expect(await pasteInvoice(other.secret, wallet.invoice(2_000_000n))).toEqual({ ok: true });
    await paymentsSettled();
  });

  it("limits the attempts from one address, over however many links, whatever X-Forwarded-For it forges", async () => {
    const links = await Promise.all(Array.from({ length: 7 }, () => newWithdraw()));
    const before = service.hits();
    const answers: string[] = [];
    for (const [i, w] of links.entries()) {
      from("198.51.100.50", `192.0.2.${i + 1}`);
      answers.push(messageOf(await sendToAddress(w.secret, service.address("bob"))));
    }
    expect(answers.slice(0, 6).some((m) => /Too many/.test(m))).toBe(false);
    expect(answers[6]).toBe("Too many attempts from your address, try again in 10 s.");
    expect(service.hits() - before).toBe(6);
    // Refused means refused: a good invoice from that address is not paid.
    expect(messageOf(await pasteInvoice(links[6].secret, wallet.invoice(2_000_000n)))).toBe("Too many attempts from your address, try again in 10 s.");
    expect(await paymentsOf(links[6].id)).toBe(0);

    // Another address may still claim that link.
    from("198.51.100.51");
    expect(await pasteInvoice(links[6].secret, wallet.invoice(2_000_000n))).toEqual({ ok: true });
    await paymentsSettled();
  });

  it("tells the customer the wait, and lets the attempt through once the bucket has a token again", async () => {
    const w = await newWithdraw();
    from("198.51.100.60");
    for (let i = 0; i < 3; i++) await sendToAddress(w.secret, service.address("carol"));
    expect(messageOf(await pasteInvoice(w.secret, wallet.invoice(2_000_000n)))).toBe("Too many attempts on this claim link, try again in 20 s.");
    vi.setSystemTime(Date.now() + 20_000);
    expect(await pasteInvoice(w.secret, wallet.invoice(2_000_000n))).toEqual({ ok: true });
    await paymentsSettled();
  });
});
