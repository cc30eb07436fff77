// A deposit: an invoice of the merchant's Lightning node that credits the merchant's balance once paid.
// `createDeposit` is the dashboard's and the CLI's whole-sats form; `openDeposit` is what every source shares
// (the API's amount in any currency, and an LNURL-withdraw pull in receive-lnurl-withdraw.ts).
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { lightning } from "../lightning/backend";
import { convertToSats, Decimal, formatMsatAsSats, parseAmount, satsToMsat, type Currency } from "../money";
import { getRate } from "../rates";
import { rateProvider } from "../rates/current";
import { parseInput } from "../validation";
import type { DepositRow } from "./serialize-deposit";

const DEPOSIT_EXPIRY_SECONDS = 3600;
export const MIN_DEPOSIT_MSAT = satsToMsat(1n);
export const MAX_DEPOSIT_MSAT = satsToMsat(10_000_000_000n);

export type DepositQuote = { amount: Decimal; currency: Currency; amountMsat: bigint; exchangeRate: Decimal; rateSource: string };

export type NewDeposit = {
  quote: DepositQuote;
  source: "invoice" | "lnurl_withdraw";
  sourceDomain?: string | null;
  description?: string;
  metadata?: Prisma.InputJsonValue;
};

const schema = z.object({
  merchantId: z.string().min(1),
  sats: z
    .bigint({ error: "Give the deposit in whole sats." })
    .min(1n, "A deposit is at least 1 sat.")
    .max(10_000_000_000n, "A deposit is at most 100 BTC."),
});

/** `amount` in `currency` as whole sats at the current rate, rounded down (never credit more than the rate says). */
export async function quoteDeposit(input: string | number, currency: Currency): Promise<DepositQuote> {
  const amount = parseAmount(input, currency);
  const rate = await getRate(rateProvider(), currency);
  const { targetMsat, exchangeRate } = convertToSats(amount, currency, rate.satsPerUnit);
  if (targetMsat > MAX_DEPOSIT_MSAT) throw new AppError("validation_error", "A deposit is at most 100 BTC.", "amount");
  return { amount, currency, amountMsat: targetMsat, exchangeRate, rateSource: rate.source };
}

/** A quote for whole sats as such: rate 1, no provider asked. */
export function satsQuote(amountMsat: bigint): DepositQuote {
  return { amount: new Decimal(formatMsatAsSats(amountMsat)), currency: "SATS", amountMsat, exchangeRate: new Decimal(1), rateSource: "fixed" };
}

/** Creates the node's invoice, then the pending deposit that waits for it to be paid. */
export async function openDeposit(merchantId: string, deposit: NewDeposit, now: Date = new Date()): Promise<DepositRow> {
  const { quote } = deposit;
  const merchant = await db().merchant.findUniqueOrThrow({ where: { id: merchantId }, select: { name: true } });
  const backend = lightning();
  const created = await backend.createInvoice({
    amountMsat: quote.amountMsat,
    description: deposit.description || `Deposit to ${merchant.name} (Sluice)`,
    expirySeconds: DEPOSIT_EXPIRY_SECONDS,
  });
  return db().deposit.create({
    data: {
      id: newId("deposit", now.getTime()),
      merchantId,
      amountMsat: quote.amountMsat,
      amount: quote.amount.toFixed(),
      currency: quote.currency,
      exchangeRate: quote.exchangeRate.toFixed(),
      rateSource: quote.rateSource,
      livemode: backend.livemode,
      source: deposit.source,
      sourceDomain: deposit.sourceDomain ?? null,
      metadata: deposit.metadata,
      paymentHash: created.paymentHash,
      invoice: created.invoice,
      expiresAt: created.expiresAt,
      createdAt: now,
      updatedAt: now,
    },
  });
}

export async function createDeposit(input: { merchantId: string; sats: bigint }): Promise<DepositRow> {
  const { merchantId, sats } = parseInput(schema, input);
  return openDeposit(merchantId, { quote: satsQuote(satsToMsat(sats)), source: "invoice" });
}
