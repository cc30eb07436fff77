// The role × action table: the "Who may do what" table of SECURITY.md is the code's (lib/auth/permissions.ts);
// every REST route declares one action of it, and a walk calls each route with a full and a read-only key:
// what the table allows works, what it refuses answers 403 and changes nothing. Every server action asks the
// same table before it does anything.
// The LNURL-auth sign-in route calls a local LUD-04 service on loopback.
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";
// Webhook endpoints are registered on loopback (nothing is delivered during the walk).
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { API_OPERATIONS, appRouterPath } from "@/lib/api/registry";
import { ACTIONS, allows, PERMISSIONS, PRINCIPALS, type Action, type Principal } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";
import { startFakeLnurlAuthService, type FakeLnurlAuthService } from "../support/fake-lnurl-auth-service";

const root = process.cwd();
let server: Awaited<ReturnType<typeof serveRoutes>>;
let authService: FakeLnurlAuthService;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  authService = await startFakeLnurlAuthService();
});
afterAll(async () => {
  await authService.close();
  await server.close();
});

function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path, name) : name.test(entry) ? [relative(root, path)] : [];
  });
}

describe("the table of SECURITY.md", () => {
  it("is the code's table, row for row and cell for cell", () => {
    const doc = readFileSync(join(root, "SECURITY.md"), "utf8");
    const block = doc.split("<!-- permission-table:start -->")[1]?.split("<!-- permission-table:end -->")[0];
    expect(block, "SECURITY.md lost its permission table markers").toBeDefined();
    const rows = block!
      .trim()
      .split("\n")
      .slice(2)
      .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
    expect(rows.map((r) => /\(`([a-z_.]+)`\)$/.exec(r[0])?.[1])).toEqual(ACTIONS);
    for (const row of rows) {
      const action = /\(`([a-z_.]+)`\)$/.exec(row[0])![1] as Action;
      expect(row[0]).toBe(`${PERMISSIONS[action].label} (\`${action}\`)`);
      expect(row.slice(1)).toEqual(PRINCIPALS.map((p) => (allows(p, action) ? "yes" : "no")));
    }
  });

  it("never lets a principal receive links that may not create withdraws, nor a read-only principal write", () => {
    for (const p of PRINCIPALS) {
      expect(allows(p, "withdraws.link")).toBe(allows(p, "withdraws.create"));
      if (p === "finance" || p === "read_only_key") {
        for (const action of ["withdraws.create", "withdraws.cancel", "batches.create", "payouts.create", "deposits.create", "lnurlauth.sign"] as const) expect(allows(p, action)).toBe(false);
      }
    }
  });
});

// For every REST route and method of the route registry (which names its action): one concrete request on
// objects of the caller's merchant.
type Fixture = {
  shop: TestMerchant;
  withdrawId: string;
  batchId: string;
  payoutId: string;
  depositId: string;
  eventId: string;
  webhookEndpointId: string;
  spareWebhookEndpointId: string;
  invoice: () => string;
};
type Req = { method: string; path: string; body?: string; type?: string };
const WALK: Record<string, (f: Fixture) => Req> = {
  "GET /api/v1/withdraws": () => ({ method: "GET", path: "/api/v1/withdraws" }),
  "POST /api/v1/withdraws": () => ({ method: "POST", path: "/api/v1/withdraws", body: '{"amount": "100", "currency": "SATS"}' }),
  "GET /api/v1/withdraws/[id]": (f) => ({ method: "GET", path: `/api/v1/withdraws/${f.withdrawId}` }),
  "POST /api/v1/withdraws/[id]/cancel": (f) => ({ method: "POST", path: `/api/v1/withdraws/${f.withdrawId}/cancel` }),
  "POST /api/v1/withdraws/batch": () => ({ method: "POST", path: "/api/v1/withdraws/batch", body: "amount,currency\n100,SATS\n", type: "text/csv" }),
  "GET /api/v1/withdraws/batches/[id]": (f) => ({ method: "GET", path: `/api/v1/withdraws/batches/${f.batchId}` }),
  "GET /api/v1/withdraws/batches/[id]/csv": (f) => ({ method: "GET", path: `/api/v1/withdraws/batches/${f.batchId}/csv` }),
  "GET /api/v1/balance": () => ({ method: "GET", path: "/api/v1/balance" }),
  "GET /api/v1/exports/withdraws": () => ({ method: "GET", path: "/api/v1/exports/withdraws?format=csv" }),
  "GET /api/v1/exports/ledger": () => ({ method: "GET", path: "/api/v1/exports/ledger?format=csv" }),
  "GET /api/v1/exports/statement": () => ({ method: "GET", path: "/api/v1/exports/statement?format=json" }),
  "GET /api/v1/lnurlscan/[code]": (f) => ({ method: "GET", path: `/api/v1/lnurlscan/${encodeURIComponent(f.invoice())}` }),
  "GET /api/v1/payouts": () => ({ method: "GET", path: "/api/v1/payouts" }),
  "POST /api/v1/payouts": (f) => ({ method: "POST", path: "/api/v1/payouts", body: JSON.stringify({ ln_invoice: f.invoice() }) }),
  "GET /api/v1/payouts/[id]": (f) => ({ method: "GET", path: `/api/v1/payouts/${f.payoutId}` }),
  "POST /api/v1/lnurlauth": () => ({ method: "POST", path: "/api/v1/lnurlauth", body: JSON.stringify({ callback: authService.loginUrl() }) }),
  "GET /api/v1/lnurlauth": () => ({ method: "GET", path: "/api/v1/lnurlauth" }),
  "POST /api/v1/deposits": () => ({ method: "POST", path: "/api/v1/deposits", body: '{"amount": "100", "currency": "SATS"}' }),
  "GET /api/v1/deposits": () => ({ method: "GET", path: "/api/v1/deposits" }),
  "GET /api/v1/deposits/[id]": (f) => ({ method: "GET", path: `/api/v1/deposits/${f.depositId}` }),
  "GET /api/v1/events": () => ({ method: "GET", path: "/api/v1/events" }),
  "GET /api/v1/events/[id]": (f) => ({ method: "GET", path: `/api/v1/events/${f.eventId}` }),
  "POST /api/v1/webhook_endpoints": () => ({ method: "POST", path: "/api/v1/webhook_endpoints", body: '{"url": "http://127.0.0.1:9/hook", "events": ["withdraw.paid"]}' }),
  "GET /api/v1/webhook_endpoints": () => ({ method: "GET", path: "/api/v1/webhook_endpoints" }),
  "GET /api/v1/webhook_endpoints/[id]": (f) => ({ method: "GET", path: `/api/v1/webhook_endpoints/${f.webhookEndpointId}` }),
  "POST /api/v1/webhook_endpoints/[id]": (f) => ({ method: "POST", path: `/api/v1/webhook_endpoints/${f.webhookEndpointId}`, body: '{"enabled": false}' }),
  "POST /api/v1/webhook_endpoints/[id]/roll_secret": (f) => ({ method: "POST", path: `/api/v1/webhook_endpoints/${f.webhookEndpointId}/roll_secret`, body: "{}" }),
  // The spare endpoint: the one walked above stays for the routes after this one.
  "DELETE /api/v1/webhook_endpoints/[id]": (f) => ({ method: "DELETE", path: `/api/v1/webhook_endpoints/${f.spareWebhookEndpointId}` }),
  "GET /api/v1/ledger_entries": () => ({ method: "GET", path: "/api/v1/ledger_entries" }),
  "GET /api/v1/withdraws/batches": () => ({ method: "GET", path: "/api/v1/withdraws/batches" }),
};

/** Every REST operation of the route registry with its action, by "METHOD /path" (App Router form). */
function declaredRoutes(): Map<string, Action> {
  return new Map(API_OPERATIONS.map((op) => [`${op.method} ${appRouterPath(op.path)}`, op.action]));
}

async function footprint(merchantId: string) {
  const [withdraws, payouts, deposits, batches, balance, ledger, lnurlAuthLogins, lnurlAuthSeeds, webhookEndpoints] = await Promise.all([
    db().withdraw.findMany({ where: { merchantId }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    db().payout.count({ where: { merchantId } }),
    db().deposit.count({ where: { merchantId } }),
    db().withdrawBatch.count({ where: { merchantId } }),
    db().balance.findUnique({ where: { merchantId }, select: { availableMsat: true, reservedMsat: true } }),
    db().ledgerEntry.count({ where: { merchantId } }),
    db().lnurlAuthLogin.count({ where: { merchantId } }),
    db().lnurlAuthSeed.count({ where: { merchantId } }),
    db().webhookEndpoint.findMany({ where: { merchantId }, orderBy: { id: "asc" } }),
  ]);
  return { withdraws, payouts, deposits, batches, balance, ledger, lnurlAuthLogins, lnurlAuthSeeds, webhookEndpoints };
}

async function fixture(): Promise<Fixture> {
  const shop = await createTestMerchant(1_000_000n);
  const send = async (req: Req) => {
    const res = await fetch(`${server.url}${req.path}`, {
      method: req.method,
      headers: { Authorization: `Bearer ${shop.key}`, ...(req.body ? { "Content-Type": req.type ?? "application/json" } : {}) },
      body: req.body,
    });
    expect(res.status, req.path).toBe(201);
    return (await res.json()) as { id: string };
  };
  const wallet = new TestWallet("regtest");
  const invoice = () => wallet.invoice(5_000n);
  const withdrawId = (await send(WALK["POST /api/v1/withdraws"]({} as Fixture))).id;
  const batchId = (await send(WALK["POST /api/v1/withdraws/batch"]({} as Fixture))).id;
  const payoutId = (await send({ method: "POST", path: "/api/v1/payouts", body: JSON.stringify({ ln_invoice: invoice() }) })).id;
  const depositId = (await send(WALK["POST /api/v1/deposits"]({} as Fixture))).id;
  // An event to read: a second withdraw, cancelled (withdraw.cancelled).
  const cancelled = (await send(WALK["POST /api/v1/withdraws"]({} as Fixture))).id;
  expect((await fetch(`${server.url}/api/v1/withdraws/${cancelled}/cancel`, { method: "POST", headers: { Authorization: `Bearer ${shop.key}` } })).status).toBe(200);
  const eventId = (await db().event.findFirstOrThrow({ where: { merchantId: shop.merchantId, withdrawId: cancelled }, select: { id: true } })).id;
  const webhookEndpointId = (await send(WALK["POST /api/v1/webhook_endpoints"]({} as Fixture))).id;
  const spareWebhookEndpointId = (await send(WALK["POST /api/v1/webhook_endpoints"]({} as Fixture))).id;
  return { shop, withdrawId, batchId, payoutId, depositId, eventId, webhookEndpointId, spareWebhookEndpointId, invoice };
}

describe("the REST walk", () => {
  // That the registry lists every route of app/api/v1 with the action its handler asks for is
  // tests/security/route-registry.test.ts.
  it("covers every REST operation of the route registry", () => {
    expect([...declaredRoutes().keys()].sort()).toEqual(Object.keys(WALK).sort());
  });

  for (const principal of ["full_key", "read_only_key"] as const satisfies readonly Principal[]) {
    it(`${principal}: allowed routes work, refused ones answer 403 insufficient_scope and change nothing`, { timeout: 60_000 }, async () => {
      const routes = declaredRoutes();
      const f = await fixture();
      const key = principal === "full_key" ? f.shop.key : f.shop.readOnlyKey;
      let allowed = 0;
      let refused = 0;
      // Cancelling first would leave nothing to read about the withdraw's cancel: walk the writes last.
      const order = [...routes.entries()].sort(([a], [b]) => Number(a.includes("cancel")) - Number(b.includes("cancel")));
      for (const [route, action] of order) {
        const req = WALK[route](f);
        const before = await footprint(f.shop.merchantId);
        const res = await fetch(`${server.url}${req.path}`, {
          method: req.method,
          headers: { Authorization: `Bearer ${key}`, ...(req.body ? { "Content-Type": req.type ?? "application/json" } : {}) },
          body: req.body,
        });
        const text = await res.text();
        if (allows(principal, action)) {
          allowed++;
          expect(res.status, `${route} as ${principal}: ${text}`).toBeGreaterThanOrEqual(200);
          expect(res.status, `${route} as ${principal}: ${text}`).toBeLessThan(300);
        } else {
          refused++;
          expect(res.status, `${route} as ${principal}`).toBe(403);
          expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe("insufficient_scope");
          expect(await footprint(f.shop.merchantId), `${route} as ${principal} changed something`).toEqual(before);
        }
      }
      expect(allowed + refused).toBe(routes.size);
      if (principal === "read_only_key") expect(refused).toBeGreaterThanOrEqual(4);
      else expect(refused).toBe(0);
    });
  }
});

describe("server actions", () => {
  it("every exported action asks the table (requirePermission) before it does anything", () => {
    // The sign-in group serves people who are not signed in (the first owner's creation checks that no
    // merchant exists yet), the public group a merchant's customers (checked below); every other action acts
    // for a signed-in user.
    const files = filesUnder(join(root, "app"), /^actions\.ts$/).filter((f) => !f.startsWith("app/(auth)/") && !f.startsWith("app/(public)/"));
    expect(files.length).toBeGreaterThanOrEqual(8);
    let checked = 0;
    for (const file of files) {
      const source = readFileSync(join(root, file), "utf8");
      expect(source.startsWith('"use server"'), file).toBe(true);
      // Local helpers that ask the table (the demo wallet's guard()) count as asking.
      const helpers = [...source.matchAll(/(?:async )?function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)]
        .filter(([, , body]) => /requirePermission\("([a-z_.]+)"\)/.test(body))
        .map(([, name]) => name);
      for (const [, name, body] of source.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
        const direct = /requirePermission\("([a-z_.]+)"\)/.exec(body)?.[1];
        const viaHelper = helpers.some((h) => new RegExp(`\\b${h}\\(`).test(body));
        expect(direct !== undefined || viaHelper, `${file}: ${name} must call requirePermission`).toBe(true);
        if (direct) expect(ACTIONS, `${file}: ${name}`).toContain(direct);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it("every public action (a customer's, no sign-in) acts only through the withdraw secret it was given", () => {
    const files = filesUnder(join(root, "app"), /^actions\.ts$/).filter((f) => f.startsWith("app/(public)/"));
    expect(files.length).toBeGreaterThanOrEqual(1);
    let checked = 0;
    for (const file of files) {
      const source = readFileSync(join(root, file), "utf8");
      expect(source.startsWith('"use server"'), file).toBe(true);
      expect(source, file).not.toMatch(/requireAccount|getServerSession|from "@\/lib\/db"/);
      for (const [, name, body] of source.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
        // The secret is validated, then the only thing handed to the domain: the withdraw it opens is all it can touch.
        expect(body, `${file}: ${name}`).toMatch(/parseInput\(\w+, \{\s*secret: form\.get\("secret"\)/);
        expect(body, `${file}: ${name}`).toMatch(/await claim\w+\((?:\{ secret: )?data\.secret/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
