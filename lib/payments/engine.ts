// The one engine for everything paid out of a merchant balance (withdraw claims, payouts, whatever pays
// next). Each kind brings only its own state SQL and serializer (a PaymentKind); the engine does the rest:
//   claim → pay through the backend → settle → reconcile unknown outcomes.
// - Claim: the kind takes the payment for sending in one conditional UPDATE (a withdraw's callback has
//   already done so when it hands the payment over), so however many processes try, one sends it.
// - Pay: an exception or a timeout is an unknown outcome; the payment stays in flight until the reconciler
//   learns the result from the backend. A payment is sent at most once per process at a time.
// - Settle: only definite outcomes change anything, in one transaction of two statements: the kind's
//   conditional UPDATE (a payment resolves once, whoever learns the outcome first), then its outbox event
//   and the ledger movements in one statement, so the merchant's balance row is locked from that statement
//   to COMMIT only.
// - Reconcile: lib/payments/reconcile.ts.
import { createHash } from "node:crypto";
import { query, sql, transaction, type Queryable } from "../database/sql";
import { EVENT_COLUMNS, eventRow, eventStatement, type NewEvent } from "../events/record-event";
import { ledgerCtes, ledgerRefusal } from "../ledger/apply-ledger-entries";
import { lightning } from "../lightning/backend";
import type { PaymentLookup } from "../lightning/types";
import { paymentTimeoutSeconds } from "./timing";
import { failedMovements, paidMovements, type FailurePolicy, type LedgerLink, type Reservation } from "./settlement";

export type Resolution = "paid" | "failed" | "pending";

/** A payment taken for sending: what the backend needs (the invoice's amount and the fee limit). */
export type PaymentToSend = { id: string; invoice: string; paymentHash: string; amountMsat: bigint; feeLimitMsat: bigint };

/**
 * What the kind's conditional UPDATE resolved: whose balance, which reservation (amount + fee limit reserved
 * at creation), the amount the payment is for (at most the amount reserved), and the event to record.
 */
export type Resolved = Reservation & { paidAmountMsat: bigint; merchantId: string; link: LedgerLink; event: NewEvent };

/** A payment the reconciler took to ask the backend about. */
export type DuePayment = { id: string; paymentHash: string; sentAt: Date };

export type PaymentKind = {
  /** For logs: "payment" (a withdraw's) or "payout". */
  name: string;
  failurePolicy: FailurePolicy;
  /** Takes the payment for sending (one conditional UPDATE), or says how it stands when it is not to be sent. */
  take(id: string, now: Date): Promise<PaymentToSend | Resolution>;
  /** Records success in the kind's own rows; null when the payment was not in flight (resolved already). */
  succeeded(client: Queryable, id: string, outcome: { feeMsat: bigint; preimage: string | null }, now: Date): Promise<Resolved | null>;
  /** Records failure: of a payment sent, or (`unsent`) of one taken but never handed to the backend. */
  failed(client: Queryable, id: string, reason: string, now: Date, stage: "sent" | "unsent"): Promise<Resolved | null>;
  /** How a payment stands now (after a conditional UPDATE found it already resolved). */
  resolution(id: string): Promise<Resolution>;
  /** In-flight payments due for a check, taken with SKIP LOCKED and marked checked (the reconciler's batch). */
  due(now: Date, recheckBefore: Date, ours: string[], limit: number): Promise<DuePayment[]>;
  /** Payments taken but never handed to the backend (their process died in between), old enough to fail. */
  abandoned?(before: Date, ours: string[], limit: number): Promise<string[]>;
};

// The attempts this process is making right now, per kind (the reconciler leaves them to it).
const paying = new Map<PaymentKind, Map<string, Promise<Resolution>>>();

function attempts(kind: PaymentKind): Map<string, Promise<Resolution>> {
  let map = paying.get(kind);
  if (!map) paying.set(kind, (map = new Map()));
  return map;
}

/** Ids of the payments of this kind this process is paying right now. */
export function beingPaid(kind: PaymentKind): string[] {
  return [...attempts(kind).keys()];
}

async function settle(kind: PaymentKind, id: string, resolve: (client: Queryable) => Promise<Resolved | null>, movements: (r: Resolved) => ReturnType<typeof paidMovements>): Promise<boolean> {
  return transaction(async (client) => {
    const resolved = await resolve(client);
    if (!resolved) return false;
    const moves = movements(resolved);
    if (moves.length === 0) {
      await query(eventStatement(resolved.event), client);
      return true;
    }
    // The event and the ledger in one statement, the event written only with the movements.
    const applied = await query(
      sql`WITH ${ledgerCtes(resolved.merchantId, moves)}, ev AS (
            INSERT INTO events (${EVENT_COLUMNS}) SELECT ${eventRow(resolved.event)} WHERE EXISTS (SELECT 1 FROM b))
          SELECT 1 FROM b`,
      client,
    );
    if (applied.length === 0) throw await ledgerRefusal(client, resolved.merchantId, moves);
    return true;
  });
}

/**
 * The preimage a node reported, kept as the payment's proof only when its SHA-256 is the payment hash. A node
 * that reports another (its own bug, or a preimage it never learned) has still said the payment succeeded, and
 * that is what settles it; but what it gave is no proof, and none is recorded.
 */
function provenPreimage(preimage: string | null, paymentHash: string, what: string): string | null {
  if (preimage === null) return null;
  const hex = preimage.toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hex) && createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex") === paymentHash) return hex;
  console.error(`[payments] ${what}: the node reported a preimage that does not hash to the payment hash; no proof of payment recorded`);
  return null;
}

/** Records what the backend said about a payment; in flight or unknown to it changes nothing. */
export async function applyPaymentOutcome(kind: PaymentKind, payment: { id: string; paymentHash: string }, outcome: PaymentLookup, now: Date = new Date()): Promise<Resolution> {
  const { id } = payment;
  if (outcome.status === "in_flight" || outcome.status === "not_found") return "pending";
  const done =
    outcome.status === "succeeded"
      ? await settle(kind, id, (c) => kind.succeeded(c, id, { feeMsat: outcome.feeMsat, preimage: provenPreimage(outcome.preimage, payment.paymentHash, `${kind.name} ${id}`) }, now), (r) => paidMovements(r, { amountMsat: r.paidAmountMsat, feeMsat: outcome.feeMsat }, r.link))
      : await settle(kind, id, (c) => kind.failed(c, id, outcome.reason, now, "sent"), (r) => failedMovements(kind.failurePolicy, r, r.link));
  if (done) return outcome.status === "succeeded" ? "paid" : "failed";
  return kind.resolution(id);
}

/** Fails a payment that was taken but never sent; false when it was not in that state any more. */
export async function failUnsentPayment(kind: PaymentKind, id: string, reason: string, now: Date = new Date()): Promise<boolean> {
  return settle(kind, id, (c) => kind.failed(c, id, reason, now, "unsent"), (r) => failedMovements(kind.failurePolicy, r, r.link));
}

async function pay(kind: PaymentKind, id: string, known: PaymentToSend | undefined): Promise<Resolution> {
  try {
    const payment = known ?? (await kind.take(id, new Date()));
    if (typeof payment === "string") return payment;
    const outcome = await lightning().payInvoice({
      invoice: payment.invoice,
      paymentHash: payment.paymentHash,
      amountMsat: payment.amountMsat,
      feeLimitMsat: payment.feeLimitMsat,
      timeoutSeconds: paymentTimeoutSeconds(),
    });
    return await applyPaymentOutcome(kind, payment, outcome);
  } catch (error) {
    console.error(`[payments] ${kind.name} ${id}: outcome unknown, left for reconciliation: ${(error as Error).message}`);
    return "pending";
  }
}

/**
 * Starts paying in the background (once per payment per process) and returns the running attempt. `known`
 * is the payment already taken for sending by the caller (a withdraw's claim), which saves reading it again.
 */
export function startPayment(kind: PaymentKind, id: string, known?: PaymentToSend): Promise<Resolution> {
  const running = attempts(kind);
  const current = running.get(id);
  if (current) return current;
  const attempt = pay(kind, id, known).finally(() => running.delete(id));
  running.set(id, attempt);
  return attempt;
}

/** Waits for every payment this process has started, of every kind (tests, graceful shutdown). */
export async function paymentsSettled(): Promise<void> {
  const all = () => [...paying.values()].flatMap((m) => [...m.values()]);
  while (all().length > 0) await Promise.allSettled(all());
}
