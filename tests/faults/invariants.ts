// What must hold after every fault, read straight from the database with plain SQL:
// - each merchant's balance equals the sum of its ledger entries, and is never negative;
// - each merchant's reserved amount equals the reservations of its open withdraws (unpaid, processing) and
//   payouts (pending, processing);
// - no withdraw was paid twice: at most one succeeded payment per withdraw, and the node itself paid at most
//   one of a withdraw's invoices;
// - every paid withdraw has exactly one succeeded payment, for the amount it records, and one payout entry.
import pg from "pg";

export type Violation = { check: string; row: Record<string, unknown> };

const CHECKS: { check: string; sql: string }[] = [
  {
    check: "balance equals the sum of the ledger",
    sql: `SELECT b.merchant_id, b.available_msat, b.reserved_msat, l.available, l.reserved
          FROM balances b
          LEFT JOIN (SELECT merchant_id, sum(available_delta_msat) AS available, sum(reserved_delta_msat) AS reserved
                     FROM ledger_entries GROUP BY merchant_id) l ON l.merchant_id = b.merchant_id
          WHERE b.available_msat <> coalesce(l.available, 0) OR b.reserved_msat <> coalesce(l.reserved, 0)
             OR b.available_msat < 0 OR b.reserved_msat < 0`,
  },
  {
    check: "reserved equals the open withdraws' and payouts' reservations",
    sql: `SELECT b.merchant_id, b.reserved_msat, coalesce(w.held, 0) AS withdraws_held, coalesce(p.held, 0) AS payouts_held
          FROM balances b
          LEFT JOIN (SELECT merchant_id, sum(target_amount_msat + fee_limit_msat) AS held FROM withdraws
                     WHERE status IN ('unpaid', 'processing') GROUP BY merchant_id) w ON w.merchant_id = b.merchant_id
          LEFT JOIN (SELECT merchant_id, sum(amount_msat + fee_limit_msat) AS held FROM payouts
                     WHERE status IN ('pending', 'processing') GROUP BY merchant_id) p ON p.merchant_id = b.merchant_id
          WHERE b.reserved_msat <> coalesce(w.held, 0) + coalesce(p.held, 0)`,
  },
  {
    check: "at most one succeeded payment per withdraw",
    sql: `SELECT withdraw_id, count(*) AS succeeded FROM withdraw_payments WHERE status = 'succeeded'
          GROUP BY withdraw_id HAVING count(*) > 1`,
  },
  {
    check: "the node paid at most one invoice per withdraw",
    sql: `SELECT wp.withdraw_id, count(*) AS node_payments FROM withdraw_payments wp
          JOIN sim_payments sp ON sp.payment_hash = wp.payment_hash AND sp.wallet_id = 'node' AND sp.status = 'succeeded'
          GROUP BY wp.withdraw_id HAVING count(*) > 1`,
  },
  {
    check: "every paid withdraw has one succeeded payment of its amount and one payout entry",
    sql: `SELECT w.id, w.paid_amount_msat,
            (SELECT count(*) FROM withdraw_payments p WHERE p.withdraw_id = w.id AND p.status = 'succeeded') AS succeeded,
            (SELECT min(p.amount_msat) FROM withdraw_payments p WHERE p.withdraw_id = w.id AND p.status = 'succeeded') AS paid,
            (SELECT count(*) FROM ledger_entries e WHERE e.withdraw_id = w.id AND e.kind = 'payout') AS payouts
          FROM withdraws w WHERE w.status = 'paid'
            AND ((SELECT count(*) FROM withdraw_payments p WHERE p.withdraw_id = w.id AND p.status = 'succeeded') <> 1
              OR (SELECT min(p.amount_msat) FROM withdraw_payments p WHERE p.withdraw_id = w.id AND p.status = 'succeeded')
                 IS DISTINCT FROM w.paid_amount_msat
              OR (SELECT count(*) FROM ledger_entries e WHERE e.withdraw_id = w.id AND e.kind = 'payout') <> 1)`,
  },
  {
    check: "no succeeded payment on a withdraw that is not paid",
    sql: `SELECT w.id, w.status FROM withdraws w
          WHERE w.status <> 'paid' AND EXISTS (SELECT 1 FROM withdraw_payments p WHERE p.withdraw_id = w.id AND p.status = 'succeeded')`,
  },
];

export async function findViolations(databaseUrl: string): Promise<Violation[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const found: Violation[] = [];
    for (const { check, sql } of CHECKS) {
      const { rows } = await client.query(sql);
      found.push(...rows.map((row) => ({ check, row })));
    }
    return found;
  } finally {
    await client.end();
  }
}

export const INVARIANT_COUNT = CHECKS.length;
