// Settling one open deposit: ask the node about its invoice; credit it if paid (a conditional update
// pending|failed → paid, the deposit.paid event and the ledger credit in one transaction, so it is credited
// exactly once however many instances and pollers race), or mark it expired once its invoice has expired. The
// background job, the deposit page's polling and the API's retrieve all come through here.
//
// The credit is what the node reports it received for the invoice, never the deposit's own figure: an invoice
// is paid in full by whoever pays it, and only the node knows what arrived. Less than the deposit's amount is
// not credited at all: the deposit is marked failed with the reason (one conditional update, logged once).
import { db } from "../db";
import { recordEvent } from "../events/record-event";
import type { Prisma } from "../generated/prisma/client";
import { applyLedgerEntry } from "../ledger/apply-ledger-entries";
import { lightning } from "../lightning/backend";
import { formatMsatAsSats } from "../money";
import { serializeDeposit } from "./serialize-deposit";

export type PendingDeposit = { id: string; merchantId: string; paymentHash: string; amountMsat: bigint; expiresAt: Date };

export type Settlement = "credited" | "underpaid" | "expired" | "pending" | "already_settled";

export const pendingDepositSelect = { id: true, merchantId: true, paymentHash: true, amountMsat: true, expiresAt: true } as const;

// A service that answered an LNURL-withdraw callback with ERROR may still pay the invoice (it is ours and stays
// payable until it expires): money the node received is always credited, so failed deposits are still asked
// about until a while after their invoice expired.
const FAILED_WATCH_MS = 60 * 60 * 1000;

/** The deposits whose invoice may still turn out paid: pending ones, and failed ones not long expired. */
export function openDepositsWhere(now: Date): Prisma.DepositWhereInput {
  return { OR: [{ status: "pending" }, { status: "failed", expiresAt: { gt: new Date(now.getTime() - FAILED_WATCH_MS) } }] };
}

async function credit(deposit: PendingDeposit, receivedMsat: bigint, now: Date): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const [paid] = await tx.deposit.updateManyAndReturn({
      where: { id: deposit.id, status: { in: ["pending", "failed"] } },
      data: { status: "paid", paidAt: now, failureReason: null, updatedAt: now },
    });
    if (!paid) return false;
    await recordEvent(tx, { merchantId: paid.merchantId, type: "deposit.paid", depositId: paid.id, payload: serializeDeposit(paid) });
    // Last, so the merchant's balance row is locked only from here to COMMIT.
    await applyLedgerEntry(tx, {
      merchantId: paid.merchantId,
      kind: "credit",
      availableDeltaMsat: receivedMsat,
      reservedDeltaMsat: 0n,
      depositId: paid.id,
      note: paid.source === "lnurl_withdraw" && paid.sourceDomain ? `Lightning deposit from ${paid.sourceDomain}` : "Lightning deposit",
    });
    return true;
  });
}

/**
 * The node received less than the deposit's amount: not credited; the deposit is failed with the reason. A
 * conditional update (still open, reason not yet recorded), so the log line is written once however often
 * the deposit is asked about. The line names the deposit and the amounts, nothing else.
 */
async function refuseUnderpaid(deposit: PendingDeposit, receivedMsat: bigint, now: Date): Promise<Settlement> {
  const reason = `The node received ${formatMsatAsSats(receivedMsat)} sat for the invoice, less than the ${formatMsatAsSats(deposit.amountMsat)} sat asked: not credited.`;
  const flagged = await db().deposit.updateMany({
    where: { id: deposit.id, status: { in: ["pending", "failed"] }, OR: [{ failureReason: null }, { failureReason: { not: reason } }] },
    data: { status: "failed", failureReason: reason, updatedAt: now },
  });
  if (flagged.count === 1) {
    console.warn(
      `[deposits] ${deposit.id}: not credited: the node reports ${receivedMsat} msat received for its invoice, less than the deposit's ${deposit.amountMsat} msat`,
    );
  }
  return "underpaid";
}

export async function settlePendingDeposit(deposit: PendingDeposit, now: Date = new Date()): Promise<Settlement> {
  const invoice = await lightning().lookupInvoice(deposit.paymentHash);
  if (invoice?.settled) {
    if (invoice.receivedMsat < deposit.amountMsat) return refuseUnderpaid(deposit, invoice.receivedMsat, now);
    return (await credit(deposit, invoice.receivedMsat, now)) ? "credited" : "already_settled";
  }
  if (deposit.expiresAt.getTime() <= now.getTime()) {
    const expired = await db().deposit.updateMany({ where: { id: deposit.id, status: "pending" }, data: { status: "expired", updatedAt: now } });
    return expired.count === 1 ? "expired" : "already_settled";
  }
  return "pending";
}

/** Settles one deposit of one merchant now, if it may still be paid (the deposit page and the API's retrieve). */
export async function settleDeposit(merchantId: string, depositId: string, now: Date = new Date()): Promise<Settlement> {
  const deposit = await db().deposit.findFirst({ where: { id: depositId, merchantId, ...openDepositsWhere(now) }, select: pendingDepositSelect });
  return deposit ? settlePendingDeposit(deposit, now) : "already_settled";
}
