// Issue 26, the session side. A live withdraw link (the LNURL, its lightning: and lnurlw:// forms, the QR, a
// voucher, a claim page link, a batch file's link columns) is a bearer capability to money. The rule: an owner
// or admin session receives links of its own merchant's withdraws only; a finance session receives none at all;
// and no session ever sees another merchant's objects.
//
// Two merchants on the demo server: A (the demo merchant) and B (made with the admin CLI, with an owner, an
// admin and a finance user). B's caller-written fields (withdraw, payout and deposit metadata, statement
// descriptors, batch CSV descriptor cells and file name, webhook endpoint URL and description, API key name,
// ledger note) carry A's ids and withdraw-shaped JSON naming A's withdraws. Each of B's users then opens every
// dashboard page and session download found on disk, with B's ids and with A's ids, and an independent oracle
// (./capability-oracle.ts, which shares no code with Sluice's link derivation) reads every answer for links,
// decodes every QR code drawn, and asks the database which withdraw each secret opens.
//
// QR codes are inline SVG here, so the oracle decodes each one rather than trusting the text shown beside it
// (a voucher shows no text form at all), and checks that every element labelled as a QR code was read. A QR
// drawn as a PNG data: URL could not be read; a finance page may show none.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import fc from "fast-check";
import QRCode from "qrcode";
import { Client } from "pg";
import { TestWallet } from "../support/test-wallet";
import { candidates, decodeQrSvg, flat, qrLikeSvgs, withdrawsOpened, type Candidate, type Opened } from "../support/capability-oracle";
import { base, cli, fullAccessKey, signIn } from "./demo";

type Role = "owner" | "admin" | "finance";
type Ids = { unpaid: string; paid: string; cancelled: string; batch: string; batchRows: string[]; payout: string; deposit: string; webhook: string };

// What one spec run sets up; filled by beforeAll.
type World = {
  tag: string;
  db: Client;
  a: Ids & { merchant: string; ledgerEntry: string; securityEvent: string; user: string };
  b: Ids & { merchant: string; name: string; ledgerEntry: string };
  users: Record<Role, { email: string; password: string }>;
  /** Every id of merchant A in the database (all tables with a merchant_id), and the regex of their shapes. */
  aIds: Set<string>;
  aIdPattern: RegExp;
  /** The full caller-written values of A's objects: none may ever appear on a page of B. */
  aPrivate: string[];
  /** What B itself wrote that holds A's ids, in the comparison form (flat), longest first. */
  bWrote: string[];
};

let world: World;

// ---------------------------------------------------------------------------------------------------------
// REST helpers (setup only).

async function api<T>(key: string, method: "GET" | "POST", url: string, body?: unknown, contentType = "application/json"): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const send = () =>
      fetch(`${base()}${url}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": contentType }) },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
    // A kept-alive connection the server closed while the CLI ran (its keep-alive is 5 s) fails once: send again.
    const res = await send().catch(send);
    if (res.status === 429 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? "1")));
      continue;
    }
    const text = await res.text();
    expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
    return JSON.parse(text) as T;
  }
}

type WithdrawAnswer = { id: string; status: string; withdraw_methods_options: { lnurl: { withdraw_request: string | null } } };

async function withdraw(key: string, body: Record<string, unknown>): Promise<WithdrawAnswer> {
  return api<WithdrawAnswer>(key, "POST", "/api/v1/withdraws", { amount: "1100", currency: "SATS", ...body });
}

async function paidWithdraw(key: string, body: Record<string, unknown>): Promise<string> {
  const w = await withdraw(key, body);
  const pulled = await new TestWallet("regtest").withdraw(w.withdraw_methods_options.lnurl.withdraw_request!);
  expect(pulled.reply).toEqual({ status: "OK" });
  await expect.poll(async () => (await api<WithdrawAnswer>(key, "GET", `/api/v1/withdraws/${w.id}`)).status, { timeout: 20_000 }).toBe("paid");
  return w.id;
}

async function cancelledWithdraw(key: string, body: Record<string, unknown>): Promise<string> {
  const w = await withdraw(key, body);
  await api(key, "POST", `/api/v1/withdraws/${w.id}/cancel`);
  return w.id;
}

const csvCell = (value: string) => `"${value.replace(/"/g, '""')}"`;

async function batch(key: string, fileName: string, descriptors: string[]): Promise<{ id: string; rows: string[] }> {
  const csv = ["amount,currency,descriptor", ...descriptors.map((d, i) => `${1000 + i},SATS,${csvCell(d)}`)].join("\n") + "\n";
  const b = await api<{ id: string; withdraws: { id: string }[] }>(key, "POST", `/api/v1/withdraws/batch?file_name=${encodeURIComponent(fileName)}`, csv, "text/csv");
  return { id: b.id, rows: b.withdraws.map((w) => w.id) };
}

// ---------------------------------------------------------------------------------------------------------
// B's caller-written values, and the forms in which a page may show them back.

/** PostgreSQL's jsonb keeps object keys shorter first, then in byte order; pages show metadata as stored. */
function jsonbOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
    return Object.fromEntries(keys.map((k) => [k, jsonbOrder((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** A metadata object as a page may show it: whole (as sent and as stored), and each top-level member. */
function jsonForms(metadata: Record<string, unknown>): string[] {
  const forms = [JSON.stringify(metadata), JSON.stringify(jsonbOrder(metadata))];
  for (const [k, v] of Object.entries(metadata)) forms.push(`"${k}":${JSON.stringify(jsonbOrder(v))}`, `"${k}":${JSON.stringify(v)}`);
  return forms;
}

/** Withdraw-shaped JSON naming A's withdraws, and wrappers a replay path might unwrap (fixed seed). */
function baits(aWithdraws: string[], aMerchant: string, runs: number, seed: number): unknown[] {
  const withdrawShaped = fc.record(
    {
      object: fc.constant("withdraw"),
      id: fc.constantFrom(...aWithdraws),
      merchant: fc.constant(aMerchant),
      status: fc.constantFrom("unpaid", "processing"),
      withdraw_methods_options: fc.constantFrom(
        { lnurl: {} },
        { lnurl: { withdraw_request: null } },
        { lnurl: { withdraw_request: null, claim_url: null, lnurlw: null, lightning_uri: null } },
      ),
    },
    { requiredKeys: ["object", "id", "withdraw_methods_options"] },
  );
  const wrapped = fc.oneof(
    withdrawShaped,
    withdrawShaped.map((w) => [w]),
    withdrawShaped.map((w) => ({ object: "list", data: [w] })),
    withdrawShaped.map((w) => ({ object: "event", type: "withdraw.paid", data: { object: w } })),
  );
  return fc.sample(wrapped, { seed, numRuns: runs });
}

const compactBait = (id: string) => JSON.stringify({ object: "withdraw", id, withdraw_methods_options: { lnurl: {} } });

// ---------------------------------------------------------------------------------------------------------
// Setup: A's objects (marked private), then B's (holding A's ids).

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const tag = randomBytes(4).toString("hex");
  const db = new Client({ connectionString: cli("db:url").trim() });
  await db.connect();

  // Merchant A: the demo merchant. Its caller-written values carry a marker no page of B may ever show.
  const aEmail = process.env.E2E_DEMO_EMAIL!;
  const mark = (what: string) => `a-private-${tag}-${what}`;
  cli("balance:credit", "--email", aEmail, "--sats", "60000", "--note", mark("ledger-note"));
  const aKey = fullAccessKey(mark("api-key"));
  const aMeta = (what: string) => ({ a_private: mark(`meta-${what}`) });
  const aUnpaid = (await withdraw(aKey, { statement_descriptor: mark("unpaid"), metadata: aMeta("unpaid") })).id;
  const aPaid = await paidWithdraw(aKey, { statement_descriptor: mark("paid"), metadata: aMeta("paid") });
  const aCancelled = await cancelledWithdraw(aKey, { statement_descriptor: mark("cancelled"), metadata: aMeta("cancelled") });
  const aBatch = await batch(aKey, `${mark("batch")}.csv`, [mark("batch-row-1"), mark("batch-row-2")]);
  const aPayout = (
    await api<{ id: string }>(aKey, "POST", "/api/v1/payouts", {
      ln_invoice: new TestWallet("regtest").invoice(1_200_000n),
      statement_descriptor: mark("payout"),
      metadata: aMeta("payout"),
    })
  ).id;
  const aDeposit = (await api<{ id: string }>(aKey, "POST", "/api/v1/deposits", { amount: "1300", metadata: aMeta("deposit") })).id;
  const aWebhook = (
    await api<{ id: string }>(aKey, "POST", "/api/v1/webhook_endpoints", {
      url: `http://127.0.0.1:9/${mark("webhook-url")}`,
      description: mark("webhook"),
      events: ["withdraw.paid"],
    })
  ).id;
  const aMerchant = (await db.query<{ merchant_id: string }>("SELECT merchant_id FROM users WHERE email = $1", [aEmail])).rows[0].merchant_id;
  const one = async (sql: string) => (await db.query<{ id: string }>(sql, [aMerchant])).rows[0]?.id ?? "";
  const aLedgerEntry = await one("SELECT id FROM ledger_entries WHERE merchant_id = $1 ORDER BY created_at DESC LIMIT 1");
  const aSecurityEvent = await one("SELECT id FROM security_events WHERE merchant_id = $1 ORDER BY id DESC LIMIT 1");
  const aUser = await one("SELECT id FROM users WHERE merchant_id = $1 LIMIT 1");
  const aPrivate = [
    "unpaid", "paid", "cancelled", "batch", "batch-row-1", "batch-row-2", "payout", "webhook", "webhook-url", "api-key", "ledger-note",
    ...["unpaid", "paid", "cancelled", "payout", "deposit"].map((w) => `meta-${w}`),
  ].map(mark);

  // Merchant B, its three users, and its own objects whose caller-written fields hold A's ids.
  const aWithdraws = [aUnpaid, aPaid, aCancelled, ...aBatch.rows];
  const aOthers = { a_batch: aBatch.id, a_payout: aPayout, a_deposit: aDeposit, a_webhook: aWebhook, a_merchant: aMerchant };
  const bWrote: string[] = [];
  const wrote = (value: string) => {
    bWrote.push(value);
    return value;
  };
  const bMeta = (seed: number) => {
    const m: Record<string, unknown> = { b_order: aUnpaid, b_refund_of: aPaid, ...aOthers, b_bait: JSON.parse(compactBait(aUnpaid)) };
    baits(aWithdraws, aMerchant, 4, seed).forEach((bait, i) => (m[`b_variant_${i}`] = bait));
    m.b_bait_text = compactBait(aCancelled);
    bWrote.push(...jsonForms(m));
    return m;
  };
  const users = {
    owner: { email: `b-owner-${tag}@tenancy.test`, password: `b owner ${tag}` },
    admin: { email: `b-admin-${tag}@tenancy.test`, password: `b admin ${tag}` },
    finance: { email: `b-finance-${tag}@tenancy.test`, password: `b finance ${tag}` },
  };
  const bName = `Merchant B ${tag}`;
  const created = cli("merchant:create", "--name", bName, "--email", users.owner.email, "--password", users.owner.password);
  const bMerchant = /merchant (mer_[0-9a-z]+)/.exec(created)?.[1];
  expect(bMerchant, created).toBeTruthy();
  for (const role of ["admin", "finance"] as const) {
    cli("user:add", "--merchant-email", users.owner.email, "--email", users[role].email, "--password", users[role].password, "--role", role);
  }
  cli("balance:credit", "--email", users.owner.email, "--sats", "60000", "--note", wrote(`float for ${aUnpaid} ${compactBait(aPaid)}`));
  const keyName = wrote(`key for ${aUnpaid} ${aBatch.id}`);
  const bKey = cli("apikey:create", "--email", users.owner.email, "--name", keyName).trim().split("\n").pop()!.trim();
  // The endpoint first, so that B's withdraw events below are deliveries it lists (with B's metadata in them).
  const bWebhook = (
    await api<{ id: string }>(bKey, "POST", "/api/v1/webhook_endpoints", {
      url: wrote(`http://127.0.0.1:9/hooks/${aUnpaid}?withdraw=${aPaid}&batch=${aBatch.id}`),
      description: wrote(compactBait(aUnpaid)),
      events: ["withdraw.paid", "withdraw.cancelled", "payout.paid", "deposit.paid"],
    })
  ).id;
  const descriptor = (id: string) => {
    const d = wrote(compactBait(id));
    expect(d.length, "a descriptor is at most 140 characters").toBeLessThanOrEqual(140);
    return d;
  };
  const bUnpaid = (await withdraw(bKey, { statement_descriptor: descriptor(aUnpaid), metadata: bMeta(1) })).id;
  const bPaid = await paidWithdraw(bKey, { statement_descriptor: descriptor(aPaid), metadata: bMeta(2) });
  const bCancelled = await cancelledWithdraw(bKey, { statement_descriptor: descriptor(aCancelled), metadata: bMeta(3) });
  const bBatch = await batch(bKey, wrote(`batch-for-${aBatch.id}.csv`), [descriptor(aUnpaid), descriptor(aBatch.rows[0]), descriptor(aBatch.rows[1])]);
  const bPayout = (
    await api<{ id: string }>(bKey, "POST", "/api/v1/payouts", {
      ln_invoice: new TestWallet("regtest").invoice(1_100_000n),
      statement_descriptor: descriptor(aUnpaid),
      metadata: bMeta(4),
    })
  ).id;
  const bDeposit = (await api<{ id: string }>(bKey, "POST", "/api/v1/deposits", { amount: "1400", metadata: bMeta(5) })).id;
  const bLedgerEntry = (await db.query<{ id: string }>("SELECT id FROM ledger_entries WHERE merchant_id = $1 LIMIT 1", [bMerchant])).rows[0].id;

  // Every id of A the database holds, whatever its kind.
  const aIds = new Set<string>([aMerchant]);
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'merchant_id'
     AND table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id')`,
  );
  for (const { table_name } of tables) {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM "${table_name}" WHERE merchant_id = $1`, [aMerchant]);
    for (const { id } of rows) if (/^[a-z]{2,3}_[0-9a-z]{26}$/.test(id)) aIds.add(id);
  }
  const prefixes = [...new Set([...aIds].map((id) => id.split("_")[0]))].sort((x, y) => y.length - x.length);

  world = {
    tag,
    db,
    a: { merchant: aMerchant, unpaid: aUnpaid, paid: aPaid, cancelled: aCancelled, batch: aBatch.id, batchRows: aBatch.rows, payout: aPayout, deposit: aDeposit, webhook: aWebhook, ledgerEntry: aLedgerEntry, securityEvent: aSecurityEvent, user: aUser },
    b: { merchant: bMerchant!, name: bName, unpaid: bUnpaid, paid: bPaid, cancelled: bCancelled, batch: bBatch.id, batchRows: bBatch.rows, payout: bPayout, deposit: bDeposit, webhook: bWebhook, ledgerEntry: bLedgerEntry },
    users,
    aIds,
    aIdPattern: new RegExp(`(?:${prefixes.join("|")})_[0-9a-z]{26}`, "g"),
    aPrivate,
    bWrote: [...new Set(bWrote.map(flat))].sort((x, y) => y.length - x.length),
  };
});

test.afterAll(async () => {
  await world?.db.end();
});

// ---------------------------------------------------------------------------------------------------------
// What is visited: every page.tsx and route.ts under app/(dashboard), as found on disk.

type Visit = { path: string; download?: true; /** The URL names one of A's objects in its path: "not found". */ aInPath?: true };

function routesOnDisk(): string[] {
  const root = path.join(process.cwd(), "app", "(dashboard)");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f))
    .map((f) => {
      const route = `/${path.dirname(f)}`.replace(/\/\([^)]+\)/g, "").replace(/\/\.$/, "");
      return `${route || "/"} ${f.endsWith("route.ts") ? "(route)" : "(page)"}`;
    })
    .sort();
}

function visitsOf(w: World): Record<string, Visit[]> {
  const { a, b } = w;
  const pages = (...paths: string[]): Visit[] => paths.map((p) => ({ path: p }));
  const notFound = (...paths: string[]): Visit[] => paths.map((p) => ({ path: p, aInPath: true }));
  const downloads = (...paths: string[]): Visit[] => paths.map((p) => ({ path: p, download: true }));
  const allA = [a.unpaid, a.paid, a.cancelled, ...a.batchRows];
  return {
    "/ (page)": pages("/"),
    "/balance (page)": pages("/balance", `/balance?deposit=${b.deposit}`, `/balance?deposit=${a.deposit}`, `/balance?before=${a.ledgerEntry}`, `/balance?before=${b.ledgerEntry}`),
    "/developers (page)": pages("/developers"),
    "/developers/api-keys (page)": pages("/developers/api-keys"),
    "/developers/lnurl-auth (page)": pages("/developers/lnurl-auth"),
    "/developers/webhooks (page)": pages("/developers/webhooks"),
    "/developers/webhooks/[id] (page)": [...pages(`/developers/webhooks/${b.webhook}`), ...notFound(`/developers/webhooks/${a.webhook}`)],
    "/exports (page)": pages("/exports", `/exports?dataset=withdraws&status=unpaid&error=status_invalid`),
    "/exports/download (route)": downloads(
      ...["withdraws", "ledger"].flatMap((d) => ["csv", "jsonl"].map((f) => `/exports/download?dataset=${d}&format=${f}`)),
      "/exports/download?dataset=statement&format=csv",
      "/exports/download?dataset=statement&format=json",
      `/exports/download?dataset=withdraws&format=csv&id=${a.unpaid}`,
    ),
    "/node (page)": pages("/node"),
    "/payouts (page)": pages("/payouts", "/payouts?status=paid", `/payouts?after=${a.payout}`, `/payouts?after=${b.payout}`),
    "/payouts/[id] (page)": [...pages(`/payouts/${b.payout}`), ...notFound(`/payouts/${a.payout}`)],
    "/payouts/new (page)": pages("/payouts/new"),
    "/settings (page)": pages("/settings"),
    "/settings/security (page)": pages("/settings/security", `/settings/security?before=${a.securityEvent}`),
    "/statement (page)": pages("/statement"),
    "/team (page)": pages("/team", `/team?removed=${a.user}`),
    "/withdraws (page)": pages(
      "/withdraws",
      "/withdraws?status=unpaid",
      `/withdraws?q=${a.unpaid}`,
      `/withdraws?q=${b.unpaid}`,
      `/withdraws?q=a-private-${w.tag}`,
      `/withdraws?after=${a.unpaid}`,
    ),
    "/withdraws/[id] (page)": [...pages(b.unpaid, b.paid, b.cancelled, ...b.batchRows).map((v) => ({ path: `/withdraws/${v.path}` })), ...notFound(...allA.map((id) => `/withdraws/${id}`))],
    "/withdraws/batch (page)": pages("/withdraws/batch"),
    "/withdraws/batches (page)": pages("/withdraws/batches", `/withdraws/batches?after=${a.batch}`),
    "/withdraws/batches/[id] (page)": [...pages(`/withdraws/batches/${b.batch}`), ...notFound(`/withdraws/batches/${a.batch}`)],
    "/withdraws/batches/[id]/csv (route)": [...downloads(`/withdraws/batches/${b.batch}/csv`), { path: `/withdraws/batches/${a.batch}/csv`, download: true, aInPath: true }],
    "/withdraws/batches/[id]/vouchers (page)": [
      ...pages(`/withdraws/batches/${b.batch}/vouchers`, `/withdraws/batches/${b.batch}/vouchers?qr=claim`),
      ...notFound(`/withdraws/batches/${a.batch}/vouchers`, `/withdraws/batches/${a.batch}/vouchers?qr=claim`),
    ],
    "/withdraws/new (page)": pages("/withdraws/new"),
    "/withdraws/vouchers (page)": pages(
      `/withdraws/vouchers?id=${b.unpaid}`,
      `/withdraws/vouchers?id=${b.unpaid}&qr=claim`,
      `/withdraws/vouchers?${allA.map((id) => `id=${id}`).join("&")}`,
      `/withdraws/vouchers?${allA.map((id) => `id=${id}`).join("&")}&qr=claim`,
      `/withdraws/vouchers?id=${a.unpaid}&id=${b.unpaid}&id=${a.batchRows[0]}`,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The oracle over one answer.

/** A BOLT 11 invoice (what a deposit's QR holds): a request to be paid, not a capability to take money. */
const INVOICE = /^(?:lightning:)?ln(?:bc|tb|bcrt|sb|tbs)\d*[munp]?1[02-9ac-hj-np-z]+$/i;

type Answer = { role: Role; path: string; status: number; finalUrl: string; texts: { name: string; text: string }[]; labelledQrs: number };

async function judge(w: World, ans: Answer, findings: string[], seen: Seen[], stats: { baitShown: number }): Promise<void> {
  const where = `${ans.role} on ${ans.path}`;
  // Values the visitor put in the URL may be echoed back (a search box, the not-found page's own address).
  const echoed = new Set(decodeURIComponent(ans.path).match(w.aIdPattern) ?? []);

  for (const { name, text } of ans.texts) {
    let decodedQrs = 0;
    const qrTexts: string[] = [];
    // Links, in every text form, and in every QR code drawn (decoded, then read like text).
    const found: Candidate[] = candidates(text);
    const svgs = qrLikeSvgs(text);
    for (const svg of svgs) {
      const decoded = decodeQrSvg(svg);
      if (decoded === null) {
        findings.push(`${where} (${name}): a QR code the oracle cannot read`);
        continue;
      }
      decodedQrs++;
      qrTexts.push(decoded);
      for (const c of candidates(decoded)) found.push({ ...c, form: `QR code "${decoded.slice(0, 40)}…" → ${c.form}` });
    }
    // A finance session receives no QR code of a link (role-walk checks the control; here the drawing itself).
    // A deposit's invoice is a QR too, but it asks to be paid rather than paying: finance may see it. A QR drawn
    // as a PNG (a data: image) could not be read here, so finance gets none.
    if (ans.role === "finance") {
      for (const text of qrTexts) if (!INVOICE.test(text)) findings.push(`${where} (${name}): a QR code shown to finance: "${text.slice(0, 60)}"`);
      if (/<img\b[^>]*src="data:image\//.test(text)) findings.push(`${where} (${name}): an image drawn from a data: URL (a QR code?) shown to finance`);
    }
    // Each QR element the page labels is one the oracle read (the HTML as rendered holds each SVG once).
    if (name === "page HTML" && decodedQrs < ans.labelledQrs) findings.push(`${where}: ${ans.labelledQrs} QR codes shown, only ${decodedQrs} read by the oracle`);
    for (const o of await withdrawsOpened(w.db, found)) {
      seen.push({ ...o, path: ans.path });
      // The rule: finance never receives a link; owner and admin only links of their own merchant's withdraws.
      const whose = o.merchantId === w.b.merchant ? "B's own" : o.merchantId === w.a.merchant ? "merchant A's" : `merchant ${o.merchantId}'s`;
      if (ans.role === "finance") findings.push(`${where} (${name}): finance received the link of ${whose} withdraw ${o.withdrawId} as ${o.form}`);
      else if (o.merchantId !== w.b.merchant) findings.push(`${where} (${name}): the link of ${whose} withdraw ${o.withdrawId} leaked to B's ${ans.role} as ${o.form}`);
    }

    // A's objects: none of A's caller-written values, and none of A's ids except where B wrote them itself.
    const page = flat(text);
    for (const value of w.aPrivate) if (page.includes(value)) findings.push(`${where} (${name}): shows A's private value "${value}"`);
    let rest = page;
    for (const value of w.bWrote) rest = rest.split(value).join("");
    const aIdsIn = (text: string) => [...text.matchAll(w.aIdPattern)].filter((m) => w.aIds.has(m[0])).length;
    stats.baitShown += aIdsIn(page) - aIdsIn(rest);
    for (const m of rest.matchAll(w.aIdPattern)) {
      if (!w.aIds.has(m[0]) || echoed.has(m[0])) continue;
      findings.push(`${where} (${name}): shows merchant A's id ${m[0]} outside what B wrote: …${rest.slice(Math.max(0, m.index - 80), m.index + 40)}…`);
    }
  }
}

async function open(page: Page, role: Role, visit: Visit): Promise<Answer> {
  const url = `${base()}${visit.path}`;
  if (visit.download) {
    const res = await page.request.get(url);
    return { role, path: visit.path, status: res.status(), finalUrl: res.url(), texts: [{ name: "download", text: await res.text() }], labelledQrs: 0 };
  }
  const res = await page.goto(url);
  const raw = (await res?.text()) ?? "";
  const labelledQrs = await page.locator('[role="img"][aria-label*="QR" i]').count();
  // The SVG of a QR sits inside its labelled element in the HTML (page.content() has the DOM as rendered).
  return { role, path: visit.path, status: res?.status() ?? 0, finalUrl: page.url(), texts: [{ name: "response body", text: raw }, { name: "page HTML", text: await page.content() }], labelledQrs };
}

type Seen = Opened & { path: string };

const DUMPS = path.join("artifacts", "tenancy-oracle");

async function walk(browser: Browser, role: Role): Promise<{ findings: string[]; seen: Seen[]; checks: number; baitShown: number; timing: { open: number; judge: number } }> {
  const w = world;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, w.users[role].email, w.users[role].password);
  const findings: string[] = [];
  const seen: Seen[] = [];
  let checks = 0;
  const timing = { open: 0, judge: 0 };
  const stats = { baitShown: 0 };
  for (const visits of Object.values(visitsOf(w))) {
    for (const visit of visits) {
      let t = Date.now();
      const ans = await open(page, role, visit);
      timing.open += Date.now() - t;
      const before = findings.length;
      checks++;
      const where = `${role} on ${visit.path}`;
      if (new URL(ans.finalUrl).pathname === "/signin") {
        findings.push(`${where}: sent to the sign-in page (the session was lost, so nothing was judged)`);
      } else if (visit.aInPath) {
        // A's id in the address answers "not found", never A's data (a finance user may get "not allowed" first
        // on pages its role cannot open at all). A dashboard page streams its shell (the loading state) before
        // the page has looked anything up, so its status may already be 200 when it finds nothing: then the
        // stream ends in Next's not-found fallback and the page shows its 404.
        const streamed404 =
          ans.status === 200 &&
          !visit.download &&
          ans.texts[0].text.includes("NEXT_HTTP_ERROR_FALLBACK;404") &&
          (await page
            .getByRole("heading", { name: "This page could not be found." })
            .waitFor({ timeout: 10_000 })
            .then(() => true, () => false));
        const notAllowed = role === "finance" && ans.status === 200 && (await page.getByRole("heading", { name: "Not allowed", level: 1 }).isVisible());
        if (ans.status !== 404 && !streamed404 && !notAllowed) findings.push(`${where}: answered ${ans.status} without "not found" for merchant A's id`);
      } else if (ans.status !== 200) {
        findings.push(`${where}: answered ${ans.status}`);
      } else if (!visit.download && !ans.texts[1].text.includes(w.b.name)) {
        findings.push(`${where}: is not a page of merchant B (signed out?)`);
      }
      t = Date.now();
      await judge(w, ans, findings, seen, stats);
      timing.judge += Date.now() - t;
      // What a finding was about, kept for reading (artifacts/ is not committed).
      if (findings.length > before) {
        mkdirSync(DUMPS, { recursive: true });
        writeFileSync(path.join(DUMPS, `${role}${visit.path.replace(/[^\w.-]+/g, "_").slice(0, 150)}.txt`), ans.texts.map((t) => `=== ${t.name}\n${t.text}`).join("\n"));
      }
    }
  }
  await context.close();
  return { findings, seen, checks, baitShown: stats.baitShown, timing };
}

// ---------------------------------------------------------------------------------------------------------

test("the walk covers every dashboard page and session download on disk", () => {
  const onDisk = routesOnDisk();
  expect(onDisk.length).toBeGreaterThan(20);
  expect(Object.keys(visitsOf(world)).sort(), "a page or route under app/(dashboard) that the walk does not visit, or one it visits that is gone").toEqual(onDisk);
});

test("the oracle reads back what the qrcode package draws, and finds a secret in every form of a link", async () => {
  // Its QR decoder against the qrcode package, on fixed-seed strings of every segment mode.
  const texts = [
    ...fc.sample(fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }), { seed: 26, numRuns: 25 }),
    ...fc.sample(fc.stringMatching(/^[A-Z0-9 $%*+\-./:]{1,300}$/), { seed: 27, numRuns: 10 }),
    ...fc.sample(fc.stringMatching(/^[0-9]{1,300}$/), { seed: 28, numRuns: 5 }),
  ];
  for (const text of texts) expect(decodeQrSvg(await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 })), text).toBe(text);

  // Its link reader against LNURLs made by the lnurl package (the reference implementation), in the forms and
  // escapes a page or a file may hold them in.
  const lnurl = createRequire(path.join(process.cwd(), "package.json"))("lnurl") as { encode(url: string): string };
  for (const secret of fc.sample(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), { seed: 29, numRuns: 5 })) {
    const url = `http://localhost:3000/api/lnurl/w/${secret}`;
    const encoded = lnurl.encode(url);
    const forms = [
      encoded,
      `LIGHTNING:${encoded.toUpperCase()}`,
      `<code title="lightning:${encoded}">x</code>`,
      JSON.stringify(JSON.stringify({ withdraw_request: encoded.toUpperCase() })),
      `lnurlw://localhost:3000/api/lnurl/w/${secret}`,
      `"http://localhost:3000/claim/${secret}"`,
      `href="/claim/${encodeURIComponent(secret)}"`,
      `"a,""${url}"",b"`,
    ];
    for (const form of forms) expect(candidates(form).map((c) => c.secret), form).toContain(secret);
  }
});

for (const role of ["owner", "admin", "finance"] as const) {
  test(`B's ${role} receives no link of A's withdraws${role === "finance" ? " and none at all" : ""}, and sees none of A's objects, on every page`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { findings, seen, checks, baitShown, timing } = await walk(browser, role);
    console.log(
      `${role}: ${checks} answers judged (${timing.open} ms loading, ${timing.judge} ms judging), ${seen.length} sightings of ` +
        `${new Set(seen.map((s) => s.withdrawId)).size} withdraws' links, ${baitShown} of A's ids seen inside what B wrote`,
    );
    // Not vacuous: B's pages did show B's caller-written values holding A's ids (so the id check had them to
    // tell apart from A's own objects).
    expect.soft(baitShown, `${role}: B's values holding A's ids appear on B's pages`).toBeGreaterThan(0);
    if (role !== "finance") {
      // Not vacuous: on the page of B's own unpaid withdraw the oracle finds its link in each form the page
      // shows, the LNURL works (its first step answers as a withdraw request), and the vouchers' QR codes (LNURL
      // and claim page) decode to it.
      const b = world.b.unpaid;
      const onDetail = seen.filter((s) => s.path === `/withdraws/${b}` && s.withdrawId === b).map((s) => s.form);
      expect.soft(onDetail.some((f) => f.startsWith("LNURL ")), `${role}: the LNURL of B's unpaid withdraw ${b} on its page`).toBe(true);
      expect.soft(onDetail.some((f) => f.startsWith("path /claim/")), `${role}: the claim link of B's unpaid withdraw ${b} on its page`).toBe(true);
      expect.soft(onDetail.some((f) => f.startsWith("lnurlw link")), `${role}: the lnurlw:// link of B's unpaid withdraw ${b} on its page`).toBe(true);
      const lnurlUrl = /\((https?:\/\/[^)]+)\)$/.exec(onDetail.find((f) => f.startsWith("LNURL ")) ?? "")?.[1];
      const answered = lnurlUrl ? ((await (await fetch(lnurlUrl)).json()) as { tag?: string }).tag : "no LNURL found";
      expect.soft(answered, `${role}: the LNURL found on ${b}'s page works`).toBe("withdrawRequest");
      const onVouchers = seen.filter((s) => s.path.startsWith("/withdraws/vouchers?id=" + b) && s.withdrawId === b).map((s) => s.form);
      expect.soft(onVouchers.some((f) => /^QR code "LIGHTNING:LNURL1/i.test(f)), `${role}: a voucher QR (LNURL) of ${b}`).toBe(true);
      expect.soft(onVouchers.some((f) => /^QR code "http[^"]*\/claim\//.test(f)), `${role}: a voucher QR (claim page) of ${b}`).toBe(true);
    }
    const listed = [...new Set(findings)];
    if (listed.length > 0) {
      mkdirSync(DUMPS, { recursive: true });
      writeFileSync(path.join(DUMPS, `${role}-findings.txt`), listed.join("\n") + "\n");
    }
    const where = [...new Set(listed.map((f) => f.split(/:| \(/)[0]))];
    expect(
      listed,
      `${listed.length} finding(s) for B's ${role} on ${where.length} answer(s):\n  ${where.join("\n  ")}\n` +
        `first findings (all in ${DUMPS}/${role}-findings.txt):\n${listed.slice(0, 25).join("\n")}${listed.length > 25 ? "\n…" : ""}`,
    ).toEqual([]);
  });
}
