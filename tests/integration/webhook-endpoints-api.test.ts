// Webhook endpoints over the REST API, over real HTTP through the real handlers against a real database: the
// secret is shown once (create and roll answers only, never stored in clear, not even by the Idempotency-Key
// store), URL rules and merchant scoping as in the dashboard, deletion that keeps delivery history, and a
// secret roll whose overlap signs each delivery with both secrets until it ends (the jobs' clock is moved by
// the test, not waited for).
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import { dispatchEvents } from "@/lib/webhooks/dispatch-events";
import { openSecret } from "@/lib/webhooks/secret-box";
import { parseSignatureHeader, verifySignature } from "@/lib/webhooks/signature";
import { webhookEndpointObjectSchema, webhookEndpointWithSecretSchema } from "@/lib/webhooks/serialize-endpoint";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

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

type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { error?: Record<string, string> } };

async function call(key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

const ENDPOINTS = "/api/v1/webhook_endpoints";

async function storedEndpoint(id: string) {
  return db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
}

describe("create, read, update, delete", () => {
  let shop: TestMerchant;
  beforeAll(async () => {
    shop = await createTestMerchant();
  });

  it("shows the secret in the create answer only; the database holds it sealed, and GET and the list never show it", async () => {
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/a`, events: ["withdraw.paid", "withdraw.paid"], description: "orders" });
    expect(created.status).toBe(201);
    const object = webhookEndpointWithSecretSchema.parse(created.body);
    expect(object).toMatchObject({ object: "webhook_endpoint", url: `${receiver.url}/a`, events: ["withdraw.paid"], description: "orders", enabled: true, disabled_at: null, previous_secret_expires_at: null });
    const stored = await storedEndpoint(object.id);
    expect(stored.merchantId).toBe(shop.merchantId);
    expect(stored.secretEncrypted).not.toContain(object.secret);
    expect(openSecret(stored.secretEncrypted)).toBe(object.secret);

    const one = await call(shop.key, "GET", `${ENDPOINTS}/${object.id}`);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty("secret");
    expect(JSON.stringify(one.body)).not.toContain(object.secret);
    const { secret: _secret, ...withoutSecret } = object;
    expect(webhookEndpointObjectSchema.parse(one.body)).toEqual(withoutSecret);

    const list = await call(shop.key, "GET", ENDPOINTS);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: "list", url: ENDPOINTS, has_more: false });
    expect((list.body.data as { id: string }[]).map((e) => e.id)).toContain(object.id);
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
  });

  it("creates a disabled endpoint when asked, and pages the list newest first with status filters", async () => {
    const other = await createTestMerchant();
    const ids: string[] = [];
    for (const enabled of [true, false, true]) {
      const res = await call(other.key, "POST", ENDPOINTS, { url: `${receiver.url}/p`, events: ["withdraw.expired"], enabled });
      expect(res.status).toBe(201);
      expect(res.body.enabled).toBe(enabled);
      expect(res.body.disabled_at === null).toBe(enabled);
      ids.push(res.body.id as string);
    }
    const first = await call(other.key, "GET", `${ENDPOINTS}?limit=2`);
    expect((first.body.data as { id: string }[]).map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.has_more).toBe(true);
    const rest = await call(other.key, "GET", `${ENDPOINTS}?limit=2&starting_after=${ids[1]}`);
    expect((rest.body.data as { id: string }[]).map((e) => e.id)).toEqual([ids[0]]);
    expect(rest.body.has_more).toBe(false);
    const disabled = await call(other.key, "GET", `${ENDPOINTS}?status=disabled`);
    expect((disabled.body.data as { id: string }[]).map((e) => e.id)).toEqual([ids[1]]);
    const bad = await call(other.key, "GET", `${ENDPOINTS}?status=paused`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "validation_error", param: "status" });
  });

  it("refuses a bad or private URL and bad fields with 400 naming the field, and creates nothing", async () => {
    const before = await db().webhookEndpoint.count({ where: { merchantId: shop.merchantId } });
    const cases: [unknown, string, string][] = [
      [{ url: "ftp://example.com/hook", events: ["withdraw.paid"] }, "url", "webhook_url_not_allowed"],
      [{ url: "https://user:pw@example.com/hook", events: ["withdraw.paid"] }, "url", "webhook_url_not_allowed"],
      [{ url: "", events: ["withdraw.paid"] }, "url", "validation_error"],
      [{ url: `${receiver.url}/a`, events: [] }, "events", "validation_error"],
      [{ url: `${receiver.url}/a`, events: ["withdraw.nope"] }, "events.0", "validation_error"],
      [{ url: `${receiver.url}/a`, events: ["withdraw.paid"], enabled: "yes" }, "enabled", "validation_error"],
      [{ url: `${receiver.url}/a`, events: ["withdraw.paid"], secret: "whsec_mine" }, "_", "validation_error"],
    ];
    for (const [body, param, code] of cases) {
      const res = await call(shop.key, "POST", ENDPOINTS, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.code, JSON.stringify(body)).toBe(code);
      if (param !== "_") expect(res.body.error?.param, JSON.stringify(body)).toBe(param);
      else expect(res.body.error?.message).toMatch(/Unknown parameter: secret/);
    }
    expect(await db().webhookEndpoint.count({ where: { merchantId: shop.merchantId } })).toBe(before);
  });

  it("updates url, events, description and enabled; a bad URL changes nothing", async () => {
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/u`, events: ["withdraw.paid"] });
    const id = created.body.id as string;
    const sealed = (await storedEndpoint(id)).secretEncrypted;
    const updated = await call(shop.key, "POST", `${ENDPOINTS}/${id}`, { url: `${receiver.url}/u2`, events: ["withdraw.expired", "withdraw.cancelled"], description: "new", enabled: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, url: `${receiver.url}/u2`, events: ["withdraw.expired", "withdraw.cancelled"], description: "new", enabled: false });
    expect(typeof updated.body.disabled_at).toBe("number");
    expect(updated.body).not.toHaveProperty("secret");

    const refused = await call(shop.key, "POST", `${ENDPOINTS}/${id}`, { url: "gopher://example.com/", enabled: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "webhook_url_not_allowed", param: "url" });
    const unknown = await call(shop.key, "POST", `${ENDPOINTS}/${id}`, { secret: "whsec_x" });
    expect(unknown.status).toBe(400);

    const stored = await storedEndpoint(id);
    expect(stored).toMatchObject({ url: `${receiver.url}/u2`, enabled: false, description: "new", secretEncrypted: sealed });
    const enabled = await call(shop.key, "POST", `${ENDPOINTS}/${id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabled_at: null, url: `${receiver.url}/u2` });
  });

  it("answers 404 for another merchant's endpoint on every route, and changes nothing", async () => {
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/mine`, events: ["withdraw.paid"] });
    const id = created.body.id as string;
    const before = await storedEndpoint(id);
    const stranger = await createTestMerchant();
    for (const [method, path, body] of [
      ["GET", `${ENDPOINTS}/${id}`, undefined],
      ["POST", `${ENDPOINTS}/${id}`, { enabled: false }],
      ["DELETE", `${ENDPOINTS}/${id}`, undefined],
      ["POST", `${ENDPOINTS}/${id}/roll_secret`, {}],
      ["GET", `${ENDPOINTS}/we_00000000000000000000000000`, undefined],
      ["GET", `${ENDPOINTS}/not-an-id`, undefined],
    ] as const) {
      const res = await call(stranger.key, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error?.code).toBe("not_found");
    }
    const list = await call(stranger.key, "GET", ENDPOINTS);
    expect(list.body.data).toEqual([]);
    expect(await storedEndpoint(id)).toEqual(before);
  });

  it("refuses read-only keys on every route with 403 insufficient_scope", async () => {
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/ro`, events: ["withdraw.paid"] });
    const id = created.body.id as string;
    for (const [method, path, body] of [
      ["GET", ENDPOINTS, undefined],
      ["POST", ENDPOINTS, { url: `${receiver.url}/ro`, events: ["withdraw.paid"] }],
      ["GET", `${ENDPOINTS}/${id}`, undefined],
      ["POST", `${ENDPOINTS}/${id}`, { enabled: false }],
      ["DELETE", `${ENDPOINTS}/${id}`, undefined],
      ["POST", `${ENDPOINTS}/${id}/roll_secret`, {}],
    ] as const) {
      const res = await call(shop.readOnlyKey, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error?.code).toBe("insufficient_scope");
    }
    expect((await storedEndpoint(id)).enabled).toBe(true);
  });

  it("deletes an endpoint without deliveries; one with deliveries is refused (409) and keeps its history", async () => {
    const lone = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/lone`, events: ["withdraw.cancelled"] });
    const deleted = await call(shop.key, "DELETE", `${ENDPOINTS}/${lone.body.id as string}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: lone.body.id, object: "webhook_endpoint", deleted: true });
    expect(await db().webhookEndpoint.findUnique({ where: { id: lone.body.id as string } })).toBeNull();
    expect((await call(shop.key, "GET", `${ENDPOINTS}/${lone.body.id as string}`)).status).toBe(404);

    const funded = await createTestMerchant(10_000n);
    const used = await call(funded.key, "POST", ENDPOINTS, { url: `${receiver.url}/used`, events: ["withdraw.cancelled"] });
    const withdraw = await createWithdraw(funded.merchantId, { amount: "100", currency: "SATS" });
    await cancelWithdraw(funded.merchantId, withdraw.id);
    await dispatchEvents(new Date());
    expect(await db().webhookDelivery.count({ where: { endpointId: used.body.id as string } })).toBe(1);
    const refused = await call(funded.key, "DELETE", `${ENDPOINTS}/${used.body.id as string}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "webhook_endpoint_has_deliveries" });
    expect(await db().webhookDelivery.count({ where: { endpointId: used.body.id as string } })).toBe(1);
  });
});

describe("Idempotency-Key and the secret", () => {
  it("replays a create without the secret, and never stores the secret in clear", async () => {
    const shop = await createTestMerchant();
    const body = { url: `${receiver.url}/idem`, events: ["withdraw.paid"] };
    const first = await call(shop.key, "POST", ENDPOINTS, body, { "Idempotency-Key": "create-hook-1" });
    expect(first.status).toBe(201);
    const secret = first.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const replay = await call(shop.key, "POST", ENDPOINTS, body, { "Idempotency-Key": "create-hook-1" });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body).not.toHaveProperty("secret");
    expect(await db().webhookEndpoint.count({ where: { merchantId: shop.merchantId } })).toBe(1);
    const stored = await db().idempotencyKey.findMany({ where: { merchantId: shop.merchantId } });
    expect(stored).toHaveLength(1);
    expect(stored[0].responseBody).toContain(first.body.id as string);
    expect(stored[0].responseBody).not.toContain(secret);
    expect(stored[0].responseBody).not.toContain("whsec_");
  });

  it("replays a roll without the new secret, and does not roll again", async () => {
    const shop = await createTestMerchant();
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/idem-roll`, events: ["withdraw.paid"] });
    const id = created.body.id as string;
    const rolled = await call(shop.key, "POST", `${ENDPOINTS}/${id}/roll_secret`, {}, { "Idempotency-Key": "roll-1" });
    expect(rolled.status).toBe(200);
    const secret = rolled.body.secret as string;
    const sealed = (await storedEndpoint(id)).secretEncrypted;
    expect(openSecret(sealed)).toBe(secret);
    const replay = await call(shop.key, "POST", `${ENDPOINTS}/${id}/roll_secret`, {}, { "Idempotency-Key": "roll-1" });
    expect(replay.status).toBe(200);
    expect(replay.body).not.toHaveProperty("secret");
    expect((await storedEndpoint(id)).secretEncrypted).toBe(sealed);
    const stored = await db().idempotencyKey.findFirstOrThrow({ where: { merchantId: shop.merchantId, key: "roll-1" } });
    expect(stored.responseBody).not.toContain(secret);
  });
});

describe("rolling the secret", () => {
  it("signs deliveries with both secrets during the overlap (each v1 verifying with its own), and with the new one only after it", async () => {
    const shop = await createTestMerchant(100_000n);
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/roll`, events: ["withdraw.cancelled"] });
    const id = created.body.id as string;
    const oldSecret = created.body.secret as string;

    const bad = await call(shop.key, "POST", `${ENDPOINTS}/${id}/roll_secret`, { expires_in_seconds: 7 * 24 * 3600 + 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "validation_error", param: "expires_in_seconds" });
    expect(openSecret((await storedEndpoint(id)).secretEncrypted)).toBe(oldSecret);

    const before = Date.now();
    const rolled = await call(shop.key, "POST", `${ENDPOINTS}/${id}/roll_secret`, { expires_in_seconds: 3600 });
    expect(rolled.status).toBe(200);
    const newSecret = webhookEndpointWithSecretSchema.parse(rolled.body).secret;
    expect(newSecret).not.toBe(oldSecret);
    const expiresAt = rolled.body.previous_secret_expires_at as number;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
    const stored = await storedEndpoint(id);
    expect(stored.previousSecretEncrypted).not.toContain(oldSecret);
    expect(openSecret(stored.previousSecretEncrypted!)).toBe(oldSecret);
    expect((await call(shop.key, "GET", `${ENDPOINTS}/${id}`)).body).not.toHaveProperty("secret");

    /** One event delivered at `at` (the jobs' clock): the header the receiver got. */
    async function deliverOneAt(at: Date) {
      const seen = receiver.received.length;
      const withdraw = await createWithdraw(shop.merchantId, { amount: "100", currency: "SATS" });
      await cancelWithdraw(shop.merchantId, withdraw.id);
      await dispatchEvents(at);
      await deliverDueWebhooks(at);
      const got = receiver.received.slice(seen).filter((r) => r.path === "/roll");
      expect(got).toHaveLength(1);
      return { header: String(got[0].headers["sluice-signature"]), body: got[0].body };
    }

    const during = new Date(expiresAt - 1000);
    const overlap = await deliverOneAt(during);
    const parsed = parseSignatureHeader(overlap.header)!;
    expect(parsed.signatures).toHaveLength(2);
    // A receiver holding either secret verifies the request.
    expect(verifySignature(newSecret, overlap.header, overlap.body, 300, during.getTime())).toBe(true);
    expect(verifySignature(oldSecret, overlap.header, overlap.body, 300, during.getTime())).toBe(true);
    // Each entry is its own secret's: the new one first.
    const only = (sig: string) => `t=${parsed.timestamp},v1=${sig}`;
    expect(verifySignature(newSecret, only(parsed.signatures[0]), overlap.body, 300, during.getTime())).toBe(true);
    expect(verifySignature(oldSecret, only(parsed.signatures[1]), overlap.body, 300, during.getTime())).toBe(true);
    expect(verifySignature(oldSecret, only(parsed.signatures[0]), overlap.body, 300, during.getTime())).toBe(false);

    const after = new Date(expiresAt);
    const later = await deliverOneAt(after);
    expect(parseSignatureHeader(later.header)!.signatures).toHaveLength(1);
    expect(verifySignature(newSecret, later.header, later.body, 300, after.getTime())).toBe(true);
    expect(verifySignature(oldSecret, later.header, later.body, 300, after.getTime())).toBe(false);
  });

  it("with expires_in_seconds 0 signs with the new secret only, at once", async () => {
    const shop = await createTestMerchant(100_000n);
    const created = await call(shop.key, "POST", ENDPOINTS, { url: `${receiver.url}/roll0`, events: ["withdraw.cancelled"] });
    const id = created.body.id as string;
    const rolled = await call(shop.key, "POST", `${ENDPOINTS}/${id}/roll_secret`, { expires_in_seconds: 0 });
    expect(rolled.status).toBe(200);
    const at = new Date((rolled.body.previous_secret_expires_at as number) + 1);
    const seen = receiver.received.length;
    const withdraw = await createWithdraw(shop.merchantId, { amount: "100", currency: "SATS" });
    await cancelWithdraw(shop.merchantId, withdraw.id);
    await dispatchEvents(at);
    await deliverDueWebhooks(at);
    const got = receiver.received.slice(seen).filter((r) => r.path === "/roll0");
    expect(got).toHaveLength(1);
    const header = String(got[0].headers["sluice-signature"]);
    expect(parseSignatureHeader(header)!.signatures).toHaveLength(1);
    expect(verifySignature(rolled.body.secret as string, header, got[0].body, 300, at.getTime())).toBe(true);
    expect(verifySignature(created.body.secret as string, header, got[0].body, 300, at.getTime())).toBe(false);
  });
});
