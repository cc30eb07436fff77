// A live withdraw link is a bearer capability to money: whoever holds it can take the amount. Only principals
// that may move money (owner and admin sessions, full-scope keys) ever receive one; nothing stores one in a
// usable form; events and webhook bodies never carry one. Each surface is checked here over real HTTP
// through the real route handlers, for each API principal (the dashboard's pages are checked in Chromium in
// tests/e2e/finance-links.spec.ts). Ends with a scan of every text and JSON column after a full flow.
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import { dispatchEvents } from "@/lib/webhooks/dispatch-events";
import { webhookEventBody } from "@/lib/webhooks/event-body";
import { expireDueWithdraws } from "@/lib/withdraws/expire-due-withdraws";
import { paymentsSettled } from "@/lib/payments/engine";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { liveLink } from "../support/live-link";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";
import { linksOf } from "../support/withdraw-links";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let wallet: TestWallet;
let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
  receiver = await startWebhookReceiver(() => 200);
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

type Sent = { status: number; text: string };
async function call(key: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Sent> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": path.endsWith("/batch") ? "text/csv" : "application/json" } : {}), ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}
const withdrawOf = (sent: Sent) => withdrawObjectSchema.parse(JSON.parse(sent.text));

/** Every form in which a withdraw's link could travel or rest: the secret, the URL, the bech32 LNURL, LUD-17. */
async function linkForms(withdrawId: string): Promise<string[]> {
  const links = await linksOf(withdrawId);
  return [links.secret, links.url, links.lnurl, links.lnurl.toLowerCase(), links.lnurlw, links.claimUrl];
}
async function expectNoLink(text: string, withdrawIds: string[], where: string) {
  for (const id of withdrawIds) for (const form of await linkForms(id)) expect(text.includes(form), `${where} carries a live link of ${id}`).toBe(false);
  expect(text, where).not.toMatch(/lnurl1[02-9ac-hj-np-z]{20,}|lnurlw:\/\/|\/api\/lnurl\/w\/[\w-]{20,}|\/claim\/[\w-]{20,}/i);
}
async function expectLinks(w: WithdrawObject) {
  const links = await linksOf(w.id);
  expect(w.withdraw_methods_options.lnurl).toMatchObject({ withdraw_request: links.lnurl, lightning_uri: links.lightningUri, lnurlw: links.lnurlw, claim_url: links.claimUrl, withdraw_request_withheld: null });
}
async function expectWithheld(w: WithdrawObject, reason: string) {
  expect(w.withdraw_methods_options.lnurl).toMatchObject({ withdraw_request: null, lightning_uri: null, lnurlw: null, claim_url: null, withdraw_request_withheld: reason });
  expect(w.paid_withdraw_request).toBeNull();
  await expectNoLink(JSON.stringify(w), [w.id], `withdraw ${w.id}`);
}

async function createWithdraw(shop: TestMerchant, body = '{"amount": "1000", "currency": "SATS"}', headers: Record<string, string> = {}): Promise<WithdrawObject> {
  const sent = await call(shop.key, "POST", "/api/v1/withdraws", body, headers);
  expect(sent.status, sent.text).toBe(201);
  return withdrawOf(sent);
}

describe("REST surfaces, per API principal", () => {
  it("retrieve and list: a full key gets the links, a read-only key gets null and the reason", async () => {
    const shop = await createTestMerchant(100_000n);
    const w = await createWithdraw(shop);
    await expectLinks(w);
    await expectLinks(withdrawOf(await call(shop.key, "GET", `/api/v1/withdraws/${w.id}`)));
    const retrieved = await call(shop.readOnlyKey, "GET", `/api/v1/withdraws/${w.id}`);
    expect(retrieved.status).toBe(200);
    await expectWithheld(withdrawOf(retrieved), "read_only_access");

    const listed = (key: string) => call(key, "GET", "/api/v1/withdraws?limit=10").then((s) => (JSON.parse(s.text) as { data: unknown[] }).data.map((d) => withdrawObjectSchema.parse(d)));
    for (const item of await listed(shop.key)) await expectLinks(item);
    const readOnlyList = await listed(shop.readOnlyKey);
    expect(readOnlyList.map((x) => x.id)).toEqual([w.id]);
    for (const item of readOnlyList) await expectWithheld(item, "read_only_access");
  });

  it("a read-only key cannot turn what it reads into money: the withheld withdraw is still unpaid after any wallet tries", async () => {
    const shop = await createTestMerchant(100_000n);
    const w = await createWithdraw(shop);
    const seen = await call(shop.readOnlyKey, "GET", `/api/v1/withdraws/${w.id}`);
    await expectNoLink(seen.text, [w.id], "a read-only key's answer");
    // Everything it received, tried as a link: none decodes to this withdraw's LNURL endpoint.
    for (const token of seen.text.match(/[A-Za-z0-9:/._-]{20,}/g) ?? []) {
      let url: string | null = null;
      try {
        url = decodeLnurl(token);
      } catch {
        url = null;
      }
      expect(url?.includes("/api/lnurl/w/") ?? false, token).toBe(false);
    }
    expect((await db().withdraw.findUniqueOrThrow({ where: { id: w.id } })).status).toBe("unpaid");
  });

  it("create and its Idempotency-Key replay: the stored answer holds no link, the replay derives it again and it works", async () => {
    const shop = await createTestMerchant(100_000n);
    const first = await createWithdraw(shop, '{"amount": "1500", "currency": "SATS"}', { "Idempotency-Key": "order-1" });
    await expectLinks(first);
    const stored = await db().idempotencyKey.findUniqueOrThrow({ where: { merchantId_key: { merchantId: shop.merchantId, key: "order-1" } } });
    await expectNoLink(stored.responseBody ?? "", [first.id], "idempotency_keys.response_body");

    const replay = await call(shop.key, "POST", "/api/v1/withdraws", '{"amount": "1500", "currency": "SATS"}', { "Idempotency-Key": "order-1" });
    expect(replay.status).toBe(201);
    const replayed = withdrawOf(replay);
    expect(replayed).toEqual(first);
    const pulled = await wallet.withdraw(liveLink(replayed));
    expect(pulled.reply).toEqual({ status: "OK" });
    await paymentsSettled();
    expect((await db().withdraw.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("paid");
  });

  it("cancel: the answer to a full key has the (now dead) link fields, a read-only key may not cancel", async () => {
    const shop = await createTestMerchant(100_000n);
    const w = await createWithdraw(shop);
    const refused = await call(shop.readOnlyKey, "POST", `/api/v1/withdraws/${w.id}/cancel`);
    expect(refused.status).toBe(403);
    await expectNoLink(refused.text, [w.id], "the refusal");
    const cancelled = withdrawOf(await call(shop.key, "POST", `/api/v1/withdraws/${w.id}/cancel`));
    expect(cancelled.status).toBe("cancelled");
  });

  it("batches: the object and the result file carry links only for a full key", async () => {
    const shop = await createTestMerchant(100_000n);
    const upload = await call(shop.key, "POST", "/api/v1/withdraws/batch", "amount,currency\n1000,SATS\n2000,SATS\n", { "Idempotency-Key": "batch-1" });
    expect(upload.status, upload.text).toBe(201);
    const batch = JSON.parse(upload.text) as { id: string; withdraws: unknown[] };
    const ids = batch.withdraws.map((w) => withdrawObjectSchema.parse(w).id);
    for (const w of batch.withdraws) await expectLinks(withdrawObjectSchema.parse(w));
    const stored = await db().idempotencyKey.findUniqueOrThrow({ where: { merchantId_key: { merchantId: shop.merchantId, key: "batch-1" } } });
    await expectNoLink(stored.responseBody ?? "", ids, "a batch's stored idempotent answer");

    const readOnly = JSON.parse((await call(shop.readOnlyKey, "GET", `/api/v1/withdraws/batches/${batch.id}`)).text) as { withdraws: unknown[] };
    for (const w of readOnly.withdraws) await expectWithheld(withdrawObjectSchema.parse(w), "read_only_access");

    const fullCsv = await call(shop.key, "GET", `/api/v1/withdraws/batches/${batch.id}/csv`);
    for (const id of ids) {
      const links = await linksOf(id);
      expect(fullCsv.text).toContain(links.lnurl);
      expect(fullCsv.text).toContain(links.claimUrl);
    }
    const readOnlyCsv = await call(shop.readOnlyKey, "GET", `/api/v1/withdraws/batches/${batch.id}/csv`);
    expect(readOnlyCsv.status).toBe(200);
    await expectNoLink(readOnlyCsv.text, ids, "the read-only batch file");
    expect(readOnlyCsv.text).toContain("withheld: read_only_access");
  });

  it("exports carry no link for any key", async () => {
    const shop = await createTestMerchant(100_000n);
    const w = await createWithdraw(shop);
    for (const key of [shop.key, shop.readOnlyKey]) {
      for (const format of ["csv", "jsonl"]) {
        const sent = await call(key, "GET", `/api/v1/exports/withdraws?format=${format}`);
        expect(sent.status).toBe(200);
        expect(sent.text).toContain(w.id);
        await expectNoLink(sent.text, [w.id], `withdraws export (${format})`);
      }
    }
  });
});

describe("events and webhooks", () => {
  it("payment_failed (the withdraw is unpaid again and its link still works), paid, cancelled, expired: no payload and no webhook body carries the link", async () => {
    const shop = await createTestMerchant(100_000n);
    const endpoint = await createWebhookEndpoint(shop.merchantId, { url: `${receiver.url}/links`, description: "links", events: ["withdraw.paid", "withdraw.payment_failed", "withdraw.cancelled", "withdraw.expired"] });
    const toPay = await createWithdraw(shop);
    const toCancel = await createWithdraw(shop);
    await setSimulatorMode({ mode: "fail" });
    try {
      expect((await wallet.withdraw(liveLink(toPay))).reply).toEqual({ status: "OK" });
      await paymentsSettled();
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    expect((await db().withdraw.findUniqueOrThrow({ where: { id: toPay.id } })).status).toBe("unpaid");
    expect((await wallet.withdraw(liveLink(toPay))).reply).toEqual({ status: "OK" });
    await paymentsSettled();
    await call(shop.key, "POST", `/api/v1/withdraws/${toCancel.id}/cancel`);
    const toExpire = await createWithdraw(shop, '{"amount": "1000", "currency": "SATS", "ttl": 180}');
    await expireDueWithdraws(new Date(toExpire.expires_at + 1000));

    const events = await db().event.findMany({ where: { merchantId: shop.merchantId } });
    expect(events.map((e) => e.type).sort()).toEqual(["withdraw.cancelled", "withdraw.expired", "withdraw.paid", "withdraw.payment_failed"]);
    for (const event of events) {
      await expectNoLink(JSON.stringify(event.payload), [toPay.id, toCancel.id, toExpire.id], `the ${event.type} event's payload`);
      await expectWithheld(withdrawObjectSchema.parse(event.payload), "not_in_events");
    }
    const before = receiver.received.length;
    await dispatchEvents(new Date());
    await deliverDueWebhooks(new Date());
    const bodies = receiver.received.slice(before).filter((r) => r.path === "/links");
    expect(bodies).toHaveLength(4);
    for (const r of bodies) await expectNoLink(r.body, [toPay.id, toCancel.id, toExpire.id], "a webhook body");
    expect(endpoint.secret).toMatch(/^whsec_/);
  });

  it("an event stored with a link by an earlier version is sent without it", async () => {
    const shop = await createTestMerchant(100_000n);
    const w = await createWithdraw(shop);
    const old = { ...w, status: "unpaid" as const };
    const body = webhookEventBody({ id: "evt_01jb0000000000000000000000", type: "withdraw.payment_failed", createdAt: new Date(), payload: old });
    await expectNoLink(body, [w.id], "the webhook body of an old event");
  });
});

describe("at rest", () => {
  it("after a full flow no text or JSON column of any table holds a working link, a withdraw secret, an API key or a webhook secret", async () => {
    const shop = await createTestMerchant(200_000n);
    const endpoint = await createWebhookEndpoint(shop.merchantId, { url: `${receiver.url}/rest`, description: "rest", events: ["withdraw.paid", "withdraw.payment_failed", "withdraw.cancelled"] });
    const a = await createWithdraw(shop, '{"amount": "1000", "currency": "SATS"}', { "Idempotency-Key": "flow-a" });
    const b = await createWithdraw(shop, '{"amount": "2000", "currency": "SATS", "metadata": {"order": "7"}}', { "Idempotency-Key": "flow-b" });
    await createWithdraw(shop, '{"amount": "3000", "currency": "SATS"}', { "Idempotency-Key": "flow-a-other" });
    await setSimulatorMode({ mode: "fail" });
    try {
      await wallet.withdraw(liveLink(a));
      await paymentsSettled();
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    await wallet.withdraw(liveLink(a));
    await paymentsSettled();
    await call(shop.key, "POST", `/api/v1/withdraws/${b.id}/cancel`, undefined, { "Idempotency-Key": "cancel-b" });
    const batch = await call(shop.key, "POST", "/api/v1/withdraws/batch", "amount,currency,descriptor\n1000,SATS,Prize\n1000,SATS,Prize\n", { "Idempotency-Key": "flow-batch" });
    expect(batch.status).toBe(201);
    await call(shop.key, "GET", "/api/v1/exports/withdraws?format=csv");
    await dispatchEvents(new Date());
    await deliverDueWebhooks(new Date());

    const withdrawIds = (await db().withdraw.findMany({ select: { id: true } })).map((w) => w.id);
    expect(withdrawIds.length).toBeGreaterThanOrEqual(5);
    const secrets = [shop.key, shop.readOnlyKey, endpoint.secret, "a long password"];
    const columns = await db().$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb') AND table_name <> '_prisma_migrations'`;
    expect(columns.length).toBeGreaterThan(20);
    let cells = 0;
    for (const { table_name, column_name } of columns) {
      const rows = await db().$queryRawUnsafe<{ v: string | null }[]>(`SELECT "${column_name}"::text AS v FROM "${table_name}"`);
      for (const { v } of rows) {
        if (v === null) continue;
        cells++;
        const where = `${table_name}.${column_name}`;
        await expectNoLink(v, withdrawIds, where);
        for (const secret of secrets) expect(v.includes(secret), `${where} holds a secret in plain text`).toBe(false);
      }
    }
    expect(cells).toBeGreaterThan(50);
  });
});
