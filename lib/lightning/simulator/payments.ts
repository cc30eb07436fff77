// Paying from a simulator wallet. Each (wallet, payment hash) is paid at most once: the sim_payments row is
// inserted first and every later step is a conditional update of it, so repeated or concurrent calls, from
// any process, can only ever observe the one outcome.
import { setTimeout as sleep } from "node:timers/promises";
import { decodeInvoice, isInvoiceError, type Network } from "../../bolt11";
import { db } from "../../db";
import type { PaymentLookup, PaymentOutcome, PayRequest } from "../types";
import { simulatorPubkey } from "./invoices";
import { getSimulatorMode } from "./settings";
import { ensureWallet, moveFunds, type SimWalletId } from "./wallets";

// The simulated network's routing fee: 1 sat base + 100 ppm, never more than the payer's fee limit.
function routingFee(amountMsat: bigint, feeLimitMsat: bigint): bigint {
  const fee = 1000n + (amountMsat * 100n) / 1_000_000n;
  return fee < feeLimitMsat ? fee : feeLimitMsat;
}

// Payments this process is paying right now; the reconciler leaves them alone. Not a lock: the conditional
// updates below are what keep a payment single.
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

async function fail(walletId: string, hash: string, reason: string): Promise<PaymentOutcome> {
  await db().simPayment.updateMany({
    where: { walletId, paymentHash: hash, status: "in_flight" },
    data: { status: "failed", failure: reason, resolvedAt: new Date() },
  });
  return readOutcome(walletId, hash);
}

async function readOutcome(walletId: string, hash: string): Promise<PaymentOutcome> {
  const row = await db().simPayment.findUniqueOrThrow({ where: { walletId_paymentHash: { walletId, paymentHash: hash } } });
  return outcomeOf({ status: row.status, preimage: row.preimage, fee_msat: row.feeMsat, failure: row.failure });
}

/** Settles an in-flight payment now: to one of our own wallets with the true preimage, else over the "network". */
export async function completePayment(walletId: string, hash: string): Promise<PaymentOutcome> {
  const ownPubkey = await simulatorPubkey();
  const result = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<(Row & { invoice: string; amount_msat: bigint })[]>`
      SELECT status, preimage, fee_msat, failure, invoice, amount_msat FROM sim_payments
       WHERE wallet_id = ${walletId} AND payment_hash = ${hash} FOR UPDATE`;
    const payment = rows[0];
    if (!payment || payment.status !== "in_flight") return payment ? outcomeOf(payment) : null;
    const decoded = decodeInvoice(payment.invoice);
    const amount = payment.amount_msat;
    if (decoded.payeePubkey === ownPubkey) {
      const invoices = await tx.$queryRaw<{ wallet_id: string; preimage: string; settled: boolean; expires_at: Date }[]>`
        SELECT wallet_id, preimage, settled, expires_at FROM sim_invoices WHERE payment_hash = ${hash} FOR UPDATE`;
      const target = invoices[0];
      if (!target) return { status: "failed", reason: "Unknown invoice." } as const;
      if (target.wallet_id === walletId) return { status: "failed", reason: "A wallet cannot pay its own invoice." } as const;
      if (target.settled) return { status: "failed", reason: "The invoice is already paid." } as const;
      if (target.expires_at.getTime() <= Date.now()) return { status: "failed", reason: "The invoice has expired." } as const;
      if (!(await moveFunds(tx, walletId, target.wallet_id, amount, amount))) {
        return { status: "failed", reason: "Insufficient funds in the paying wallet." } as const;
      }
      await tx.simInvoice.update({ where: { paymentHash: hash }, data: { settled: true, settledAt: new Date() } });
      await tx.simPayment.update({
        where: { walletId_paymentHash: { walletId, paymentHash: hash } },
        data: { status: "succeeded", preimage: target.preimage, feeMsat: 0n, resolvedAt: new Date() },
      });
      return { status: "succeeded", preimage: target.preimage, feeMsat: 0n } as const;
    }
    const feeLimit = (await tx.simPayment.findUniqueOrThrow({ where: { walletId_paymentHash: { walletId, paymentHash: hash } } })).feeMsat;
    const fee = routingFee(amount, feeLimit);
    if (!(await moveFunds(tx, walletId, null, amount + fee, 0n))) {
      return { status: "failed", reason: "Insufficient liquidity to route the payment." } as const;
    }
    // An outside node's preimage cannot be known to a simulator: the payment succeeds without one.
    await tx.simPayment.update({
      where: { walletId_paymentHash: { walletId, paymentHash: hash } },
      data: { status: "succeeded", preimage: null, feeMsat: fee, resolvedAt: new Date() },
    });
    return { status: "succeeded", preimage: null, feeMsat: fee } as const;
  });
  if (result === null) return { status: "failed", reason: "Unknown payment." };
  if (result.status === "failed") return fail(walletId, hash, result.reason);
  return result;
}

export async function payFromWallet(walletId: SimWalletId, request: PayRequest, network: Network): Promise<PaymentOutcome> {
  await ensureWallet(walletId);
  let decoded;
  try {
    decoded = decodeInvoice(request.invoice);
  } catch (error) {
    return { status: "failed", reason: isInvoiceError(error) ? error.message : "The invoice cannot be decoded." };
  }
  if (decoded.network !== network) return { status: "failed", reason: `The invoice is not for ${network}.` };
  const amount = decoded.amountMsat ?? request.amountMsat;
  // The fee limit rides in fee_msat until the payment resolves (then it holds the fee actually paid).
  const inserted = await db().$executeRaw`
    INSERT INTO sim_payments (wallet_id, payment_hash, invoice, amount_msat, fee_msat, status)
    VALUES (${walletId}, ${decoded.paymentHash}, ${decoded.invoice}, ${amount}, ${request.feeLimitMsat}, 'in_flight')
    ON CONFLICT (wallet_id, payment_hash) DO NOTHING`;
  if (inserted === 0) return readOutcome(walletId, decoded.paymentHash);

  active.add(key(walletId, decoded.paymentHash));
  try {
    const { mode, delayMs } = await getSimulatorMode();
    if (mode === "fail") return fail(walletId, decoded.paymentHash, "Simulated failure: no route to the destination.");
    if (mode === "hang") {
      // A stuck HTLC: the call gives up at its timeout while the payment stays pending in the node.
      await sleep(request.timeoutSeconds * 1000);
      return readOutcome(walletId, decoded.paymentHash);
    }
    if (mode === "slow") await sleep(Math.min(delayMs, request.timeoutSeconds * 1000));
    return await completePayment(walletId, decoded.paymentHash);
  } finally {
    active.delete(key(walletId, decoded.paymentHash));
  }
}

/**
 * What the node knows of a payment. A pending payment that no call in this process is working on is
 * finished now, as a node finishes an HTLC after a restart, unless the simulator is told to hang.
 */
export async function lookupWalletPayment(walletId: SimWalletId, hash: string): Promise<PaymentLookup> {
  const row = await db().simPayment.findUnique({ where: { walletId_paymentHash: { walletId, paymentHash: hash } } });
  if (!row) return { status: "not_found" };
  if (row.status !== "in_flight") return readOutcome(walletId, hash);
  if (isPaying(walletId, hash) || (await getSimulatorMode()).mode === "hang") return { status: "in_flight" };
  return completePayment(walletId, hash);
}
