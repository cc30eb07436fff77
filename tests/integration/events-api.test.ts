// Events over the REST API, over real HTTP through the real route handlers: every event of a merchant, newest
// first, paged without gaps or duplicates in both directions, filtered by type and by the object it is about;
// each event is exactly the body its webhook carries, never with a live withdraw link; another merchant's
// events are not found; bad queries are refused naming the parameter; and an integrator whose webhook
// receiver was down finds every event it missed.
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { eventListSchema, eventObjectSchema } from "@/lib/webhooks/serialize-event";
import { payFromDemoWallet } from "@/lib/lightning/simulator/demo-wallet";
import { createWalletInvoice } from "@/lib/lightning/simulator/invoices";
import { DEMO_WALLET } from "@/lib/lightning/simulator/wallets";
import { paymentsSettled } from "@/lib/payments/engine";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import { dispatchEvents } from "@/lib/webhooks/dispatch-events";
import { webhookEventBody } from "@/lib/webhooks/event-body";
import { linksOf } from "../support/withdraw-links";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { liveLink } from "../support/live-link";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { payWithdrawAt } from "../support/pay-withdraw";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

type Event = ReturnType<typeof eventObjectSchema.parse>;
type Shop = TestMerchant & { client: ReturnType<typeof api>; readOnly: ReturnType<typeof api> };

let server: Awaited<ReturnType<typeof serveRoutes>>;
let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  receiver = await startWebhookReceiver(() => 200);
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});
afterEach(() => paymentsSettled());

async function shop(): Promise<Shop> {
  const m = await createTestMerchant(1_000_000n);
  return { ...m, client: api(server.url, m.key), readOnly: api(server.url, m.readOnlyKey) };
}

async function createdWithdraw(s: Shop): Promise<string> {
  const res = await s.client.post("/api/v1/withdraws", { amount: "100", currency: "SATS" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** A withdraw created and cancelled over the API: one withdraw.cancelled event. */
async function cancelledWithdraw(s: Shop): Promise<string> {
  const id = await createdWithdraw(s);
  expect((await s.client.post(`/api/v1/withdraws/${id}/cancel`)).status).toBe(200);
  return id;
}

/** The merchant's events as the database orders them: newest first, ties by id. */
async function storedEvents(merchantId: string) {
  return db().event.findMany({ where: { merchantId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

async function list(client: ReturnType<typeof api>, query: string) {
  const res = await client.get(`/api/v1/events${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return eventListSchema.parse(res.body);
}

/** Every event of a query, page by page (`limit` 2) in one direction. */
async function walk(client: ReturnType<typeof api>, query: Record<string, string>, direction: "starting_after" | "ending_before" = "starting_after") {
  const seen: Event[] = [];
  let cursor = query[direction];
  for (let pages = 0; pages < 50; pages++) {
    const params = new URLSearchParams({ ...query, limit: "2", ...(cursor ? { [direction]: cursor } : {}) });
    const page = await list(client, `?${params}`);
    expect(page.data.length).toBeLessThanOrEqual(2);
    seen.push(...(direction === "starting_after" ? page.data : [...page.data].reverse()));
    if (!page.has_more) return direction === "starting_after" ? seen : seen.reverse();
    cursor = direction === "starting_after" ? page.data.at(-1)!.id : page.data[0].id;
  }
  throw new Error("more than 50 pages");
}

// Every form a withdraw's link could travel in: the secret, the URL, the bech32 LNURL, LUD-17, the claim page.
async function expectNoLink(text: string, withdrawIds: string[], where: string) {
  for (const id of withdrawIds) {
    const links = await linksOf(id);
    for (const form of [links.secret, links.url, links.lnurl, links.lnurl.toLowerCase(), links.lnurlw, links.claimUrl]) {
      expect(text.includes(form), `${where} carries a live link of ${id}`).toBe(false);
    }
  }
  expect(text, where).not.toMatch(/lnurl1[02-9ac-hj-np-z]{20,}|lnurlw:\/\/|\/api\/lnurl\/w\/[\w-]{20,}|\/claim\/[\w-]{20,}/i);
}

describe("one merchant's events", () => {
  let s: Shop;
  let other: Shop;
  let cancelled: string[];
  let paidWithdraw: string;
  let payoutId: string;
  let depositId: string;

  beforeAll(async () => {
    s = await shop();
    other = await shop();
    cancelled = [];
    for (let i = 0; i < 4; i++) cancelled.push(await cancelledWithdraw(s));
    paidWithdraw = await createdWithdraw(s);
    await payWithdrawAt(s.merchantId, paidWithdraw, 100_000n, new Date());
    const invoice = await createWalletInvoice(DEMO_WALLET, { amountMsat: 3_000_000n, description: "refund", expirySeconds: 3600 }, env().lightning.network);
    const payout = await s.client.post("/api/v1/payouts", { ln_invoice: invoice.invoice });
    expect(payout.status, JSON.stringify(payout.body)).toBe(201);
    payoutId = payout.body.id as string;
    const deposit = await s.client.post("/api/v1/deposits", { amount: "2500", currency: "SATS" });
    expect(deposit.status, JSON.stringify(deposit.body)).toBe(201);
    depositId = deposit.body.id as string;
    expect(await payFromDemoWallet(deposit.body.invoice as string)).toMatchObject({ status: "succeeded" });
    // Reading the deposit asks the node, so it is paid now.
    expect((await s.client.get(`/api/v1/deposits/${depositId}`)).body).toMatchObject({ status: "paid" });
    await paymentsSettled();
    await cancelledWithdraw(other);
  }, 60_000);

  it("lists every event newest first, each exactly its webhook body, paged without gaps or duplicates both ways", async () => {
    const stored = await storedEvents(s.merchantId);
    expect(stored.map((e) => e.type).sort()).toEqual(
      ["deposit.paid", "payout.paid", "withdraw.cancelled", "withdraw.cancelled", "withdraw.cancelled", "withdraw.cancelled", "withdraw.paid"].sort(),
    );
    const bodies = stored.map((e) => JSON.parse(webhookEventBody(e)) as unknown);

    const first = await list(s.client, "");
    expect(first).toMatchObject({ object: "list", url: "/api/v1/events", has_more: false });
    expect(first.data).toEqual(bodies);

    const forwards = await walk(s.client, {});
    expect(forwards).toEqual(bodies);
    const backwards = await walk(s.client, { ending_before: stored.at(-1)!.id }, "ending_before");
    expect(backwards).toEqual(bodies.slice(0, -1));

    for (const event of first.data) {
      const one = await s.client.get(`/api/v1/events/${event.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(event);
    }
  });

  it("filters by type and by the withdraw, payout or deposit an event is about, and filters combine", async () => {
    const ids = async (query: string) => (await list(s.client, query)).data.map((e) => [e.type, e.data.object.id]);
    expect(await ids("?type=withdraw.cancelled")).toEqual([...cancelled].reverse().map((id) => ["withdraw.cancelled", id]));
    expect(await ids(`?withdraw=${paidWithdraw}`)).toEqual([["withdraw.paid", paidWithdraw]]);
    expect(await ids(`?payout=${payoutId}`)).toEqual([["payout.paid", payoutId]]);
    expect(await ids(`?deposit=${depositId}`)).toEqual([["deposit.paid", depositId]]);
    expect(await ids(`?type=withdraw.cancelled&withdraw=${cancelled[1]}`)).toEqual([["withdraw.cancelled", cancelled[1]]]);
    expect(await ids(`?type=withdraw.expired&withdraw=${cancelled[1]}`)).toEqual([]);
    // A filtered list pages like any other.
    expect((await walk(s.client, { type: "withdraw.cancelled" })).map((e) => e.data.object.id)).toEqual([...cancelled].reverse());
  });

  it("never shows another merchant's event: not listed, not found, not a cursor", async () => {
    const [theirs] = await storedEvents(other.merchantId);
    expect(theirs).toBeDefined();
    expect((await walk(s.client, {})).map((e) => e.id)).not.toContain(theirs.id);
    const read = await s.client.get(`/api/v1/events/${theirs.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error).toMatchObject({ code: "not_found", param: "id" });
    const cursor = await s.client.get(`/api/v1/events?starting_after=${theirs.id}`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ code: "validation_error", param: "starting_after" });
    expect((await s.client.get("/api/v1/events/evt_00000000000000000000000000")).status).toBe(404);
  });

  it("refuses a bad query with 400 validation_error naming the parameter", async () => {
    const cases: [string, string | undefined, RegExp][] = [
      ["limit=0", "limit", /1 to 100/],
      ["limit=101", "limit", /1 to 100/],
      ["limit=ten", "limit", /1 to 100/],
      ["type=withdraw.created", "type", /withdraw\.paid/],
      ["withdraw=po_00000000000000000000000000", "withdraw", /wi_/],
      ["payout=wi_00000000000000000000000000", "payout", /po_/],
      ["deposit=nope", "deposit", /dep_/],
      ["created[gte]=yesterday", "created[gte]", /epoch milliseconds/],
      ["created[lte]=-1", "created[lte]", /epoch milliseconds/],
      ["starting_after=wi_00000000000000000000000000", "starting_after", /evt_/],
      [`starting_after=${"evt_" + "0".repeat(26)}&ending_before=${"evt_" + "0".repeat(26)}`, "ending_before", /not both/],
      ["object_id=wi_00000000000000000000000000", undefined, /Unknown parameter: object_id/],
    ];
    for (const [query, param, message] of cases) {
      const res = await s.readOnly.get(`/api/v1/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatchObject({ type: "invalid_request_error", code: "validation_error" });
      expect(res.body.error?.param, query).toBe(param);
      expect(res.body.error?.message, query).toMatch(message);
    }
  });

  it("answers a read-only key the same events as a full key", async () => {
    expect(await list(s.readOnly, "?limit=100")).toEqual(await list(s.client, "?limit=100"));
    const [event] = (await list(s.client, "?limit=1")).data;
    expect((await s.readOnly.get(`/api/v1/events/${event.id}`)).body).toEqual(event);
  });

  it("carries no live withdraw link in any event, to any key, though the withdraws have one", async () => {
    const withdrawIds = [...cancelled, paidWithdraw];
    // The links exist: a full key reading the unpaid-then-paid withdraw gets its link (the test would be empty otherwise).
    const paid = withdrawObjectSchema.parse((await s.client.get(`/api/v1/withdraws/${paidWithdraw}`)).body);
    expect(liveLink(paid)).toBe((await linksOf(paidWithdraw)).lnurl);
    for (const client of [s.client, s.readOnly]) {
      const page = await list(client, "?limit=100");
      expect(page.data.filter((e) => e.data.object.object === "withdraw")).toHaveLength(withdrawIds.length);
      await expectNoLink(JSON.stringify(page), withdrawIds, "the event list");
      for (const event of page.data) {
        const res = await fetch(`${server.url}/api/v1/events/${event.id}`, { headers: { Authorization: `Bearer ${client === s.client ? s.key : s.readOnlyKey}` } });
        await expectNoLink(await res.text(), withdrawIds, `event ${event.id}`);
        if (event.data.object.object === "withdraw") {
          expect(event.data.object.withdraw_methods_options.lnurl).toMatchObject({ withdraw_request: null, lnurlw: null, claim_url: null, withdraw_request_withheld: "not_in_events" });
        }
      }
    }
  });
});

describe("an integrator catching up after its webhook receiver was down", () => {
  it("finds every event it missed, each the body the failed webhook carried, by cursor and by time", async () => {
    const s = await shop();
    await createWebhookEndpoint(s.merchantId, { url: `${receiver.url}/catch-up`, events: ["withdraw.cancelled", "withdraw.paid", "payout.paid"] });
    const delivered = () => receiver.received.filter((r) => r.path === "/catch-up");

    // Up: the receiver takes the first event, and the integrator remembers it.
    await cancelledWithdraw(s);
    await dispatchEvents();
    await deliverDueWebhooks();
    expect(delivered().map((r) => r.answer)).toEqual([200]);
    const lastSeen = eventObjectSchema.parse(JSON.parse(delivered()[0].body));

    // Down: every event of the outage reaches a receiver that answers 503.
    receiver.setAnswer(({ path }) => (path === "/catch-up" ? 503 : 200));
    for (let i = 0; i < 4; i++) await cancelledWithdraw(s);
    const paid = await createdWithdraw(s);
    await payWithdrawAt(s.merchantId, paid, 100_000n, new Date());
    await dispatchEvents();
    await deliverDueWebhooks();
    const missed = delivered().filter((r) => r.answer === 503).map((r) => JSON.parse(r.body) as unknown);
    expect(missed).toHaveLength(5);
    receiver.setAnswer(() => 200);

    // Back: newer than the last event seen, page by page.
    const byCursor = await walk(s.client, { ending_before: lastSeen.id }, "ending_before");
    expect(sortById(byCursor)).toEqual(sortById(missed));
    // Or by time: created at or after the last event seen (that one included, as a time range is inclusive).
    const byTime = await walk(s.readOnly, { "created[gte]": String(lastSeen.created) });
    expect(sortById(byTime.filter((e) => e.id !== lastSeen.id))).toEqual(sortById(missed));
    expect(byTime.map((e) => e.id)).toContain(lastSeen.id);
  }, 60_000);
});

function sortById<T>(events: T[]): T[] {
  return [...events].sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1));
}
