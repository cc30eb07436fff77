// Batch uploads over real HTTP through the real route handlers: all rows created and reserved in one
// transaction or none, row-numbered errors, the balance's total check (also under concurrent uploads), and
// the result file's LNURLs answering the first step.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorObjectSchema } from "@/lib/api/openapi";
import { BATCH_RESULT_COLUMNS } from "@/lib/batches/batch-result-csv";
import { batchObjectSchema, type BatchObject } from "@/lib/batches/serialize-batch";
import { MAX_BATCH_FILE_BYTES } from "@/lib/batches/rules";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { linksOf } from "../support/withdraw-links";
import { createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import type { WithdrawRequest } from "../support/test-wallet";

let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());

type Sent = { status: number; headers: Headers; body: Record<string, unknown> };

async function upload(key: string, csv: string | Blob, options: { headers?: Record<string, string>; query?: string } = {}): Promise<Sent> {
  const res = await fetch(`${server.url}/api/v1/withdraws/batch${options.query ?? ""}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv", ...options.headers },
    body: csv,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function get(key: string, path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
}

function created(sent: Sent): BatchObject {
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const batch = batchObjectSchema.parse(sent.body);
  expect(batch).toEqual(sent.body);
  return batch;
}

function refused(sent: Sent, status: number, code: string) {
  expect(sent.status, JSON.stringify(sent.body)).toBe(status);
  const { error } = errorObjectSchema.parse(sent.body);
  expect(error).toEqual((sent.body as { error: unknown }).error);
  expect(error.code).toBe(code);
  return error;
}

/** Everything a batch could have written for this merchant, and the balance, to compare before and after. */
async function footprint(merchantId: string) {
  const [withdraws, entries, batches, balance] = await Promise.all([
    db().withdraw.count({ where: { merchantId } }),
    db().ledgerEntry.findMany({ where: { merchantId }, select: { availableDeltaMsat: true, reservedDeltaMsat: true } }),
    db().withdrawBatch.count({ where: { merchantId } }),
    db().balance.findUniqueOrThrow({ where: { merchantId }, select: { availableMsat: true, reservedMsat: true } }),
  ]);
  return { withdraws, ledgerEntries: entries.length, batches, balance };
}

/** The balance row equals the sum of the merchant's ledger entries. */
async function expectBalanceIsLedgerSum(merchantId: string) {
  const entries = await db().ledgerEntry.findMany({ where: { merchantId } });
  const balance = await db().balance.findUniqueOrThrow({ where: { merchantId } });
  expect({ availableMsat: balance.availableMsat, reservedMsat: balance.reservedMsat }).toEqual({
    availableMsat: entries.reduce((s, e) => s + e.availableDeltaMsat, 0n),
    reservedMsat: entries.reduce((s, e) => s + e.reservedDeltaMsat, 0n),
  });
  return balance;
}

const HEADER = "amount,currency,ttl,descriptor";

describe("a good batch", () => {
  it("creates every row in file order, reserves the total in the ledger and keeps who uploaded it", async () => {
    const shop = await createTestMerchant(100_000n);
    const csv = `\uFEFF${HEADER}\r\n1000,SATS,3600,Raffle prize\r\n\r\n2.50,USD,,"Thank you, Ada"\r\n0.00002,BTC,,\r\n`;
    const batch = created(await upload(shop.key, csv, { query: "?file_name=prizes.csv", headers: { "Idempotency-Key": "prizes-1" } }));

    expect(batch).toMatchObject({ object: "withdraw_batch", account_id: shop.merchantId, file_name: "prizes.csv", row_count: 3 });
    expect(batch.uploaded_by).toMatch(/^API key "test" \(sk_/);
    expect(batch.withdraws.map((w) => [w.amount, w.currency, w.ttl, w.statement_descriptor, w.status])).toEqual([
      ["1000", "SATS", 3600, "Raffle prize", "unpaid"],
      ["2.5", "USD", 600, "Thank you, Ada", "unpaid"],
      ["0.00002", "BTC", 600, null, "unpaid"],
    ]);
    expect(batch.withdraws[2].target_amount).toBe(2000);
    expect(batch.total_target_amount).toBe(batch.withdraws.reduce((s, w) => s + w.target_amount, 0));
    expect(batch.total_reserved).toBe(batch.total_target_amount + 3 * 100);

    const stored = await db().withdraw.findMany({ where: { batchId: batch.id }, orderBy: { batchRow: "asc" }, select: { id: true, batchRow: true } });
    expect(stored).toEqual(batch.withdraws.map((w, i) => ({ id: w.id, batchRow: [2, 4, 5][i] })));
    const reserves = await db().ledgerEntry.findMany({ where: { merchantId: shop.merchantId, kind: "reserve" } });
    // One reservation per withdraw, in file order, numbered on from the funding entry, each with its running balance.
    reserves.sort((x, y) => Number(x.sequence - y.sequence));
    expect(reserves.map((e) => e.withdrawId)).toEqual(batch.withdraws.map((w) => w.id));
    expect(reserves.map((e) => e.sequence)).toEqual([2n, 3n, 4n]);
    let available = 100_000_000n;
    for (const [i, entry] of reserves.entries()) {
      const reserve = BigInt(Math.round((batch.withdraws[i].target_amount + batch.withdraws[i].fee_limit) * 1000));
      available -= reserve;
      expect(entry).toMatchObject({ availableDeltaMsat: -reserve, reservedDeltaMsat: reserve, availableAfterMsat: available });
    }
    const balance = await expectBalanceIsLedgerSum(shop.merchantId);
    expect(balance.reservedMsat).toBe(BigInt(Math.round(batch.total_reserved * 1000)));
    expect(balance.availableMsat).toBe(100_000_000n - balance.reservedMsat);

    // Retrieved later, and replayed for the same Idempotency-Key without creating anything again.
    const read = await get(shop.key, `/api/v1/withdraws/batches/${batch.id}`);
    expect(read.status).toBe(200);
    expect(batchObjectSchema.parse(await read.json())).toEqual(batch);
    // A read-only key sees the same batch without the live links, and is told why.
    const readOnly = batchObjectSchema.parse(await (await get(shop.readOnlyKey, `/api/v1/withdraws/batches/${batch.id}`)).json());
    expect(readOnly.withdraws.map((w) => [w.withdraw_methods_options.lnurl.withdraw_request, w.withdraw_methods_options.lnurl.withdraw_request_withheld])).toEqual(
      batch.withdraws.map(() => [null, "read_only_access"]),
    );
    const before = await footprint(shop.merchantId);
    expect(created(await upload(shop.key, csv, { query: "?file_name=prizes.csv", headers: { "Idempotency-Key": "prizes-1" } }))).toEqual(batch);
    expect(await footprint(shop.merchantId)).toEqual(before);
  });

  it("takes 1000 rows in one transaction", { timeout: 180_000 }, async () => {
    const shop = await createTestMerchant(1_000_000n);
    const batch = created(await upload(shop.key, `${HEADER}\n${"10,SATS,,Bulk\n".repeat(1000)}`));
    expect(batch.row_count).toBe(1000);
    expect(batch.withdraws).toHaveLength(1000);
    expect(await db().withdraw.count({ where: { merchantId: shop.merchantId, batchId: batch.id } })).toBe(1000);
    expect((await expectBalanceIsLedgerSum(shop.merchantId)).reservedMsat).toBe(1000n * 110_000n);
  });
});

describe("a batch with ranges", () => {
  it("creates ranged withdraws from a min_amount column, reserves their full amounts, and lists the minimum in the result file", async () => {
    const shop = await createTestMerchant(100_000n);
    const csv = "amount,currency,min_amount,descriptor\n5000,SATS,1000,Tip\n5.00,USD,1.25,\n2000,SATS,,Fixed\n";
    const batch = created(await upload(shop.key, csv));
    expect(batch.withdraws.map((w) => [w.amount, w.min_amount, w.target_amount, w.min_target_amount])).toEqual([
      ["5000", "1000", 5000, 1000],
      // 95 000 USD per BTC, rounded down like the amount: 5263.15… and 1315.78… sats.
      ["5", "1.25", 5263, 1315],
      ["2000", null, 2000, null],
    ]);
    // The reservation is the most each withdraw can pay: its full amount, plus the fee limit.
    expect(batch.total_reserved).toBe(5000 + 5263 + 2000 + 3 * 100);
    expect((await expectBalanceIsLedgerSum(shop.merchantId)).reservedMsat).toBe(12_563_000n);

    // A wallet is offered the range.
    const first = await fetch(decodeLnurl((await linksOf(batch.withdraws[0].id)).lnurl).replace(env().publicUrl, server.url));
    expect(await first.json()).toMatchObject({ minWithdrawable: 1_000_000, maxWithdrawable: 5_000_000 });

    const file = await get(shop.key, `/api/v1/withdraws/batches/${batch.id}/csv`);
    const records = parse(await file.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(records.map((r) => [r.sats, r.min_sats])).toEqual([
      ["5000", "1000"],
      ["5263", "1315"],
      ["2000", ""],
    ]);
  });

  it("refuses a row whose min_amount is above its amount, or less than a sat once converted, naming the column", async () => {
    const shop = await createTestMerchant(100_000n);
    const before = await footprint(shop.merchantId);
    const above = refused(await upload(shop.key, "amount,currency,min_amount\n10,SATS,5\n10,SATS,11\n"), 400, "batch_invalid");
    expect(above.errors).toEqual([{ row: 3, column: "min_amount", message: expect.stringMatching(/min_amount \(11 SATS\) is above amount \(10 SATS\)/) }]);
    const tiny = refused(await upload(shop.key, "amount,currency,min_amount\n10,SATS,5\n10,SATS,0.5\n"), 400, "batch_invalid");
    expect(tiny.errors).toEqual([{ row: 3, column: "min_amount", message: expect.stringMatching(/less than 1 sat/) }]);
    expect(await footprint(shop.merchantId)).toEqual(before);
  });
});

describe("a batch that cannot be created leaves nothing behind", () => {
  it("refuses a file with one bad row in the middle, naming that row and column", async () => {
    const shop = await createTestMerchant(100_000n);
    await upload(shop.key, `${HEADER}\n5,SATS,,earlier\n`); // something to keep
    const before = await footprint(shop.merchantId);
    const csv = `${HEADER}\n10,SATS,,a\n20,SATS,,b\n12;50,EUR,,c\n30,SATS,,d\n40,SATS,,e\n`;
    const error = refused(await upload(shop.key, csv), 400, "batch_invalid");
    expect(error.message).toMatch(/1 row has errors; nothing was created/);
    expect(error.errors).toEqual([{ row: 4, column: "amount", message: expect.stringMatching(/decimal number/) }]);
    expect(await footprint(shop.merchantId)).toEqual(before);
    await expectBalanceIsLedgerSum(shop.merchantId);
  });

  it("refuses a row whose amount is too large once converted, after the rates are known", async () => {
    const shop = await createTestMerchant(100_000n);
    const before = await footprint(shop.merchantId);
    const error = refused(await upload(shop.key, `${HEADER}\n1,SATS,,\n99999999,BTC,,\n`), 400, "batch_invalid");
    expect(error.errors).toEqual([{ row: 3, column: "amount", message: expect.stringMatching(/too large/) }]);
    expect(await footprint(shop.merchantId)).toEqual(before);
  });

  it("refuses a batch whose total the balance cannot cover, although each row alone fits", async () => {
    const shop = await createTestMerchant(3_000n);
    const before = await footprint(shop.merchantId);
    const error = refused(await upload(shop.key, `${HEADER}\n1000,SATS,,\n1000,SATS,,\n1000,SATS,,\n`), 400, "insufficient_balance");
    expect(error.message).toBe(
      "The available balance of 3000 sats does not cover this batch: its 3 withdraws need 3300 sats (amounts plus routing-fee limits). Nothing was created.",
    );
    expect(await footprint(shop.merchantId)).toEqual(before);
  });

  it("lets exactly one of several concurrent batches through when the balance covers only one", async () => {
    const shop = await createTestMerchant(5_000n);
    const csv = `${HEADER}\n1000,SATS,,\n1000,SATS,,\n1000,SATS,,\n`; // 3300 sats with fee limits
    const results = await Promise.all(Array.from({ length: 4 }, () => upload(shop.key, csv)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400, 400]);
    for (const r of results.filter((r) => r.status === 400)) refused(r, 400, "insufficient_balance");
    expect(await footprint(shop.merchantId)).toMatchObject({ withdraws: 3, batches: 1, balance: { availableMsat: 1_700_000n, reservedMsat: 3_300_000n } });
    await expectBalanceIsLedgerSum(shop.merchantId);
  });

  it("refuses a wrong content type, a file too large, a read-only key, and shows no batch to another merchant", async () => {
    const shop = await createTestMerchant(100_000n);
    const other = await createTestMerchant(100_000n);
    const csv = `${HEADER}\n1,SATS,,\n`;
    expect(refused(await upload(shop.key, JSON.stringify({ csv }), { headers: { "Content-Type": "application/json" } }), 400, "validation_error").message).toMatch(/text\/csv/);
    expect(refused(await upload(shop.key, csv, { headers: { "Content-Type": "text/csv; charset=windows-1252" } }), 400, "validation_error").message).toMatch(/UTF-8/);
    refused(await upload(shop.key, csv, { query: "?name=x.csv" }), 400, "validation_error");
    // Windows-1252 "é" is not UTF-8: named by row and column.
    const latin1 = new Blob([Buffer.from(`${HEADER}\n1,SATS,,Caf`), Uint8Array.of(0xe9), Buffer.from("\n")]);
    expect(refused(await upload(shop.key, latin1), 400, "batch_invalid").errors).toEqual([{ row: 2, column: "descriptor", message: expect.stringMatching(/not UTF-8/) }]);
    const big = `${HEADER}\n${"1,SATS,,padding\n".repeat(Math.ceil(MAX_BATCH_FILE_BYTES / 16))}`;
    refused(await upload(shop.key, big), 413, "body_too_large");
    refused(await upload(shop.readOnlyKey, csv), 403, "insufficient_scope");
    expect(await footprint(shop.merchantId)).toMatchObject({ withdraws: 0, batches: 0 });

    const batch = created(await upload(shop.key, csv));
    for (const path of [`/api/v1/withdraws/batches/${batch.id}`, `/api/v1/withdraws/batches/${batch.id}/csv`, "/api/v1/withdraws/batches/wb_nope"]) {
      const res = await get(other.key, path);
      expect(res.status).toBe(404);
      expect(errorObjectSchema.parse(await res.json()).error.code).toBe("not_found");
    }
  });
});

describe("the result file", () => {
  it("lists each withdraw with an LNURL that decodes to its first step, which answers for it", async () => {
    const shop = await createTestMerchant(100_000n);
    const batch = created(await upload(shop.key, `${HEADER}\n1500,SATS,,"=HYPERLINK(""http://evil"")"\n2500,SATS,7200,Gift\n`));
    const res = await get(shop.key, `/api/v1/withdraws/batches/${batch.id}/csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${batch.id}.csv"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await res.arrayBuffer());
    // The byte order mark Excel needs to read UTF-8 (fetch's text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual([...BATCH_RESULT_COLUMNS]);
    expect(rows.map((r) => r.slice(0, 8))).toEqual(
      batch.withdraws.map((w, i) => [String(i + 2), w.id, w.amount, "SATS", String(w.target_amount), i === 0 ? `'=HYPERLINK("http://evil")` : "Gift", new Date(w.expires_at).toISOString(), "unpaid"]),
    );
    for (const [i, row] of rows.entries()) {
      const withdraw = batch.withdraws[i];
      const lnurl = row[8];
      expect(lnurl).toBe(withdraw.withdraw_methods_options.lnurl.withdraw_request);
      const url = decodeLnurl(lnurl);
      expect(url).toBe((await linksOf(withdraw.id)).url);
      expect(url.startsWith(`${env().publicUrl}/api/lnurl/w/`)).toBe(true);
      const first = await fetch(url.replace(env().publicUrl, server.url));
      const body = z.object({ tag: z.string(), maxWithdrawable: z.number(), callback: z.string() }).parse((await first.json()) as WithdrawRequest);
      expect(body).toMatchObject({ tag: "withdrawRequest", maxWithdrawable: withdraw.target_amount * 1000, callback: `${url}/callback` });
    }
  });
});
