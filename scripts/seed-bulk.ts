// `npm run seed:bulk -- --rows 1000000 [--email E]`: fills the database with realistic withdraws for one new
// merchant (statuses, currencies, amounts and times spread over the past year) and with what the engine would
// have written for them, so that list pages, exports and the balance statement can be measured and reconcile:
// - withdraws, in set-based SQL batches;
// - withdraw_payments: one succeeded payment per paid withdraw (its preimage hashes to the claimed hash);
// - ledger_entries: a reserve per withdraw at its creation; payout, fee and release of the unused fee limit
//   when paid; a release of the whole reservation when cancelled or expired; nothing more while unpaid (the
//   expiry sweep releases those when Sluice next runs); plus one credit at the start of every day that covers
//   the day's reservations with a margin, so the available balance never goes negative. Entries are computed
//   into a temporary table, numbered in time order, and inserted in batches with the running balances
//   computed by window functions; finally the balance row is set to the last entry's balances.
// Everything is one transaction: an interrupted run leaves nothing behind, and a running Sluice goes on
// serving meanwhile (the withdraws and their entries appear together when it commits). The merchant is
// created when the email has no user yet, and must have no withdraws or ledger entries.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
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
const LEDGER_BATCH = 200_000;

class SeedRefused extends Error {}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const INVOICE_POOL = Buffer.from(Array.from(randomBytes(4096 + 160), (b) => BECH32[b & 31]).join(""), "latin1");

/** SQL for an id like lib/ids.ts makes: prefix, 10 characters of milliseconds, 16 "random" ones (hex of md5). */
function idSql(prefix: string, msExpr: string, hexExpr: string): string {
  const alphabet = "'0123456789abcdefghjkmnpqrstvwxyz'";
  const time = [45, 40, 35, 30, 25, 20, 15, 10, 5, 0].map((shift) => `substr(${alphabet}, ((${msExpr} >> ${shift}) & 31)::int + 1, 1)`);
  return `'${prefix}_' || ${time.join(" || ")} || substr(${hexExpr}, 1, 16)`;
}
const msOf = (timestamp: string) => `(extract(epoch FROM ${timestamp}) * 1000)::bigint`;

// The preimage of a paid withdraw's payment, derived from the withdraw id; the claimed hash is its SHA-256.
const preimageOf = (withdrawId: string) => `md5(${withdrawId} || ':p1') || md5(${withdrawId} || ':p2')`;

const INSERT_WITHDRAWS = `
  WITH ins AS (
    INSERT INTO withdraws (id, merchant_id, status, livemode, amount, currency, exchange_rate, rate_source,
      target_amount_msat, fee_limit_msat, paid_amount_msat, fees_msat, ttl_seconds, expires_at,
      statement_descriptor, lnurl_secret_hash, k1, claimed_payment_hash, paid_at, cancelled_at, expired_at,
      created_at, updated_at)
    SELECT i.id, $1::text, s.status::"WithdrawStatus", false,
      CASE WHEN c.cur = 'SATS' THEN a.sats ELSE round(a.sats / 1052.6315789473684210, 2) END, c.cur,
      CASE WHEN c.cur = 'SATS' THEN 1 ELSE 1052.6315789473684210 END, CASE WHEN c.cur = 'SATS' THEN 'fixed' ELSE 'configured' END,
      a.sats * 1000, 100000,
      CASE WHEN s.status = 'paid' THEN a.sats * 1000 END, CASE WHEN s.status = 'paid' THEN 1000 + a.sats / 10 END,
      600, t.created + interval '600 seconds',
      'Order #' || g, md5($1::text || 'secret' || g::text) || md5(g::text), md5('k1' || g::text) || md5('k1b' || g::text),
      CASE WHEN s.status = 'paid' THEN encode(sha256(decode(${preimageOf("i.id")}, 'hex')), 'hex') END,
      CASE WHEN s.status = 'paid' THEN t.created + interval '40 seconds' END,
      CASE WHEN s.status = 'cancelled' THEN t.created + interval '120 seconds' END,
      CASE WHEN s.status = 'expired' THEN t.created + interval '600 seconds' END,
      t.created, COALESCE(CASE s.status WHEN 'paid' THEN t.created + interval '40 seconds'
                                        WHEN 'cancelled' THEN t.created + interval '120 seconds'
                                        WHEN 'expired' THEN t.created + interval '600 seconds' END, t.created)
    FROM generate_series($2::int, $3::int) AS g
    -- Sats amounts 1 000 … 500 000; two in five in fiat at a fixed rate; created evenly over the past year
    -- (now() is the transaction's start, the same for every batch).
    CROSS JOIN LATERAL (SELECT (1000 + (hashtext(g::text) & 2147483647) % 499000)::bigint AS sats) a
    CROSS JOIN LATERAL (SELECT (ARRAY['SATS','SATS','SATS','USD','EUR'])[1 + (hashtext('c' || g) & 2147483647) % 5] AS cur) c
    CROSS JOIN LATERAL (SELECT (ARRAY['paid','paid','paid','paid','paid','paid','expired','expired','cancelled','unpaid'])[1 + (hashtext('s' || g) & 2147483647) % 10] AS status) s
    CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', now() - interval '366 days' + (g::float / $4) * interval '365 days') AS created) t
    CROSS JOIN LATERAL (SELECT ${idSql("wi", msOf("t.created"), "md5($1::text || g::text)")} AS id) i
    RETURNING created_at
  )
  SELECT count(*)::int AS inserted, min(created_at) AS first, max(created_at) AS last FROM ins`;

// The succeeded payment of each paid withdraw of a batch (found again by the batch's created_at range).
// The invoice is NOT a valid BOLT 11 invoice: it has the shape and length of a regtest one (prefix, amount,
// ~330 bech32 characters), so that exports carry realistic bytes, but no valid checksum, fields or signature.
// Its data part is two slices of a pool of random bech32 characters ($4), picked by hashes of the withdraw id:
// cheap (translate() on every row took most of the time) and varied enough for exports.
const INSERT_PAYMENTS = `
  INSERT INTO withdraw_payments (id, withdraw_id, merchant_id, payment_hash, invoice, amount_msat, fee_limit_msat,
    status, fee_msat, preimage, failure_reason, payee_pubkey, created_at, resolved_at, checked_at)
  SELECT ${idSql("wp", msOf("p.created"), "md5(w.id || ':wp')")}, w.id, w.merchant_id, w.claimed_payment_hash,
    'lnbcrt' || (w.paid_amount_msat / 100)::text || 'n1p' || convert_from(
      substring($4::bytea FROM 1 + (hashtext(w.id || 'a') & 4095) FOR 160) || substring($4::bytea FROM 1 + (hashtext(w.id || 'b') & 4095) FOR 160),
      'SQL_ASCII'),
    w.paid_amount_msat, w.fee_limit_msat, 'succeeded', w.fees_msat, ${preimageOf("w.id")}, NULL,
    '02' || md5('payee' || (hashtext(w.id) & 1023)) || md5('payee2' || (hashtext(w.id) & 1023)),
    p.created, w.paid_at, NULL
  FROM withdraws w
  CROSS JOIN LATERAL (SELECT w.paid_at - interval '1.2 seconds' AS created) p
  WHERE w.merchant_id = $1 AND w.created_at >= $2 AND w.created_at <= $3 AND w.status = 'paid'`;

// Every balance movement the engine would have made for the merchant's withdraws, unordered. `prio` and
// `step` break ties of equal times: a day's credit first, then each withdraw's movements in engine order.
const COMPUTE_MOVEMENTS = `
  INSERT INTO seed_moves (at, prio, withdraw_id, step, kind, available_delta, reserved_delta, note)
  SELECT m.at, 1, w.id, m.step, m.kind::"LedgerKind", m.available_delta, m.reserved_delta, NULL
  FROM withdraws w
  CROSS JOIN LATERAL (SELECT w.target_amount_msat + w.fee_limit_msat AS held, LEAST(w.fees_msat, w.fee_limit_msat) AS fee_held) h
  CROSS JOIN LATERAL (SELECT h.held - w.paid_amount_msat - h.fee_held AS unused) u
  CROSS JOIN LATERAL (VALUES
    (w.created_at, 0, 'reserve', -h.held, h.held),
    (CASE WHEN w.status = 'paid' THEN w.paid_at END, 1, 'payout', 0, -w.paid_amount_msat),
    -- A fee above the fee limit would come out of the available balance, as in lib/payments/settlement.ts.
    (CASE WHEN w.status = 'paid' AND w.fees_msat > 0 THEN w.paid_at END, 2, 'fee', -(w.fees_msat - h.fee_held), -h.fee_held),
    (CASE WHEN w.status = 'paid' AND u.unused > 0 THEN w.paid_at END, 3, 'release', u.unused, -u.unused),
    (CASE w.status WHEN 'cancelled' THEN w.cancelled_at WHEN 'expired' THEN w.expired_at END, 1, 'release', h.held, -h.held)
  ) AS m(at, step, kind, available_delta, reserved_delta)
  WHERE w.merchant_id = $1 AND m.at IS NOT NULL`;

// One credit at 00:00 UTC of every day with reservations: that day's reservations plus 10 %, in whole sats.
// Releases only add to the available balance, so it can never go below zero.
const COMPUTE_CREDITS = `
  INSERT INTO seed_moves (at, prio, withdraw_id, step, kind, available_delta, reserved_delta, note)
  SELECT d.day, 0, NULL, 0, 'credit', (ceil(d.held * 1.1 / 1000) * 1000)::bigint, 0,
         'Bulk seed: funds for ' || to_char(d.day AT TIME ZONE 'UTC', 'YYYY-MM-DD')
  FROM (SELECT date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(reserved_delta) AS held
          FROM seed_moves WHERE kind = 'reserve' GROUP BY 1) d`;

const INSERT_LEDGER = `
  INSERT INTO ledger_entries (id, merchant_id, kind, available_delta_msat, reserved_delta_msat, available_after_msat,
    reserved_after_msat, withdraw_id, deposit_id, note, sequence, created_at)
  SELECT ${idSql("le", msOf("l.at"), "md5($1::text || ':le:' || l.n)")}, $1, l.kind, l.available_delta, l.reserved_delta,
    $4::bigint + sum(l.available_delta) OVER running, $5::bigint + sum(l.reserved_delta) OVER running,
    l.withdraw_id, NULL, l.note, l.n, l.at
  FROM seed_ledger l
  WHERE l.n BETWEEN $2 AND $3
  WINDOW running AS (ORDER BY l.n ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  ORDER BY l.n`;

async function merchantId(email: string): Promise<string> {
  const user = await db().user.findUnique({ where: { email }, select: { merchantId: true } });
  if (!user) return (await createMerchantAccount({ name: "Bulk Shop", email, password: "bulk seed password" })).merchantId;
  const [withdraws, entries] = await Promise.all([
    db().withdraw.count({ where: { merchantId: user.merchantId } }),
    db().ledgerEntry.count({ where: { merchantId: user.merchantId } }),
  ]);
  if (withdraws > 0 || entries > 0) {
    throw new SeedRefused(
      `The merchant of ${email} already has ${withdraws} withdraws and ${entries} ledger entries; the bulk seed writes a ` +
        "merchant's whole history and needs a new one. Use another --email (or a fresh database).",
    );
  }
  return user.merchantId;
}

const rate = (count: number, ms: number) => `${count} rows in ${(ms / 1000).toFixed(1)} s (${Math.round(count / (ms / 1000))} rows/s)`;

async function seed(client: pg.Client, merchant: string): Promise<void> {
  await client.query("BEGIN");
  await client.query("SET LOCAL work_mem = '64MB'");

  // 1. Withdraws, and the payments of the paid ones, batch by batch.
  let withdrawMs = 0;
  let paymentMs = 0;
  let payments = 0;
  for (let offset = 0; offset < rows; offset += BATCH) {
    const count = Math.min(BATCH, rows - offset);
    let t = performance.now();
    const batch = await client.query<{ inserted: number; first: Date; last: Date }>(INSERT_WITHDRAWS, [merchant, offset + 1, offset + count, rows]);
    withdrawMs += performance.now() - t;
    t = performance.now();
    const paid = await client.query(INSERT_PAYMENTS, [merchant, batch.rows[0].first, batch.rows[0].last, INVOICE_POOL]);
    paymentMs += performance.now() - t;
    payments += paid.rowCount ?? 0;
    log(`inserted ${offset + count} of ${rows} withdraws (${payments} payments)`);
  }

  // 2. The ledger: movements into a temporary table, numbered in time order, then inserted in batches.
  let t = performance.now();
  await client.query(`
    CREATE TEMPORARY TABLE seed_moves (at timestamptz(3) NOT NULL, prio smallint NOT NULL, withdraw_id text, step smallint NOT NULL,
      kind "LedgerKind" NOT NULL, available_delta bigint NOT NULL, reserved_delta bigint NOT NULL, note text) ON COMMIT DROP`);
  await client.query(COMPUTE_MOVEMENTS, [merchant]);
  await client.query(COMPUTE_CREDITS);
  await client.query(`
    CREATE TEMPORARY TABLE seed_ledger ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY at, prio, withdraw_id, step) AS n, at, kind, available_delta, reserved_delta, withdraw_id, note
      FROM seed_moves`);
  await client.query("CREATE UNIQUE INDEX ON seed_ledger (n)");
  const total = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM seed_ledger")).rows[0].n);
  const computeMs = performance.now() - t;
  log(`computed ${total} ledger entries in ${(computeMs / 1000).toFixed(1)} s`);

  t = performance.now();
  let available = 0n;
  let reserved = 0n;
  for (let from = 1; from <= total; from += LEDGER_BATCH) {
    const to = Math.min(total, from + LEDGER_BATCH - 1);
    await client.query(INSERT_LEDGER, [merchant, from, to, available.toString(), reserved.toString()]);
    // The carry into the next batch: the running balances after this batch's last entry.
    const last = await client.query<{ a: string; r: string }>(
      "SELECT available_after_msat::text AS a, reserved_after_msat::text AS r FROM ledger_entries WHERE merchant_id = $1 AND sequence = $2",
      [merchant, to],
    );
    available = BigInt(last.rows[0].a);
    reserved = BigInt(last.rows[0].r);
    log(`inserted ${to} of ${total} ledger entries`);
  }
  await client.query(
    "UPDATE balances SET available_msat = $2, reserved_msat = $3, ledger_sequence = $4, updated_at = now() WHERE merchant_id = $1",
    [merchant, available.toString(), reserved.toString(), total],
  );
  const ledgerMs = performance.now() - t;
  t = performance.now();
  await client.query("COMMIT");
  const commitMs = performance.now() - t;

  log(`withdraws:       ${rate(rows, withdrawMs)}`);
  log(`payments:        ${rate(payments, paymentMs)}`);
  log(`ledger entries:  ${rate(total, computeMs + ledgerMs)} (computing ${(computeMs / 1000).toFixed(1)} s, inserting ${(ledgerMs / 1000).toFixed(1)} s)`);
  log(`commit:          ${(commitMs / 1000).toFixed(1)} s`);
}

/** The checks that the seeded history is one the engine could have written; throws when one fails. */
async function verify(client: pg.Client, merchant: string): Promise<void> {
  const ledger = (
    await client.query(
      `WITH e AS (
         SELECT sequence, created_at, available_delta_msat AS ad, reserved_delta_msat AS rd,
                available_after_msat AS aa, reserved_after_msat AS ra,
                lag(available_after_msat, 1, 0::bigint) OVER w AS pa, lag(reserved_after_msat, 1, 0::bigint) OVER w AS pr,
                lag(sequence, 1, 0::bigint) OVER w AS ps, lag(created_at) OVER w AS pt
           FROM ledger_entries WHERE merchant_id = $1 WINDOW w AS (ORDER BY sequence))
       SELECT count(*)::int AS entries,
              count(*) FILTER (WHERE aa <> pa + ad OR ra <> pr + rd)::int AS running_mismatches,
              count(*) FILTER (WHERE sequence <> ps + 1)::int AS sequence_gaps,
              count(*) FILTER (WHERE created_at < pt)::int AS time_reversals,
              count(*) FILTER (WHERE aa < 0 OR ra < 0)::int AS negatives,
              COALESCE(sum(ad), 0)::text AS sum_available, COALESCE(sum(rd), 0)::text AS sum_reserved,
              (SELECT aa::text FROM e ORDER BY sequence DESC LIMIT 1) AS last_available,
              (SELECT ra::text FROM e ORDER BY sequence DESC LIMIT 1) AS last_reserved,
              COALESCE(max(sequence), 0)::text AS last_sequence
         FROM e`,
      [merchant],
    )
  ).rows[0];
  const balance = (
    await client.query(
      "SELECT available_msat::text AS available, reserved_msat::text AS reserved, ledger_sequence::text AS sequence FROM balances WHERE merchant_id = $1",
      [merchant],
    )
  ).rows[0];
  // Cross-checks against the withdraws themselves: what is still reserved is exactly the unpaid withdraws'
  // reservations; every paid withdraw has exactly one succeeded payment whose preimage hashes to its hash.
  const withdraws = (
    await client.query(
      `SELECT (SELECT COALESCE(sum(target_amount_msat + fee_limit_msat), 0)::text FROM withdraws
                WHERE merchant_id = $1 AND status IN ('unpaid', 'processing')) AS unpaid_reserved,
              (SELECT count(*)::int FROM withdraws WHERE merchant_id = $1 AND status = 'paid') AS paid,
              (SELECT count(*)::int FROM withdraws w JOIN withdraw_payments p ON p.withdraw_id = w.id AND p.status = 'succeeded'
                WHERE w.merchant_id = $1 AND w.status = 'paid' AND p.payment_hash = w.claimed_payment_hash
                  AND p.amount_msat = w.paid_amount_msat AND p.fee_msat = w.fees_msat
                  AND encode(sha256(decode(p.preimage, 'hex')), 'hex') = p.payment_hash) AS paid_with_payment,
              (SELECT count(*)::int FROM withdraw_payments WHERE merchant_id = $1) AS payments`,
      [merchant],
    )
  ).rows[0];
  const problems: string[] = [];
  if (ledger.running_mismatches) problems.push(`${ledger.running_mismatches} entries whose balances are not the previous ones plus their movement`);
  if (ledger.sequence_gaps) problems.push(`${ledger.sequence_gaps} sequence gaps`);
  if (ledger.time_reversals) problems.push(`${ledger.time_reversals} entries older than the one before`);
  if (ledger.negatives) problems.push(`${ledger.negatives} negative balances`);
  if (balance.available !== ledger.sum_available || balance.reserved !== ledger.sum_reserved) problems.push("balance row differs from the sum of movements");
  if (balance.available !== ledger.last_available || balance.reserved !== ledger.last_reserved) problems.push("balance row differs from the last entry");
  if (balance.sequence !== ledger.last_sequence) problems.push("balance ledger_sequence differs from the last entry's");
  if (balance.reserved !== withdraws.unpaid_reserved) problems.push("reserved balance differs from the unpaid withdraws' reservations");
  if (withdraws.paid !== withdraws.paid_with_payment || withdraws.payments !== withdraws.paid) problems.push("paid withdraws and payments do not match one to one");
  log(
    `verified: ${ledger.entries} entries, balance available ${balance.available} msat, reserved ${balance.reserved} msat ` +
      `(= unpaid reservations), sequence ${balance.sequence}; ${withdraws.paid} paid withdraws, ${withdraws.payments} payments`,
  );
  if (problems.length) throw new Error(`The seeded data is inconsistent: ${problems.join("; ")}.`);
}

async function main() {
  await withDatabase(async (database) => {
    const merchant = await merchantId(values.email!);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const started = performance.now();
      try {
        await seed(client, merchant);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      // Fresh statistics now, so the planner picks the indexes from the first query on: autovacuum analyzes
      // the loaded tables too, but only once a later pass of it (every minute by default) gets to them.
      let t = performance.now();
      await client.query("ANALYZE withdraws, withdraw_payments, ledger_entries, balances");
      log(`analyze:         ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const seconds = (performance.now() - started) / 1000;
      log(`done: ${rows} withdraws for ${values.email} (merchant ${merchant}) on ${database.kind === "embedded" ? "embedded PostgreSQL" : "PostgreSQL (DATABASE_URL)"} in ${seconds.toFixed(1)} s`);
      t = performance.now();
      await verify(client, merchant);
      log(`verify:          ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } finally {
      await client.end();
    }
  });
}

main().catch((error) => {
  if (error instanceof SeedRefused) console.error(`[sluice] ${error.message}`);
  else fail(error);
  process.exit(1);
});
