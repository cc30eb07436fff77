// Exports over real HTTP through the real route handlers (issue 5): columns that reconcile to the sat,
// RFC 4180 CSV that a parser reads back, formula injection neutralised, JSON Lines with exact amounts,
// filters with a stated time zone, keyset batches with no row lost or repeated, and the audit record.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { EXPORT_BATCH_SIZE } from "@/lib/export/export-stream";
import { LEDGER_COLUMNS } from "@/lib/export/ledger-rows";
import { WITHDRAW_COLUMNS } from "@/lib/export/withdraw-rows";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { paymentsSettled } from "@/lib/payments/engine";
import { linksOf } from "../support/withdraw-links";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

let server: { url: string; close: () => Promise<void> };
let merchant: TestMerchant;
let other: TestMerchant;
let wallet: TestWallet;

async function download(path: string, key = merchant.readOnlyKey) {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text: bytes.toString("utf8"), bytes };
}

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

const HOSTILE = {
  formula: '=HYPERLINK("http://evil.test","click")',
  plus: "+1+1",
  minus: "-2+3",
  at: "@SUM(A1:A2)",
  quoted: 'Line one\nline "two", with a comma',
  unicode: "Café Zürich ☕ — 12 €, 東京",
};

let paidId: string;
let cancelledId: string;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
  merchant = await createTestMerchant(1_000_000n);
  other = await createTestMerchant(50_000n);
  await createWithdraw(other.merchantId, { amount: 1_000, currency: "SATS", statement_descriptor: "Not yours" });

  const paid = await createWithdraw(merchant.merchantId, { amount: 21_000, currency: "SATS", statement_descriptor: HOSTILE.unicode, metadata: { order: "A-1", note: "=1+1" } });
  paidId = paid.id;
  const pulled = await wallet.withdraw((await linksOf(paid.id)).lnurl);
  expect(pulled.reply).toEqual({ status: "OK" });
  await paymentsSettled();
  for (const descriptor of [HOSTILE.formula, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.quoted]) {
    await createWithdraw(merchant.merchantId, { amount: "1.25", currency: "EUR", statement_descriptor: descriptor });
  }
  cancelledId = (await createWithdraw(merchant.merchantId, { amount: 500, currency: "SATS" })).id;
  await cancelWithdraw(merchant.merchantId, cancelledId);
});

afterAll(async () => {
  await server.close();
});

describe("the withdraws export", () => {
  it("downloads every withdraw of the merchant as RFC 4180 CSV, oldest first, with a read-only key", async () => {
    const res = await download("/api/v1/exports/withdraws?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="sluice-withdraws-all-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    // Records end in CRLF; the header row names every column.
    expect(res.text.startsWith(`${WITHDRAW_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(res.text.endsWith("\r\n")).toBe(true);

    const rows = csvRecords(res.text);
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
    expect(rows.some((r) => r.statement_descriptor === "Not yours")).toBe(false);
    expect(rows.map((r) => r.status)).toEqual(["paid", ...Array(5).fill("unpaid"), "cancelled"]);
  });

  it("reconciles the paid withdraw to the msat against the ledger, with its proof of payment", async () => {
    const rows = csvRecords((await download("/api/v1/exports/withdraws?status=paid")).text);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const payment = await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: paidId, status: "succeeded" } });
    const entries = await db().ledgerEntry.findMany({ where: { withdrawId: paidId } });
    const debited = -entries.reduce((t, e) => t + e.availableDeltaMsat + e.reservedDeltaMsat, 0n);

    expect(row).toMatchObject({
      id: paidId,
      amount: "21000",
      currency: "SATS",
      exchange_rate: "1",
      target_amount_msat: "21000000",
      target_amount_sats: "21000",
      paid_amount_msat: "21000000",
      paid_amount_sats: "21000",
      fee_msat: payment.feeMsat!.toString(),
      fee_limit_msat: "100000",
      payment_hash: payment.paymentHash,
      // The simulator learns no preimage from an outside wallet's node (docs/operating.md, "The simulated Lightning node"); the column carries what is known.
      payment_preimage: payment.preimage ?? "",
      invoice: payment.invoice,
      payee_pubkey: wallet.pubkey,
      statement_descriptor: HOSTILE.unicode,
      livemode: "false",
    });
    expect(BigInt(row.paid_amount_msat) + BigInt(row.fee_msat)).toBe(debited);
    expect(row.fee_sats).toBe("3.1");
    expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Date(row.paid_at).getTime()).toBeGreaterThanOrEqual(new Date(row.created_at).getTime());
    // Metadata is the merchant's JSON as text; a JSON object cannot start a formula.
    expect(JSON.parse(row.metadata)).toEqual({ order: "A-1", note: "=1+1" });
  });

  it("neutralises every cell that a spreadsheet would run as a formula, and keeps the text otherwise intact", async () => {
    const res = await download("/api/v1/exports/withdraws?currency=EUR");
    const descriptors = csvRecords(res.text).map((r) => r.statement_descriptor);
    expect(descriptors).toEqual([
      `'${HOSTILE.formula}`,
      `'${HOSTILE.plus}`,
      `'${HOSTILE.minus}`,
      `'${HOSTILE.at}`,
      HOSTILE.quoted,
    ]);
    // The quotes are doubled and the field is quoted, per RFC 4180.
    expect(res.text).toContain('"Line one\nline ""two"", with a comma"');
    // Non-ASCII text survives as UTF-8 bytes.
    const all = await download("/api/v1/exports/withdraws");
    expect(all.bytes.includes(Buffer.from(HOSTILE.unicode, "utf8"))).toBe(true);
  });

  it("writes JSON Lines with the same columns, amounts as exact strings and the text unaltered", async () => {
    const res = await download("/api/v1/exports/withdraws?format=jsonl&currency=EUR");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = res.text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(Object.keys(lines[0])).toEqual([...WITHDRAW_COLUMNS]);
    expect(lines[0]).toMatchObject({ amount: "1.25", currency: "EUR", statement_descriptor: HOSTILE.formula, status: "unpaid", livemode: false });
    expect(typeof lines[0].target_amount_msat).toBe("string");
    expect(lines[0].target_amount_msat).toMatch(/^\d+000$/);
    expect(lines[0].paid_amount_msat).toBeNull();
  });

  it("adds a byte order mark for Excel only when asked", async () => {
    expect((await download("/api/v1/exports/withdraws?bom=true")).bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await download("/api/v1/exports/withdraws")).bytes[0]).toBe("i".charCodeAt(0));
  });

  it("filters by status, with expiry exact at the time of the export", async () => {
    const cancelled = csvRecords((await download("/api/v1/exports/withdraws?status=cancelled")).text);
    expect(cancelled.map((r) => r.id)).toEqual([cancelledId]);
    expect(cancelled[0].cancelled_at).not.toBe("");

    const lapsed = await createTestMerchant(10_000n);
    // Created two hours ago with a ten-minute life: unpaid in the table, expired to every reader.
    const old = await createWithdraw(lapsed.merchantId, { amount: 100, currency: "SATS", ttl: 600 }, new Date(Date.now() - 7_200_000));
    const rows = csvRecords((await download("/api/v1/exports/withdraws?status=expired", lapsed.readOnlyKey)).text);
    expect(rows.map((r) => [r.id, r.status, r.expired_at])).toEqual([[old.id, "expired", old.expiresAt.toISOString()]]);
    expect(csvRecords((await download("/api/v1/exports/withdraws?status=unpaid", lapsed.readOnlyKey)).text)).toEqual([]);
  });

  it("takes a date range as whole days in the stated time zone", async () => {
    const zoned = await createTestMerchant(10_000n);
    // 23:30 UTC on 31 October is 00:30 on 1 November in Berlin (UTC+1 after the change to winter time).
    const late = await createWithdraw(zoned.merchantId, { amount: 100, currency: "SATS" }, new Date("2026-10-31T23:30:00Z"));
    const early = await createWithdraw(zoned.merchantId, { amount: 100, currency: "SATS" }, new Date("2026-10-31T22:30:00Z"));
    const ids = async (query: string) => csvRecords((await download(`/api/v1/exports/withdraws?${query}`, zoned.readOnlyKey)).text).map((r) => r.id);

    expect(await ids("from=2026-11-01&to=2026-11-01&tz=Europe/Berlin")).toEqual([late.id]);
    expect(await ids("from=2026-10-31&to=2026-10-31&tz=Europe/Berlin")).toEqual([early.id]);
    expect(await ids("from=2026-10-31&to=2026-10-31")).toEqual([early.id, late.id]);
    expect(await ids("from=2026-11-01")).toEqual([]);
    const named = await download("/api/v1/exports/withdraws?from=2026-10-01&to=2026-10-31&tz=Europe/Berlin", zoned.readOnlyKey);
    expect(named.headers.get("content-disposition")).toBe('attachment; filename="sluice-withdraws-2026-10-01-to-2026-10-31.csv"');
  });

  it("streams more rows than one batch holds, each exactly once and in order", async () => {
    const many = await createTestMerchant(10_000_000n);
    const total = EXPORT_BATCH_SIZE * 2 + 37;
    const template = await createWithdraw(many.merchantId, { amount: 10, currency: "SATS" });
    // Copies of one real withdraw, three to a millisecond, so batches also end inside a run of equal times.
    await db().$executeRaw`
      INSERT INTO withdraws (id, merchant_id, status, livemode, amount, currency, exchange_rate, rate_source,
        target_amount_msat, fee_limit_msat, ttl_seconds, expires_at, lnurl_secret_hash, k1, created_at, updated_at)
      SELECT 'wi_' || lpad(g::text, 26, '0'), merchant_id, status, livemode, amount, currency, exchange_rate, rate_source,
        target_amount_msat, fee_limit_msat, ttl_seconds, expires_at, md5(g::text) || md5('x' || g), k1,
        created_at - interval '1 day' + (g / 3) * interval '1 millisecond', updated_at
      FROM withdraws, generate_series(1, ${total - 1}::int) AS g WHERE id = ${template.id}`;
    const res = await fetch(`${server.url}/api/v1/exports/withdraws?format=csv`, { headers: { Authorization: `Bearer ${many.readOnlyKey}` } });
    // The file arrives in pieces: the header first, then one write per batch.
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks++;
      text += decoder.decode(chunk, { stream: true });
    }
    expect(chunks).toBeGreaterThanOrEqual(3);
    const rows = csvRecords(text);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(total);
    const keys = rows.map((r) => `${r.created_at}|${r.id}`);
    expect(keys).toEqual([...keys].sort());
    const latest = () => db().dataExport.findFirstOrThrow({ where: { merchantId: many.merchantId }, orderBy: { createdAt: "desc" } });
    expect(await latest()).toMatchObject({ status: "completed", rowCount: total });

    // A client that goes away after the first piece stops the export: the audit says it broke off, with
    // fewer rows than the whole, and the reading stops.
    const abort = new AbortController();
    const partial = await fetch(`${server.url}/api/v1/exports/withdraws?format=csv`, { headers: { Authorization: `Bearer ${many.readOnlyKey}` }, signal: abort.signal });
    const reader = partial.body!.getReader();
    await reader.read();
    abort.abort();
    await expect(reader.read()).rejects.toThrow();
    await expect.poll(async () => (await latest()).status, { timeout: 10_000 }).toBe("failed");
    expect((await latest()).rowCount).toBeLessThan(total);
  });

  it("answers bad filters with a clear 400 and exports nothing", async () => {
    const before = await db().dataExport.count({ where: { merchantId: merchant.merchantId } });
    const cases: [string, string, string][] = [
      ["format=xlsx", "format", "The format is csv or jsonl."],
      ["status=lost", "status", "The status is one of unpaid, processing, paid, expired, cancelled."],
      ["currency=GBP", "currency", "The currency is one of SATS, BTC, USD, EUR."],
      ["from=31/10/2026", "from", "Use a date like 2026-10-31."],
      ["from=2026-11-02&to=2026-11-01", "to", "The start date is after the end date."],
      ["tz=Mars/Olympus", "tz", "Unknown time zone: use an IANA name such as Europe/Berlin or UTC."],
      ["colour=red", "_", "Unknown filter: colour."],
    ];
    for (const [query, param, message] of cases) {
      const res = await download(`/api/v1/exports/withdraws?${query}`);
      expect(res.status, query).toBe(400);
      const { error } = JSON.parse(res.text) as { error: Record<string, string> };
      expect(error, query).toMatchObject({ type: "invalid_request_error", code: "validation_error", message });
      if (param !== "_") expect(error.param, query).toBe(param);
    }
    expect(await db().dataExport.count({ where: { merchantId: merchant.merchantId } })).toBe(before);
  });

  it("refuses a missing or unknown key", async () => {
    expect((await fetch(`${server.url}/api/v1/exports/withdraws`)).status).toBe(401);
    expect((await download("/api/v1/exports/withdraws", "sk_unknown_key_000000000000")).status).toBe(401);
    expect((await download("/api/v1/exports/ledger", "sk_unknown_key_000000000000")).status).toBe(401);
  });
});

describe("the ledger export", () => {
  it("lists every entry in sequence with a running balance that ends at the balance", async () => {
    const res = await download("/api/v1/exports/ledger?format=csv");
    expect(res.status).toBe(200);
    expect(res.text.startsWith(`${LEDGER_COLUMNS.join(",")}\r\n`)).toBe(true);
    const rows = csvRecords(res.text);
    const count = await db().ledgerEntry.count({ where: { merchantId: merchant.merchantId } });
    expect(rows).toHaveLength(count);
    expect(rows.map((r) => Number(r.sequence))).toEqual(rows.map((_, i) => i + 1));
    let running = 0n;
    for (const row of rows) {
      running += BigInt(row.amount_msat);
      expect(BigInt(row.balance_after_msat)).toBe(running);
      expect(BigInt(row.amount_msat)).toBe(BigInt(row.available_delta_msat) + BigInt(row.reserved_delta_msat));
    }
    const balance = await db().balance.findUniqueOrThrow({ where: { merchantId: merchant.merchantId } });
    expect(running).toBe(balance.availableMsat + balance.reservedMsat);
    // Debits stay plain negative numbers, summable in a spreadsheet; text cells are still neutralised.
    expect(rows.find((r) => r.kind === "payout")?.amount_msat).toBe("-21000000");
    expect(res.text).toContain(",payout,-21000000,");
  });

  it("filters by kind and writes JSON Lines", async () => {
    const res = await download("/api/v1/exports/ledger?format=jsonl&kind=release");
    const lines = res.text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.map((l) => l.kind)).toEqual(["release", "release"]);
    expect(lines.find((l) => l.withdraw_id === cancelledId)).toMatchObject({ amount_msat: "0", available_delta_msat: "600000", reserved_delta_msat: "-600000" });
    expect((await download("/api/v1/exports/ledger?status=paid")).status).toBe(400);
  });
});

describe("the export audit", () => {
  it("records who exported what, with which filters, and how many rows were sent", async () => {
    await download("/api/v1/exports/withdraws?status=paid&format=jsonl&tz=Europe/Berlin&from=2020-01-01");
    const [latest] = await db().dataExport.findMany({ where: { merchantId: merchant.merchantId }, orderBy: { createdAt: "desc" }, take: 1 });
    expect(latest).toMatchObject({
      kind: "withdraws",
      format: "jsonl",
      filters: { format: "jsonl", status: "paid", tz: "Europe/Berlin", from: "2020-01-01" },
      status: "completed",
      rowCount: 1,
      userId: null,
    });
    expect(latest.actorLabel).toMatch(/^API key "test read-only" \(sk_.{7}…\)$/);
    expect(latest.finishedAt).not.toBeNull();
    // The other merchant's audit holds none of this merchant's exports.
    expect(await db().dataExport.count({ where: { merchantId: other.merchantId } })).toBe(0);
  });
});
