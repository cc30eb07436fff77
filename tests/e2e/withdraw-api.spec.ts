// The withdraw flow as an integrator and a wallet see it, against the production build started by
// `npm start`: the admin CLI (talking to the running server's embedded database), the REST API, and a
// wallet pulling the LNURL over HTTP.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { TestWallet, type WithdrawRequest } from "../support/test-wallet";

const base = () => process.env.E2E_DEMO_URL!;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: process.env.E2E_DEMO_DATA_DIR!, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

test("a merchant set up with the CLI creates a withdraw over the API and a wallet pulls it", async ({ request }) => {
  const email = process.env.E2E_DEMO_EMAIL!;
  // Other spec files share this server's demo merchant: compare balances as differences.
  expect(cli("balance:credit", "--email", email, "--sats", "100000", "--note", "e2e float")).toMatch(/available \d+(\.\d{1,3})? sats/);
  const key = cli("apikey:create", "--email", email).trim().split("\n").at(-1)!;
  expect(key).toMatch(/^sk_[\w-]{43}$/);
  const auth = { Authorization: `Bearer ${key}` };
  const before = await (await request.get(`${base()}/api/v1/balance`, { headers: auth })).json();
  expect(before.available).toBeGreaterThanOrEqual(100_000);

  const created = await request.post(`${base()}/api/v1/withdraws`, {
    headers: auth,
    data: { amount: "0.0001", currency: "BTC", statement_descriptor: "E2E payout" },
  });
  expect(created.status()).toBe(201);
  const withdraw = await created.json();
  expect(withdraw).toMatchObject({ object: "withdraw", status: "unpaid", target_amount: 10_000, currency: "BTC", exchange_rate: "100000000" });

  const wallet = new TestWallet("regtest");
  const pulled = await wallet.withdraw(withdraw.withdraw_methods_options.lnurl.withdraw_request);
  expect(pulled.request as WithdrawRequest).toMatchObject({ minWithdrawable: 10_000_000, defaultDescription: "E2E payout" });
  expect(pulled.reply).toEqual({ status: "OK" });

  await expect
    .poll(async () => (await (await request.get(`${base()}/api/v1/withdraws/${withdraw.id}`, { headers: auth })).json()).status, { timeout: 15_000 })
    .toBe("paid");
  const balance = await (await request.get(`${base()}/api/v1/balance`, { headers: auth })).json();
  // 10 000 sats paid plus 1 sat + 100 ppm (1 sat) of simulated routing fee.
  // Compared in exact msat: the shared merchant's balance may hold fractions of a sat (payout fees).
  expect(balance).toMatchObject({
    object: "balance",
    available_msat: String(BigInt(before.available_msat) - 10_002_000n),
    reserved_msat: before.reserved_msat,
  });

  const cancel = await request.post(`${base()}/api/v1/withdraws/${withdraw.id}/cancel`, { headers: auth });
  expect(cancel.status()).toBe(409);
  expect((await cancel.json()).error).toMatchObject({ code: "withdraw_not_cancellable" });
});

test("the LNURL endpoints answer errors with HTTP 200 and CORS", async ({ request }) => {
  const res = await request.get(`${base()}/api/lnurl/w/unknown-secret`);
  expect(res.status()).toBe(200);
  expect(res.headers()["access-control-allow-origin"]).toBe("*");
  expect(await res.json()).toEqual({ status: "ERROR", reason: "This withdraw link is not valid." });
  const preflight = await request.fetch(`${base()}/api/lnurl/w/unknown-secret/callback`, { method: "OPTIONS" });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBe("*");
});

test("small LNURL and API answers are sent uncompressed; pages are still gzipped", async ({ request }) => {
  const gzip = { "Accept-Encoding": "gzip" };
  const lnurl = await request.get(`${base()}/api/lnurl/w/unknown-secret`, { headers: gzip });
  expect(lnurl.headers()["cache-control"]).toBe("no-store, no-transform");
  expect(lnurl.headers()["content-encoding"]).toBeUndefined();
  const unauthorised = await request.get(`${base()}/api/v1/withdraws`, { headers: gzip });
  expect(unauthorised.status()).toBe(401);
  expect(unauthorised.headers()["content-encoding"]).toBeUndefined();
  const page = await request.get(`${base()}/signin`, { headers: gzip });
  expect(page.status()).toBe(200);
  expect(page.headers()["content-encoding"]).toBe("gzip");
});
