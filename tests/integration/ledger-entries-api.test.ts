// The REST lists of ledger entries and of batches over real HTTP: newest first, keyset pages without gaps or
// duplicates while new entries are written, the running balance of each entry following from its deltas,
// the filters, one merchant's objects only, and a 400 naming the parameter for a bad query.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { batchListSchema, errorObjectSchema, ledgerEntryListSchema } from "@/lib/api/openapi";
import { db } from "@/lib/db";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { getBalance } from "@/lib/ledger/get-balance";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());

async function get(key: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status, body: await res.json() };
}

/** The body is exactly what the schema describes: parsing strips nothing and changes nothing. */
async function list<T extends z.ZodType>(schema: T, key: string, path: string): Promise<z.infer<T>> {
  const sent = await get(key, path);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const parsed = schema.parse(sent.body);
  expect(parsed).toEqual(sent.body);
  return parsed;
}

async function refused(key: string, path: string, param: string | undefined): Promise<string> {
  const sent = await get(key, path);
  expect(sent.status, `${path}: ${JSON.stringify(sent.body)}`).toBe(400);
  const { error } = errorObjectSchema.parse(sent.body);
  expect(error.code).toBe("validation_error");
  expect(error.param, path).toBe(param);
  return error.message;
}

const entries = (key: string, query = "") => list(ledgerEntryListSchema, key, `/api/v1/ledger_entries${query}`);

describe("GET /api/v1/ledger_entries", () => {
  it("pages newest first through every entry once while new entries are written, each balance following from the one before", async () => {
    const shop = await createTestMerchant();
    for (let i = 1; i <= 7; i++) await adjustBalance({ merchantId: shop.merchantId, sats: BigInt(i * 1000), note: `top-up ${i}` });
    const withdraw = await createWithdraw(shop.merchantId, { amount: "500", currency: "SATS" });
    await cancelWithdraw(shop.merchantId, withdraw.id);
    const before = await db().ledgerEntry.findMany({ where: { merchantId: shop.merchantId }, orderBy: { sequence: "desc" }, select: { id: true } });
    expect(before).toHaveLength(9);

    // Forwards, three at a time, with a new entry written before each next page: the pages hold exactly the
    // entries there were when paging began, once each, newest first.
    const seen: string[] = [];
    let page = await entries(shop.key, "?limit=3");
    for (;;) {
      seen.push(...page.data.map((e) => e.id));
      if (!page.has_more) break;
      await adjustBalance({ merchantId: shop.merchantId, sats: 1n, note: "written while paging" });
      page = await entries(shop.key, `?limit=3&starting_after=${page.data.at(-1)!.id}`);
    }
    expect(seen).toEqual(before.map((e) => e.id));

    // Every entry's running balance is the one before it plus its own deltas, and the newest is the balance.
    const all = (await entries(shop.key, "?limit=100")).data;
    expect(all).toHaveLength(9 + 2);
    const oldestFirst = [...all].reverse();
    let available = 0n;
    let reserved = 0n;
    for (const [i, entry] of oldestFirst.entries()) {
      expect(entry.sequence).toBe(i + 1);
      available += BigInt(entry.available_delta_msat);
      reserved += BigInt(entry.reserved_delta_msat);
      expect([entry.available_after_msat, entry.reserved_after_msat, entry.balance_after_msat]).toEqual([String(available), String(reserved), String(available + reserved)]);
      expect(BigInt(entry.amount_msat)).toBe(BigInt(entry.available_delta_msat) + BigInt(entry.reserved_delta_msat));
    }
    const balance = await getBalance(shop.merchantId);
    expect([available, reserved]).toEqual([balance.availableMsat, balance.reservedMsat]);
    expect(available).toBe((28_000n + 2n) * 1000n);

    // The withdraw's reservation and its release name it; an adjustment carries its note.
    const reserve = all.find((e) => e.kind === "reserve")!;
    expect(reserve).toMatchObject({ withdraw_id: withdraw.id, payout_id: null, deposit_id: null, note: null });
    expect(BigInt(reserve.reserved_delta_msat)).toBeGreaterThanOrEqual(500_000n);
    expect(all.find((e) => e.kind === "release")).toMatchObject({ withdraw_id: withdraw.id, reserved_delta_msat: `-${reserve.reserved_delta_msat}` });
    expect(oldestFirst[0]).toMatchObject({ kind: "adjustment", note: "top-up 1", withdraw_id: null, available_delta_msat: "1000000" });

    // Backwards from the oldest: the newer page before it, still newest first.
    const newer = await entries(shop.key, `?limit=2&ending_before=${oldestFirst[0].id}`);
    expect(newer.data.map((e) => e.id)).toEqual([oldestFirst[2].id, oldestFirst[1].id]);
    expect(newer.has_more).toBe(true);
  });

  it("pages without gaps or duplicates while entries are written at the same time", async () => {
    const shop = await createTestMerchant();
    for (let i = 1; i <= 10; i++) await adjustBalance({ merchantId: shop.merchantId, sats: 1n, note: `before ${i}` });
    const writing = Promise.all(Array.from({ length: 12 }, (_, i) => adjustBalance({ merchantId: shop.merchantId, sats: 1n, note: `during ${i}` })));
    const seen: number[] = [];
    let page = await entries(shop.key, "?limit=3");
    for (;;) {
      seen.push(...page.data.map((e) => e.sequence));
      if (!page.has_more) break;
      page = await entries(shop.key, `?limit=3&starting_after=${page.data.at(-1)!.id}`);
    }
    await writing;
    // Whatever was committed when the first page was read, down to the first entry: each sequence once, in order.
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen.length - i));
    expect((await entries(shop.key, "?limit=1")).data[0]).toMatchObject({ sequence: 22, balance_after_msat: "22000" });
  });

  it("filters by kind and by creation time, and shows one merchant's entries only", async () => {
    const shop = await createTestMerchant(10_000n);
    const other = await createTestMerchant(5_000n);
    const withdraw = await createWithdraw(shop.merchantId, { amount: "100", currency: "SATS" });
    await cancelWithdraw(shop.merchantId, withdraw.id);
    // The ledger is append-only, so its times are the database clock's: the last entry is written once that
    // clock has passed the others' millisecond, so the two ranges split the ledger at a known place.
    const cut = (await db().ledgerEntry.findFirstOrThrow({ where: { merchantId: shop.merchantId }, orderBy: { sequence: "desc" } })).createdAt.getTime();
    const databaseNow = async () => (await db().$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`)[0].now.getTime();
    while ((await databaseNow()) <= cut);
    await adjustBalance({ merchantId: shop.merchantId, sats: 7n, note: "late" });
    const late = await db().ledgerEntry.findFirstOrThrow({ where: { merchantId: shop.merchantId }, orderBy: { sequence: "desc" } });
    const lateAt = late.createdAt.getTime();
    expect(lateAt).toBeGreaterThan(cut);

    expect((await entries(shop.key, "?kind=reserve")).data.map((e) => [e.kind, e.withdraw_id])).toEqual([["reserve", withdraw.id]]);
    expect((await entries(shop.key, "?kind=adjustment")).data.map((e) => e.note)).toEqual(["late", "test funding"]);
    expect((await entries(shop.key, "?kind=payout")).data).toEqual([]);
    expect((await entries(shop.key, `?created[lte]=${cut}`)).data.map((e) => e.kind)).toEqual(["release", "reserve", "adjustment"]);
    expect((await entries(shop.key, `?created[gte]=${lateAt}`)).data.map((e) => [e.id, e.created])).toEqual([[late.id, lateAt]]);
    expect((await entries(shop.key, `?created[gte]=${lateAt}&created[lte]=${lateAt}&kind=adjustment`)).data.map((e) => e.id)).toEqual([late.id]);
    expect((await entries(shop.key, `?created[gte]=${lateAt}&kind=reserve`)).data).toEqual([]);

    // The other merchant sees only its own funding; this merchant's entry is no cursor for it.
    const theirs = await entries(other.readOnlyKey);
    expect(theirs.data.map((e) => e.note)).toEqual(["test funding"]);
    expect(theirs.data[0].available_after_msat).toBe("5000000");
    expect(await refused(other.key, `/api/v1/ledger_entries?starting_after=${late.id}`, "starting_after")).toContain(late.id);
  });

  it("refuses a bad query with a 400 naming the parameter", async () => {
    const shop = await createTestMerchant();
    await refused(shop.key, "/api/v1/ledger_entries?kind=bonus", "kind");
    await refused(shop.key, "/api/v1/ledger_entries?limit=0", "limit");
    await refused(shop.key, "/api/v1/ledger_entries?limit=101", "limit");
    await refused(shop.key, "/api/v1/ledger_entries?created[gte]=yesterday", "created[gte]");
    await refused(shop.key, "/api/v1/ledger_entries?starting_after=wi_00000000000000000000000000", "starting_after");
    await refused(shop.key, "/api/v1/ledger_entries?starting_after=le_00000000000000000000000000&ending_before=le_00000000000000000000000000", "ending_before");
    expect(await refused(shop.key, "/api/v1/ledger_entries?status=paid", undefined)).toBe("Unknown parameter: status.");
  });
});

describe("GET /api/v1/withdraws/batches", () => {
  async function upload(key: string, rows: number): Promise<string> {
    const csv = `amount,currency\r\n${Array.from({ length: rows }, (_, i) => `${10 + i},SATS`).join("\r\n")}\r\n`;
    const res = await fetch(`${server.url}/api/v1/withdraws/batch`, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: csv });
    const body = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.id;
  }

  it("lists the merchant's batches newest first, paged, without their withdraws, and no other merchant's", async () => {
    const shop = await createTestMerchant(100_000n);
    const other = await createTestMerchant(100_000n);
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) ids.push(await upload(shop.key, i));
    await upload(other.key, 1);

    const first = await list(batchListSchema, shop.readOnlyKey, "/api/v1/withdraws/batches?limit=2");
    expect(first.data.map((b) => [b.id, b.row_count])).toEqual([
      [ids[2], 3],
      [ids[1], 2],
    ]);
    expect(first).toMatchObject({ object: "list", url: "/api/v1/withdraws/batches", has_more: true });
    expect(first.data[0]).not.toHaveProperty("withdraws");
    expect(first.data[0].total_target_amount).toBe(10 + 11 + 12);
    const second = await list(batchListSchema, shop.key, `/api/v1/withdraws/batches?limit=2&starting_after=${ids[1]}`);
    expect(second.data.map((b) => b.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);
    const back = await list(batchListSchema, shop.key, `/api/v1/withdraws/batches?ending_before=${ids[0]}`);
    expect(back.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);

    expect((await list(batchListSchema, other.key, "/api/v1/withdraws/batches")).data).toHaveLength(1);
    await refused(other.key, `/api/v1/withdraws/batches?starting_after=${ids[0]}`, "starting_after");
    await refused(shop.key, "/api/v1/withdraws/batches?limit=x", "limit");
    await refused(shop.key, "/api/v1/withdraws/batches?starting_after=le_00000000000000000000000000", "starting_after");
    expect(await refused(shop.key, "/api/v1/withdraws/batches?status=paid", undefined)).toBe("Unknown parameter: status.");
  });
});
