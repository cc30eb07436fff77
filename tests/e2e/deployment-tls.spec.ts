// The "Deploying" recipe of docs/operating.md, run on this machine: Sluice started as `npm start` starts it, on a PostgreSQL
// server of its own reached through DATABASE_URL (an empty database, so the migrations run on start), with an
// https PUBLIC_URL, TRUSTED_PROXIES naming the proxy, and the secrets given in the environment; Caddy in front
// of it with TLS. Then, over https only: the owner signs up in Chromium (which trusts Caddy's root, nothing
// else), a wallet that trusts Caddy's root pulls a withdraw, and the security log shows the client's own
// address, which only the proxy's X-Forwarded-For can tell Sluice.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, test, type Browser } from "@playwright/test";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../lib/database/embedded";
import { decodeLnurl } from "../../lib/lnurl/codec";
import { CHROMIUM_ARGS, chromiumPath } from "../support/chromium";
import { TestWallet } from "../support/test-wallet";
import { browserHomeTrusting, caddyBinary, startCaddy, stopCaddy, type StartedCaddy } from "./caddy";
import { httpsClient } from "./https-client";
import { freePort, startSluice, stopSluice, type StartedSluice } from "./servers";

test.describe.configure({ mode: "serial" });

const owner = { business: "Harbour Tools", name: "Grace Hopper", email: "grace@harbour.example", password: "a long deployment password" };
// The wallet and the API client connect from an address of their own, so that the proxy (127.0.0.1) and the
// client can be told apart in what Sluice records.
const CLIENT_ADDRESS = "127.0.0.7";
const FORGED_ADDRESS = "203.0.113.66";
const HSTS = "max-age=31536000";

let database: EmbeddedDatabase;
let sluice: StartedSluice;
let caddy: StartedCaddy;
let browser: Browser;
let serverEnv: Record<string, string>;
let client: ReturnType<typeof httpsClient>;
const temporaryFolders: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(300_000);
  if (process.platform !== "linux") {
    throw new Error(`The deployment test needs Linux (a client address of 127.0.0.7 on loopback, Chromium's NSS store), not ${process.platform}.`);
  }
  caddyBinary(); // fails at once, saying how to install it, on a machine without Caddy
  const databaseDir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-external-pg-"));
  temporaryFolders.push(databaseDir);
  database = await startEmbeddedDatabase(databaseDir, { durable: false });
  const httpsPort = await freePort();
  serverEnv = {
    DATABASE_URL: database.url,
    PUBLIC_URL: `https://localhost:${httpsPort}`,
    TRUSTED_PROXIES: "127.0.0.1",
    LISTEN_ADDRESS: "127.0.0.1",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    LNURL_SECRET_KEY: randomBytes(32).toString("base64"),
    SLUICE_DEMO: "false",
  };
  sluice = await startSluice("tls", serverEnv);
  temporaryFolders.push(sluice.dataDir);
  caddy = await startCaddy(httpsPort, Number(new URL(sluice.url).port));
  temporaryFolders.push(caddy.dir);
  const browserHome = browserHomeTrusting(caddy.rootCertificate);
  temporaryFolders.push(browserHome);
  client = httpsClient({ ca: caddy.rootCertificate, localAddress: CLIENT_ADDRESS });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: browserHome },
  });
});

test.afterAll(async () => {
  await browser?.close();
  if (caddy) await stopCaddy(caddy);
  // The unit's KillMode=mixed sends SIGTERM to the launcher alone: it must stop everything and exit 0.
  const exitCode = sluice ? await stopSluice(sluice.child) : 0;
  await database?.stop();
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  expect(exitCode, sluice?.output()).toBe(0);
});

/** The admin CLI with the server's own environment, as docs/operating.md runs it on the server. */
function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, ...serverEnv, SLUICE_DATA_DIR: sluice.dataDir },
    encoding: "utf8",
  });
}

test("Sluice on DATABASE_URL migrates an empty database on start, and logs none of its secrets", () => {
  const output = sluice.output();
  expect(output).toContain("Database: PostgreSQL (DATABASE_URL)");
  expect(output).toMatch(/Applying \d+ database migrations?/);
  expect(output).toContain(`Sluice is ready: ${caddy.url}`);
  const password = decodeURIComponent(new URL(database.url).password);
  expect(password.length).toBeGreaterThan(8);
  for (const secret of [serverEnv.NEXTAUTH_SECRET, serverEnv.LNURL_SECRET_KEY, password]) expect(output).not.toContain(secret);
});

test("LISTEN_ADDRESS=127.0.0.1: Sluice answers on loopback's 127.0.0.1, where Caddy reaches it, and on no other address", async () => {
  const port = Number(new URL(sluice.url).port);
  const connects = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
  expect(await connects("127.0.0.1")).toBe(true);
  expect(await connects(CLIENT_ADDRESS)).toBe(false);
});

test("the owner signs up over https in a browser that trusts Caddy's root; pages carry HSTS and the session cookie is Secure", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signin = await page.goto(`${caddy.url}/signin`);
  expect(signin!.headers()["strict-transport-security"]).toBe(HSTS);
  expect(page.url()).toBe(`${caddy.url}/signin`);
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  await page.getByLabel("Business name").fill(owner.business);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create the owner account" }).click();
  await expect(page).toHaveURL(`${caddy.url}/`);
  await expect(page.getByTestId("merchant-name")).toHaveText(owner.business);

  const session = (await context.cookies(caddy.url)).find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ name: "__Secure-next-auth.session-token", secure: true, httpOnly: true });
  await context.close();
});

test("a wallet that trusts Caddy's root pulls a withdraw over https, and one that does not is refused by TLS", async () => {
  expect(cli("balance:credit", "--email", owner.email, "--sats", "50000", "--note", "deployment float")).toMatch(/available 50000 sats/);
  const key = cli("apikey:create", "--email", owner.email).trim().split("\n").at(-1)!;
  expect(key).toMatch(/^sk_[\w-]{43}$/);
  const auth = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };

  const created = await client(`${caddy.url}/api/v1/withdraws`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ amount: "21000", currency: "SATS", statement_descriptor: "Deployed payout" }),
  });
  expect(created.status).toBe(201);
  expect(created.headers.get("strict-transport-security")).toBe(HSTS);
  const withdraw = await created.json();
  const lnurl: string = withdraw.withdraw_methods_options.lnurl.withdraw_request;
  expect(decodeLnurl(lnurl)).toMatch(new RegExp(`^${caddy.url}/api/lnurl/w/[\\w-]+$`));

  // Without Caddy's root the certificate does not verify: the wallet gets no answer at all.
  const untrusting = new TestWallet("regtest", undefined, httpsClient({ localAddress: CLIENT_ADDRESS }));
  await expect(untrusting.firstStep(lnurl)).rejects.toMatchObject({ code: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" });

  const first = await client(decodeLnurl(lnurl));
  expect(first.headers.get("strict-transport-security")).toBe(HSTS);
  expect(first.headers.get("access-control-allow-origin")).toBe("*");

  const wallet = new TestWallet("regtest", undefined, client);
  const pulled = await wallet.withdraw(lnurl);
  expect(pulled.request).toMatchObject({ tag: "withdrawRequest", maxWithdrawable: 21_000_000, defaultDescription: "Deployed payout" });
  expect(pulled.request.callback).toMatch(new RegExp(`^${caddy.url}/api/lnurl/w/`));
  expect(pulled.reply).toEqual({ status: "OK" });

  await expect
    .poll(async () => (await (await client(`${caddy.url}/api/v1/withdraws/${withdraw.id}`, { headers: auth })).json()).status, { timeout: 15_000 })
    .toBe("paid");
});

test("the security log shows the client's own address from the proxy's X-Forwarded-For, not one the client forged", async () => {
  // A sign-in from CLIENT_ADDRESS through Caddy that claims to come from FORGED_ADDRESS: Caddy does not trust its
  // client's X-Forwarded-For and replaces it; Sluice believes the header because it comes from 127.0.0.1.
  const csrf = await client(`${caddy.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signedIn = await client(`${caddy.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, "X-Forwarded-For": FORGED_ADDRESS },
    body: new URLSearchParams({ csrfToken, email: owner.email, password: owner.password, json: "true", callbackUrl: `${caddy.url}/` }).toString(),
  });
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers.get("strict-transport-security")).toBe(HSTS);
  const sessionCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith("__Secure-next-auth.session-token="));
  expect(sessionCookie).toMatch(/; Secure(;|$)/i);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${caddy.url}/signin`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${caddy.url}/`);
  await page.goto(`${caddy.url}/settings/security`);
  const signIns = page.getByTestId("security-event").filter({ hasText: "Signed in" });
  await expect(signIns.filter({ hasText: CLIENT_ADDRESS })).toHaveCount(1);
  await expect(page.getByTestId("security-event").filter({ hasText: FORGED_ADDRESS })).toHaveCount(0);
  // This browser's own sign-in: Caddy is bound to 127.0.0.1, so the browser connects from there.
  await expect(signIns.filter({ hasText: "127.0.0.1" }).first()).toBeVisible();
  await context.close();
});
