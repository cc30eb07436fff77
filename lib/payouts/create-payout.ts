// Creating a payout: prepare the invoice (prepare-payout.ts), then in one transaction insert the payout and
// reserve its amount plus the fee limit. A balance that cannot cover it refuses the payout and nothing is
// written; an invoice already paid (by a payout or a withdraw) is refused by the database. Then the payment
// starts, and the answer waits a little for it so that a quick payment is answered `paid`.
import { setTimeout as sleep } from "node:timers/promises";
import { isUniqueViolation } from "../database/unique-violation";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { newId } from "../ids";
import { applyLedgerEntry } from "../ledger/apply-ledger-entries";
import { getBalance } from "../ledger/get-balance";
import { lightning } from "../lightning/backend";
import { servicePolicy, type ServicePolicy } from "../lnurl-client/service-policy";
import { formatMsatAsSats } from "../money";
import { parseInput } from "../validation";
import { startPayment } from "../payments/engine";
import { PAYOUT_PAYMENT } from "./payout-payment";
import { preparePayout, type PreparedPayout } from "./prepare-payout";
import { createPayoutSchema, type CreatePayoutData } from "./schemas";
import type { PayoutRow } from "./serialize-payout";

const ANSWER_WAIT_MS = 5_000;

function insufficient(available: bigint, needed: bigint): AppError {
  return new AppError(
    "insufficient_balance",
    `The available balance of ${formatMsatAsSats(available)} sats does not cover ${formatMsatAsSats(needed)} sats (amount plus the routing-fee limit).`,
  );
}

async function invoiceUsed(merchantId: string, paymentHash: string): Promise<AppError> {
  const own = await db().payout.findFirst({ where: { paymentHash, merchantId }, select: { id: true } });
  return new AppError(
    "invoice_already_used",
    own ? `This invoice has already been used by payout ${own.id}; ask the payee for a new one.` : "This invoice has already been paid or used; ask the payee for a new one.",
    "ln_invoice",
  );
}

async function insertPayout(merchantId: string, data: CreatePayoutData, p: PreparedPayout, now: Date): Promise<string> {
  const id = newId("payout", now.getTime());
  const reserve = p.amountMsat + p.feeLimitMsat;
  await db().$transaction(async (tx) => {
    await tx.payout.create({
      data: {
        id,
        merchantId,
        livemode: lightning().livemode,
        destinationType: p.destinationType,
        destination: p.destination,
        destinationDomain: p.destinationDomain,
        amount: p.amount.toFixed(),
        currency: p.currency,
        exchangeRate: p.exchangeRate.toFixed(),
        rateSource: p.rateSource,
        amountMsat: p.amountMsat,
        feeLimitMsat: p.feeLimitMsat,
        invoice: p.invoice.invoice,
        paymentHash: p.invoice.paymentHash,
        payeePubkey: p.invoice.payeePubkey,
        invoiceDescription: p.invoice.description,
        invoiceExpiresAt: new Date(p.invoice.expiresAt * 1000),
        statementDescriptor: data.statement_descriptor || null,
        metadata: data.metadata,
        warnings: p.warnings,
        createdAt: now,
        updatedAt: now,
      },
      select: { id: true },
    });
    await applyLedgerEntry(tx, { merchantId, kind: "reserve", availableDeltaMsat: -reserve, reservedDeltaMsat: reserve, payoutId: id, note: `Payout ${id}` });
  });
  return id;
}

export async function createPayout(
  merchantId: string,
  input: unknown,
  options: { now?: Date; policy?: ServicePolicy; waitMs?: number } = {},
): Promise<PayoutRow> {
  const now = options.now ?? new Date();
  const data = parseInput(createPayoutSchema, input);
  const prepared = await preparePayout(data, options.policy ?? servicePolicy(), now);
  const needed = prepared.amountMsat + prepared.feeLimitMsat;
  const { availableMsat } = await getBalance(merchantId);
  if (availableMsat < needed) throw insufficient(availableMsat, needed);
  const used = await db().payout.findUnique({ where: { paymentHash: prepared.invoice.paymentHash }, select: { id: true } });
  if (used) throw await invoiceUsed(merchantId, prepared.invoice.paymentHash);

  let id: string;
  try {
    id = await insertPayout(merchantId, data, prepared, now);
  } catch (error) {
    if (isUniqueViolation(error)) throw await invoiceUsed(merchantId, prepared.invoice.paymentHash);
    throw error;
  }
  const attempt = startPayment(PAYOUT_PAYMENT, id);
  const controller = new AbortController();
  await Promise.race([attempt, sleep(options.waitMs ?? ANSWER_WAIT_MS, undefined, { signal: controller.signal }).catch(() => undefined)]);
  controller.abort();
  return db().payout.findUniqueOrThrow({ where: { id } });
}

/** The network this node pays on (the dashboard shows it next to the form). */
export function payoutNetwork() {
  return env().lightning.network;
}
