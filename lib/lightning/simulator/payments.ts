// Paying from a simulator wallet, about as cheaply as a fast real node answers. A payment is two
// statements, each atomic on its own:
//   1. the sim_payments row is inserted first (ON CONFLICT DO NOTHING), and the same statement reads the
//      simulator's mode and whether the payment hash is one of the simulator's own invoices (and whether
//      the invoice paid is that one);
//   2. one statement settles it: it locks the row while it is still in flight, moves the money and marks
//      the row succeeded, all or nothing.
// Each (wallet, payment hash) is paid at most once: only the call whose insert created the row goes on, and
// every later step acts only on a row still in flight (locked first, or a conditional update), so repeated
// or concurrent calls, from any process, can only ever observe the one outcome.
//
// Nothing is decoded and no signature is checked here: Sluice has checked the invoice before paying it, and
// the request carries its payment hash and amount. The network and amount are read from the invoice's
// prefix. A payment hash of one of the simulator's invoices (a sim_invoices row) makes an internal payment, to
// the other wallet. Anyone can copy a payment hash into an invoice they sign themselves, so such a payment
// settles the simulator's invoice only when what is paid is that very invoice, as the simulator issued it
// (compared as text, case aside: so its payee, signature and amount are the simulator's), and for at least its
// amount (an invoice without one: any amount above zero). Any other invoice carrying that hash is refused (on
// a real network it fails: its payee cannot know the preimage, which only the simulator holds): it moves
// nothing and records no payment. The invoice records what the payment that settled it really paid.
import { setTimeout as sleep } from "node:timers/promises";
import { isInvoiceError, type Network } from "../../bolt11";
import { readInvoicePrefix } from "../../bolt11/hrp";
import { prepared, queryOne, sql } from "../../database/sql";
import { satsToMsat } from "../../money";
import type { PaymentLookup, PaymentOutcome, PayRequest } from "../types";
import { parseSimulatorMode } from "./settings";
import { ensureWallets, isOverdraft, type SimWalletId } from "./wallets";

const PAYMENT_HASH = /^[0-9a-f]{64}$/;
const FORGED = "The invoice is not the one this node issued for its payment hash.";

// Payments this process is paying right now; the reconciler leaves them alone. Not a lock: the conditional
// statements below are what keep a payment single.
const active = new Set<string>();
const key = (walletId: string, hash: string) => `${walletId}:${hash}`;

export function isPaying(walletId: string, paymentHash: string): boolean {
  return active.has(key(walletId, paymentHash));
}

type Row = { status: "in_flight" | "succeeded" | "failed"; preimage: string | null; fee_msat: bigint; failure: string | null };

function outcomeOf(row: Row): PaymentOutcome {
  if (row.status === "succeeded") return { status: "succeeded", preimage: row.preimage, feeMsat: row.fee_msat };
  if (row.status === "failed") return { status: "failed", reason: row.failure ?? "Payment failed." };
  return { status: "in_flight" };
}

async function readOutcome(walletId: string, hash: string): Promise<PaymentOutcome> {
  const row = await queryOne<Row>(
    prepared("sim-pay-read", sql`SELECT status, preimage, fee_msat, failure FROM sim_payments WHERE wallet_id = ${walletId} AND payment_hash = ${hash}`),
  );
  return row ? outcomeOf(row) : { status: "failed", reason: "Unknown payment." };
}

/** Fails the payment if it is still in flight; either way, the outcome it has. */
async function fail(walletId: string, hash: string, reason: string): Promise<PaymentOutcome> {
  const row = await queryOne<Row>(
    prepared(
      "sim-pay-fail",
      sql`UPDATE sim_payments SET status = 'failed', failure = ${reason}, resolved_at = ${new Date()}
           WHERE wallet_id = ${walletId} AND payment_hash = ${hash} AND status = 'in_flight'
          RETURNING status, preimage, fee_msat, failure`,
    ),
  );
  return row ? outcomeOf(row) : readOutcome(walletId, hash);
}

// The simulated network's routing fee: 1 sat base + 100 ppm of the amount, never more than the payer's fee limit.
export function routingFee(amountMsat: bigint, feeLimitMsat: bigint): bigint {
  const fee = satsToMsat(1n) + (amountMsat * 100n) / 1_000_000n;
  return fee < feeLimitMsat ? fee : feeLimitMsat;
}

// Over the "network", with the routing fee above. An outside node's preimage cannot be known to a simulator:
// the payment succeeds without one. A debit below zero breaks the wallet's CHECK constraint and undoes the
// whole statement. The first step finds the row and its wallet (wallets are never deleted), so each later
// step has its one row: all of them happen, or none.
const settleOverNetwork = (walletId: string, hash: string, feeMsat: bigint, now: Date) =>
  prepared(
    "sim-pay-settle-network",
    sql`WITH payment AS (
          SELECT p.amount_msat, ${feeMsat}::bigint AS fee_msat
            FROM sim_payments p JOIN sim_wallets payer ON payer.id = p.wallet_id
           WHERE p.wallet_id = ${walletId} AND p.payment_hash = ${hash} AND p.status = 'in_flight'
             FOR UPDATE OF p),
        debited AS (
          UPDATE sim_wallets w SET balance_msat = w.balance_msat - p.amount_msat - p.fee_msat
            FROM payment p WHERE w.id = ${walletId}
          RETURNING p.fee_msat),
        paid AS (
          UPDATE sim_payments s SET status = 'succeeded', preimage = NULL, fee_msat = d.fee_msat, resolved_at = ${now}
            FROM debited d WHERE s.wallet_id = ${walletId} AND s.payment_hash = ${hash}
          RETURNING s.fee_msat)
        SELECT fee_msat FROM paid`,
  );

// To the other wallet, with the invoice's true preimage and no fee: only the very invoice the simulator
// issued (see the top of this file), of another wallet, not yet paid, not expired, and for at least its
// amount; the invoice records the amount paid as received. The first step finds and locks the payment and
// the invoice and finds both wallets (never deleted); each later step feeds on the one before, so all of them happen, or none. The
// two wallets are locked in the order of their ids whichever way the money goes, so that payments in
// opposite directions cannot deadlock; the payer's side breaks the CHECK when it cannot cover the amount.
const settleInternally = (walletId: string, hash: string, now: Date) =>
  prepared(
    "sim-pay-settle-internal",
    sql`WITH target AS (
          SELECT p.amount_msat, i.wallet_id AS payee
            FROM sim_payments p
            JOIN sim_invoices i ON i.payment_hash = p.payment_hash
            JOIN sim_wallets payer ON payer.id = p.wallet_id
            JOIN sim_wallets payee ON payee.id = i.wallet_id
           WHERE p.wallet_id = ${walletId} AND p.payment_hash = ${hash} AND p.status = 'in_flight'
             AND i.wallet_id <> ${walletId} AND NOT i.settled AND i.expires_at > ${now}
             AND lower(p.invoice) = lower(i.invoice) AND p.amount_msat >= coalesce(i.amount_msat, 1)
             FOR UPDATE OF p, i),
        locked AS (
          SELECT w.id FROM sim_wallets w JOIN target t ON w.id IN (t.payee, ${walletId})
           ORDER BY w.id FOR UPDATE OF w),
        moved AS (
          UPDATE sim_wallets w
             SET balance_msat = w.balance_msat + CASE WHEN w.id = t.payee THEN t.amount_msat ELSE -t.amount_msat END
            FROM target t, locked l WHERE w.id = l.id
          RETURNING w.id),
        settled AS (
          UPDATE sim_invoices i SET settled = true, settled_at = ${now}, received_msat = t.amount_msat
            FROM target t WHERE i.payment_hash = ${hash} AND (SELECT count(*) FROM moved) = 2
          RETURNING i.preimage),
        paid AS (
          UPDATE sim_payments p SET status = 'succeeded', preimage = s.preimage, fee_msat = 0, resolved_at = ${now}
            FROM settled s WHERE p.wallet_id = ${walletId} AND p.payment_hash = ${hash}
          RETURNING p.preimage)
        SELECT preimage FROM paid`,
  );

/** Why an internal payment still in flight could not be settled (read only when it could not). */
async function internalRefusal(walletId: string, hash: string, now: Date): Promise<PaymentOutcome> {
  const row = await queryOne<
    Row & { paid: string; amount_msat: bigint; payee: string | null; issued: string | null; asked: bigint | null; settled: boolean | null; expires_at: Date | null }
  >(sql`
    SELECT p.status, p.preimage, p.fee_msat, p.failure, p.invoice AS paid, p.amount_msat,
           i.wallet_id AS payee, i.invoice AS issued, i.amount_msat AS asked, i.settled, i.expires_at
      FROM sim_payments p LEFT JOIN sim_invoices i ON i.payment_hash = p.payment_hash
     WHERE p.wallet_id = ${walletId} AND p.payment_hash = ${hash}`);
  if (!row) return { status: "failed", reason: "Unknown payment." };
  if (row.status !== "in_flight") return outcomeOf(row);
  if (row.payee === null) return fail(walletId, hash, "Unknown invoice.");
  if (row.paid.toLowerCase() !== row.issued!.toLowerCase()) return fail(walletId, hash, FORGED);
  if (row.payee === walletId) return fail(walletId, hash, "A wallet cannot pay its own invoice.");
  if (row.settled) return fail(walletId, hash, "The invoice is already paid.");
  if (row.expires_at!.getTime() <= now.getTime()) return fail(walletId, hash, "The invoice has expired.");
  if (row.asked === null && row.amount_msat <= 0n) return fail(walletId, hash, "The amount paid must be more than zero.");
  if (row.asked !== null && row.amount_msat < row.asked) return fail(walletId, hash, "The amount paid is less than the invoice's amount.");
  // Nothing refuses it: another call is settling it right now. Its outcome is the payment's.
  return { status: "in_flight" };
}

/**
 * Settles an in-flight payment now, in one statement: to one of our own wallets with the true preimage,
 * else over the "network" with its routing fee. `own`: the payment hash is one of the simulator's invoices.
 */
export async function completePayment(walletId: string, hash: string, own: boolean, fee: { amountMsat: bigint; feeLimitMsat: bigint }): Promise<PaymentOutcome> {
  const now = new Date();
  try {
    if (own) {
      const paid = await queryOne<{ preimage: string }>(settleInternally(walletId, hash, now));
      return paid ? { status: "succeeded", preimage: paid.preimage, feeMsat: 0n } : internalRefusal(walletId, hash, now);
    }
    const paid = await queryOne<{ fee_msat: bigint }>(settleOverNetwork(walletId, hash, routingFee(fee.amountMsat, fee.feeLimitMsat), now));
    // Not settled by this call: it was no longer in flight, and its row says how it ended.
    return paid ? { status: "succeeded", preimage: null, feeMsat: paid.fee_msat } : readOutcome(walletId, hash);
  } catch (error) {
    if (isOverdraft(error)) return fail(walletId, hash, own ? "Insufficient funds in the paying wallet." : "Insufficient liquidity to route the payment.");
    throw error;
  }
}

type Claim = { inserted: boolean; mode: string | null; own: boolean; forged: boolean };

export async function payFromWallet(walletId: SimWalletId, request: PayRequest, network: Network): Promise<PaymentOutcome> {
  let prefix;
  try {
    prefix = readInvoicePrefix(request.invoice);
  } catch (error) {
    return { status: "failed", reason: isInvoiceError(error) ? error.message : "The invoice cannot be decoded." };
  }
  if (prefix.network !== network) return { status: "failed", reason: `The invoice is not for ${network}.` };
  const hash = request.paymentHash;
  if (!PAYMENT_HASH.test(hash)) return { status: "failed", reason: "The payment hash is not 32 bytes of hex." };
  const amount = prefix.amountMsat ?? request.amountMsat;
  await ensureWallets();
  // The fee limit rides in fee_msat until the payment resolves (then it holds the fee actually paid). The
  // mode is read in the same statement, never cached: a switch flipped by a test or the CLI holds at once.
  // An invoice that carries the payment hash of one of the simulator's invoices without being that invoice
  // (see the top of this file) is refused here and records nothing, so it cannot stand in the way of the
  // true invoice being paid later from the same wallet.
  const claim = await queryOne<Claim>(
    prepared(
      "sim-pay-claim",
      sql`WITH issued AS (
            SELECT lower(invoice) = lower(${request.invoice}) AS same FROM sim_invoices WHERE payment_hash = ${hash}),
          inserted AS (
            INSERT INTO sim_payments (wallet_id, payment_hash, invoice, amount_msat, fee_msat, status)
            SELECT ${walletId}, ${hash}, ${request.invoice}, ${amount}, ${request.feeLimitMsat}, 'in_flight'
             WHERE NOT EXISTS (SELECT 1 FROM issued WHERE NOT same)
            ON CONFLICT (wallet_id, payment_hash) DO NOTHING
            RETURNING 1)
          SELECT EXISTS (SELECT 1 FROM inserted) AS inserted,
                 (SELECT value FROM sim_settings WHERE key = 'mode') AS mode,
                 EXISTS (SELECT 1 FROM issued) AS own,
                 EXISTS (SELECT 1 FROM issued WHERE NOT same) AS forged`,
    ),
  );
  if (claim?.forged) return { status: "failed", reason: FORGED };
  if (!claim?.inserted) return readOutcome(walletId, hash);

  active.add(key(walletId, hash));
  try {
    const { mode, delayMs } = parseSimulatorMode(claim.mode);
    if (mode === "fail") return await fail(walletId, hash, "Simulated failure: no route to the destination.");
    if (mode === "hang") {
      // A stuck HTLC: the call gives up at its timeout while the payment stays pending in the node.
      await sleep(request.timeoutSeconds * 1000);
      return await readOutcome(walletId, hash);
    }
    if (mode === "slow") await sleep(Math.min(delayMs, request.timeoutSeconds * 1000));
    return await completePayment(walletId, hash, claim.own, { amountMsat: amount, feeLimitMsat: request.feeLimitMsat });
  } finally {
    active.delete(key(walletId, hash));
  }
}

/**
 * What the node knows of a payment. A pending payment that no call in this process is working on is
 * finished now, as a node finishes an HTLC after a restart, unless the simulator is told to hang.
 */
export async function lookupWalletPayment(walletId: SimWalletId, hash: string): Promise<PaymentLookup> {
  const row = await queryOne<Row & { amount_msat: bigint; mode: string | null; own: boolean }>(
    prepared(
      "sim-pay-lookup",
      sql`SELECT p.status, p.preimage, p.fee_msat, p.failure, p.amount_msat,
                 (SELECT value FROM sim_settings WHERE key = 'mode') AS mode,
                 EXISTS (SELECT 1 FROM sim_invoices WHERE payment_hash = ${hash}) AS own
            FROM sim_payments p WHERE p.wallet_id = ${walletId} AND p.payment_hash = ${hash}`,
    ),
  );
  if (!row) return { status: "not_found" };
  if (row.status !== "in_flight") return outcomeOf(row);
  if (isPaying(walletId, hash) || parseSimulatorMode(row.mode).mode === "hang") return { status: "in_flight" };
  await ensureWallets();
  // In flight, fee_msat still holds the payer's fee limit.
  return completePayment(walletId, hash, row.own, { amountMsat: row.amount_msat, feeLimitMsat: row.fee_msat });
}
