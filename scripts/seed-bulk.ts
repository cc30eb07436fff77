// `npm run seed:bulk -- --rows 1000000 [--email E]`: fills the database with realistic withdraws for one
// merchant (statuses, currencies, amounts and times spread over the past year), in set-based SQL batches,
// for measuring list pages and exports. The merchant is created when the email has no user yet.
import { parseArgs } from "node:util";
import { db } from "@/lib/db";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { fail, log } from "./launcher/log";
import { withDatabase } from "./launcher/with-database";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, email: { type: "string", default: "bulk@sluice.test" } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1 || rows > 50_000_000) {
  console.error("--rows must be a whole number from 1 to 50 000 000.");
  process.exit(2);
}

const BATCH = 50_000;

async function merchantId(email: string): Promise<string> {
  const user = await db().user.findUnique({ where: { email }, select: { merchantId: true } });
  if (user) return user.merchantId;
  return (await createMerchantAccount({ name: "Bulk Shop", email, password: "bulk seed password" })).merchantId;
}

async function main() {
  await withDatabase(async () => {
    const merchant = await merchantId(values.email!);
    const started = performance.now();
    for (let offset = 0; offset < rows; offset += BATCH) {
      const count = Math.min(BATCH, rows - offset);
      // Sats amounts 1 000 … 500 000; one in four in fiat at a fixed rate; created over the past year.
      await db().$executeRaw`
        INSERT INTO withdraws (id, merchant_id, status, livemode, amount, currency, exchange_rate, rate_source,
          target_amount_msat, fee_limit_msat, paid_amount_msat, fees_msat, ttl_seconds, expires_at,
          statement_descriptor, lnurl_secret_hash, k1, claimed_payment_hash, paid_at, cancelled_at, expired_at,
          created_at, updated_at)
        SELECT 'wi_' || substr(md5(${merchant} || g::text), 1, 26), ${merchant}, s.status::"WithdrawStatus", false,
          CASE WHEN c.cur = 'SATS' THEN a.sats ELSE round(a.sats / 1052.6315789473684210, 2) END, c.cur,
          CASE WHEN c.cur = 'SATS' THEN 1 ELSE 1052.6315789473684210 END, CASE WHEN c.cur = 'SATS' THEN 'fixed' ELSE 'configured' END,
          a.sats * 1000, 100000,
          CASE WHEN s.status = 'paid' THEN a.sats * 1000 END, CASE WHEN s.status = 'paid' THEN 1000 + a.sats / 10 END,
          600, t.created + interval '600 seconds',
          'Order #' || g, md5(${merchant} || 'secret' || g::text) || md5(g::text), md5('k1' || g::text) || md5('k1b' || g::text),
          CASE WHEN s.status = 'paid' THEN md5('hash' || g::text) || md5('hash2' || g::text) END,
          CASE WHEN s.status = 'paid' THEN t.created + interval '40 seconds' END,
          CASE WHEN s.status = 'cancelled' THEN t.created + interval '120 seconds' END,
          CASE WHEN s.status = 'expired' THEN t.created + interval '600 seconds' END,
          t.created, t.created
        FROM generate_series(${offset + 1}::int, ${offset + count}::int) AS g
        CROSS JOIN LATERAL (SELECT (1000 + (hashtext(g::text) & 2147483647) % 499000)::bigint AS sats) a
        CROSS JOIN LATERAL (SELECT (ARRAY['SATS','SATS','SATS','USD','EUR'])[1 + (hashtext('c' || g) & 2147483647) % 5] AS cur) c
        CROSS JOIN LATERAL (SELECT (ARRAY['paid','paid','paid','paid','paid','paid','expired','expired','cancelled','unpaid'])[1 + (hashtext('s' || g) & 2147483647) % 10] AS status) s
        CROSS JOIN LATERAL (SELECT now() - interval '366 days' + (g::float / ${rows}) * interval '365 days' AS created) t`;
      log(`inserted ${offset + count} of ${rows} withdraws`);
    }
    // Fresh statistics, so the planner picks the list's indexes (PGlite has no autovacuum to do it).
    await db().$executeRaw`ANALYZE withdraws`;
    const seconds = (performance.now() - started) / 1000;
    log(`done: ${rows} withdraws for ${values.email} in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`);
  });
}

main().catch((error) => {
  fail(error);
  process.exit(1);
});
