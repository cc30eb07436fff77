// The balance statement (issue 5): opening balance + credits − debits = closing balance, proved against a
// model of random histories (credits, manual debits, withdraws created, cancelled and paid through the real
// claim and payment code), for random periods; and served over HTTP as JSON and CSV.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { getStatement } from "@/lib/ledger/get-statement";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { claimWithdraw } from "@/lib/withdraws/claim-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { linksOf } from "../support/withdraw-links";
import { startPayment } from "@/lib/payments/engine";
import { WITHDRAW_PAYMENT } from "@/lib/withdraws/withdraw-payment";
import { createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";
import { waitUntil } from "../support/wait-until";

const FEE_LIMIT_MSAT = 100_000n;
const wallet = new TestWallet("regtest");

type Op =
  | { kind: "credit"; sats: number }
  | { kind: "debit"; sats: number }
  | { kind: "create"; sats: number }
  | { kind: "cancel"; pick: number }
  | { kind: "pay"; pick: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("credit" as const), sats: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ kind: fc.constant("debit" as const), sats: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ kind: fc.constant("create" as const), sats: fc.integer({ min: 1, max: 30_000 }) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("pay" as const), pick: fc.nat() }),
);

/** What the merchant holds by the model: money in, money out, and what is reserved for open withdraws. */
type Model = { available: bigint; reserved: bigint; credits: bigint; debits: bigint; open: { id: string; msat: bigint }[] };
type Mark = { at: Date; available: bigint; reserved: bigint; credits: bigint; debits: bigint };

async function pay(merchantId: string, id: string, msat: bigint): Promise<bigint> {
  const row = await db().withdraw.findFirstOrThrow({ where: { id, merchantId }, select: { k1: true } });
  const { secret } = await linksOf(id);
  const claim = await claimWithdraw({ secret, k1: row.k1, pr: wallet.invoice(msat) });
  const outcome = await startPayment(WITHDRAW_PAYMENT, claim.paymentId);
  expect(outcome).toBe("paid");
  // The fee as the payment recorded it (not from the ledger, which is what is being checked).
  const payment = await db().withdrawPayment.findUniqueOrThrow({ where: { id: claim.paymentId }, select: { feeMsat: true } });
  return payment.feeMsat!;
}

async function apply(merchantId: string, model: Model, op: Op): Promise<void> {
  if (op.kind === "credit") {
    const msat = BigInt(op.sats) * 1000n;
    await adjustBalance({ merchantId, sats: BigInt(op.sats), note: "credit" });
    model.available += msat;
    model.credits += msat;
  } else if (op.kind === "debit") {
    const msat = BigInt(op.sats) * 1000n;
    if (msat > model.available) return;
    await adjustBalance({ merchantId, sats: -BigInt(op.sats), note: "debit" });
    model.available -= msat;
    model.debits += msat;
  } else if (op.kind === "create") {
    const msat = BigInt(op.sats) * 1000n;
    if (msat + FEE_LIMIT_MSAT > model.available) return;
    const row = await createWithdraw(merchantId, { amount: op.sats, currency: "SATS" });
    model.available -= msat + FEE_LIMIT_MSAT;
    model.reserved += msat + FEE_LIMIT_MSAT;
    model.open.push({ id: row.id, msat });
  } else if (model.open.length > 0) {
    const [chosen] = model.open.splice(op.pick % model.open.length, 1);
    model.reserved -= chosen.msat + FEE_LIMIT_MSAT;
    if (op.kind === "cancel") {
      await cancelWithdraw(merchantId, chosen.id);
      model.available += chosen.msat + FEE_LIMIT_MSAT;
    } else {
      const fee = await pay(merchantId, chosen.id, chosen.msat);
      model.available += FEE_LIMIT_MSAT - fee;
      model.debits += chosen.msat + fee;
    }
  }
}

// A mark is an instant between two operations: after every entry written so far, at or before every later
// one. The database stamps entries with its own clock to the millisecond, so a mark is one millisecond past
// the merchant's last entry (or the database's clock when there is none), and the next operation starts only
// once the database's clock has reached the mark.
async function mark(merchantId: string, model: Model): Promise<Mark> {
  const last = await db().ledgerEntry.findFirst({ where: { merchantId }, orderBy: { sequence: "desc" }, select: { createdAt: true } });
  const [clock] = await db().$queryRaw<{ now: Date }[]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`;
  const at = last ? new Date(last.createdAt.getTime() + 1) : clock.now;
  const reached = async () => (await db().$queryRaw<{ reached: boolean }[]>`SELECT clock_timestamp() >= ${at} AS reached`)[0].reached;
  await waitUntil(`the database clock to reach the mark ${at.toISOString()}`, reached, Boolean, 5, 1);
  return { at, available: model.available, reserved: model.reserved, credits: model.credits, debits: model.debits };
}

describe("the balance statement", () => {
  it("reconciles for random histories and random periods: opening + credits − debits = closing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArbitrary, { minLength: 2, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        async (ops, periods) => {
          const { merchantId } = await createTestMerchant();
          const model: Model = { available: 0n, reserved: 0n, credits: 0n, debits: 0n, open: [] };
          const marks = [await mark(merchantId, model)];
          for (const op of [{ kind: "credit", sats: 10_000 } as Op, ...ops]) {
            await apply(merchantId, model, op);
            marks.push(await mark(merchantId, model));
          }
          for (const [a, b] of periods) {
            const [i, j] = [a % marks.length, b % marks.length].sort((x, y) => x - y);
            const [from, to] = [marks[i], marks[j]];
            const s = await getStatement(merchantId, { start: from.at, end: to.at }, new Date(Date.now() + 60_000));
            expect(s.opening).toEqual({ availableMsat: from.available, reservedMsat: from.reserved, totalMsat: from.available + from.reserved });
            expect(s.closing).toEqual({ availableMsat: to.available, reservedMsat: to.reserved, totalMsat: to.available + to.reserved });
            expect(s.creditsMsat).toBe(to.credits - from.credits);
            expect(s.debitsMsat).toBe(to.debits - from.debits);
            expect(s.opening.totalMsat + s.creditsMsat - s.debitsMsat).toBe(s.closing.totalMsat);
            expect(s.discrepancyMsat).toBe(0n);
          }
          // From the very beginning to now: the whole ledger, ending at the balance row.
          const all = await getStatement(merchantId, {});
          const balance = await db().balance.findUniqueOrThrow({ where: { merchantId } });
          expect(all.opening.totalMsat).toBe(0n);
          expect(all.closing).toEqual({ availableMsat: balance.availableMsat, reservedMsat: balance.reservedMsat, totalMsat: balance.availableMsat + balance.reservedMsat });
          expect(all.creditsMsat - all.debitsMsat).toBe(model.credits - model.debits);
          expect(all.entryCount).toBe(await db().ledgerEntry.count({ where: { merchantId } }));
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe("the statement over HTTP", () => {
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    server = await serveRoutes(ROUTES);
  });
  afterAll(() => server.close());

  it("answers JSON and CSV for whole days in a time zone, and records the export", async () => {
    const { merchantId, readOnlyKey } = await createTestMerchant(5_000n);
    await adjustBalance({ merchantId, sats: -1_500n, note: "refund" });
    const get = (query: string) => fetch(`${server.url}/api/v1/exports/statement?${query}`, { headers: { Authorization: `Bearer ${readOnlyKey}` } });
    const today = new Date().toISOString().slice(0, 10);
    // Today where the day is UTC+14: from 10:00 UTC on, it is already tomorrow's date in UTC.
    const kiritimatiToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(new Date());

    const json = await get(`from=2020-01-01&to=${kiritimatiToday}&tz=Pacific/Kiritimati`);
    expect(json.status).toBe(200);
    const body = (await json.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: "statement",
      from: "2020-01-01",
      to: kiritimatiToday,
      time_zone: "Pacific/Kiritimati",
      // 2020-01-01 begins at 10:00 UTC the day before in UTC+14.
      period_start: "2019-12-31T10:00:00.000Z",
      opening_balance: { total_msat: "0" },
      credits_msat: "5000000",
      debits_msat: "1500000",
      closing_balance: { available_msat: "3500000", reserved_msat: "0", total_msat: "3500000", total_sats: "3500" },
      entries: 2,
      reconciles: true,
    });

    const csv = await get(`format=csv&from=2020-01-01&to=${today}`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="sluice-statement-2020-01-01-to-${today}.csv"`);
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ line: "opening_balance", balance_msat: "0" });
    expect(rows.find((r) => r.line === "adjustment")).toMatchObject({ entries: "2", credits_msat: "5000000", debits_msat: "1500000" });
    expect(rows.at(-2)).toMatchObject({ line: "total_movements", balance_msat: "3500000" });
    expect(rows.at(-1)).toMatchObject({ line: "closing_balance", balance_msat: "3500000", balance_sats: "3500" });

    expect((await get("format=xml")).status).toBe(400);
    const audit = await db().dataExport.findMany({ where: { merchantId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((r) => [r.kind, r.format, r.status])).toEqual([
      ["statement", "json", "completed"],
      ["statement", "csv", "completed"],
    ]);
  });
});
