// Everything a payout needs before money is reserved: the invoice to pay, checked, and the amount. For a
// Lightning Address or LNURL-pay that means the LUD-06 round trip: read the offer, check the amount against
// its min and max, ask the callback for an invoice of exactly that amount, and check what comes back.
import { createHash } from "node:crypto";
import { checkInvoice, isInvoiceError, type DecodedInvoice, type InvoiceAmountRule } from "../bolt11";
import { env } from "../env";
import { AppError } from "../errors";
import { lightning } from "../lightning/backend";
import { requestPayInvoice } from "../lnurl-client/request-pay-invoice";
import { resolvePayDestination } from "../lnurl-client/resolve-pay-offer";
import type { ServicePolicy } from "../lnurl-client/service-policy";
import { Decimal, feeLimitMsat, formatMsatAsSats, type Currency } from "../money";
import { quoteWithdraw } from "../withdraws/quote-withdraw";
import { invoiceSafetyMarginSeconds } from "../payments/timing";
import { MAX_WITHDRAW_MSAT } from "../withdraws/rules";
import type { CreatePayoutData } from "./schemas";

export type PreparedPayout = {
  destinationType: "ln_invoice" | "lightning_address" | "lnurl_pay";
  destination: string | null;
  destinationDomain: string | null;
  invoice: DecodedInvoice;
  amount: Decimal;
  currency: Currency;
  exchangeRate: Decimal;
  rateSource: string;
  amountMsat: bigint;
  feeLimitMsat: bigint;
  warnings: string[];
};

const invalid = (message: string, param: string) => new AppError("validation_error", message, param);

function feeLimit(amountMsat: bigint): bigint {
  return feeLimitMsat(amountMsat, { maxFeeSats: BigInt(env().feeLimitSats) });
}

/** The invoice checker's refusal (an InvoiceError, its message for whoever supplied the invoice) as the payout's AppError. */
function checkPayoutInvoice(text: string, amount: InvoiceAmountRule, now: Date, refuse: (message: string) => AppError): DecodedInvoice {
  try {
    return checkInvoice(text, { network: env().lightning.network, amount, now, minRemainingSeconds: invoiceSafetyMarginSeconds() });
  } catch (error) {
    if (isInvoiceError(error)) throw refuse(error.message);
    throw error;
  }
}

async function payInvoice(data: CreatePayoutData, now: Date): Promise<PreparedPayout> {
  // Any amount, or none: the amount given, if any, is compared below.
  const invoice = checkPayoutInvoice(data.ln_invoice!, "any", now, (message) => invalid(`The invoice cannot be used: ${message}`, "ln_invoice"));
  const given = data.amount === undefined || data.amount === "" ? null : await quoteWithdraw(data.amount, data.currency);
  if (invoice.amountMsat === null && !given) throw invalid("This invoice has no amount: give the amount to pay.", "amount");
  // The LND, Core Lightning, LNbits, phoenixd and NWC adapters send no amount with an invoice, so such an
  // invoice is refused here rather than reserved for and then failed by the node.
  if (invoice.amountMsat === null && lightning().kind !== "simulator") {
    throw invalid("This node pays only invoices that carry an amount: ask the payee for an invoice with one.", "ln_invoice");
  }
  if (invoice.amountMsat !== null && given && given.targetMsat !== invoice.amountMsat) {
    throw invalid(
      `The invoice is for ${formatMsatAsSats(invoice.amountMsat)} sat, but amount is ${formatMsatAsSats(given.targetMsat)} sat. Leave amount out, or give the invoice's amount.`,
      "amount",
    );
  }
  const amountMsat = invoice.amountMsat ?? given!.targetMsat;
  if (amountMsat > MAX_WITHDRAW_MSAT) throw invalid("That invoice asks for more than Sluice pays in one payment.", "ln_invoice");
  const base = { destinationType: "ln_invoice" as const, destination: null, destinationDomain: null, invoice, amountMsat, feeLimitMsat: feeLimit(amountMsat), warnings: [] };
  if (given) return { ...base, amount: given.amount, currency: given.currency, exchangeRate: given.exchangeRate, rateSource: given.rateSource };
  return { ...base, amount: new Decimal(formatMsatAsSats(amountMsat)), currency: "SATS", exchangeRate: new Decimal(1), rateSource: "fixed" };
}

async function payDestination(data: CreatePayoutData, policy: ServicePolicy, now: Date): Promise<PreparedPayout> {
  const quote = await quoteWithdraw(data.amount!, data.currency);
  const target = await resolvePayDestination(data.destination!, policy);
  const { offer } = target;
  const amountMsat = quote.targetMsat;
  if (amountMsat < offer.minMsat || amountMsat > offer.maxMsat) {
    const [min, max] = [formatMsatAsSats(offer.minMsat), formatMsatAsSats(offer.maxMsat)];
    const range = offer.minMsat === offer.maxMsat ? `exactly ${min} sat` : `between ${min} sat and ${max} sat`;
    throw invalid(`${offer.domain} accepts ${range}; ${formatMsatAsSats(amountMsat)} sat is out of range.`, "amount");
  }
  if (data.comment && data.comment.length > offer.commentAllowed) {
    throw invalid(
      offer.commentAllowed === 0 ? `${offer.domain} does not accept comments.` : `${offer.domain} accepts comments of at most ${offer.commentAllowed} characters.`,
      "comment",
    );
  }
  const text = await requestPayInvoice(offer, amountMsat, data.comment, policy);
  const invoice = checkPayoutInvoice(
    text,
    { exactMsat: amountMsat },
    now,
    (message) => new AppError("lnurl_bad_invoice", `${offer.domain} sent an invoice that cannot be paid: ${message}`),
  );
  const warnings: string[] = [];
  // LUD-06 once required the description hash to commit to the metadata; it no longer does, so a mismatch
  // is recorded for the merchant to see rather than refused.
  const metadataHash = createHash("sha256").update(offer.metadata, "utf8").digest("hex");
  if (invoice.descriptionHash !== metadataHash) {
    warnings.push(
      invoice.descriptionHash
        ? "description_hash_mismatch: The invoice's description hash is not the SHA-256 of the service's metadata."
        : "description_hash_mismatch: The invoice carries no description hash of the service's metadata.",
    );
  }
  if (target.type === "lightning_address" && offer.identifier && offer.identifier.toLowerCase() !== target.destination) {
    warnings.push(`identifier_mismatch: The service describes itself as ${offer.identifier.slice(0, 100)}, not ${target.destination}.`);
  }
  return {
    destinationType: target.type,
    destination: target.destination,
    destinationDomain: offer.domain,
    invoice,
    amount: quote.amount,
    currency: quote.currency,
    exchangeRate: quote.exchangeRate,
    rateSource: quote.rateSource,
    amountMsat,
    feeLimitMsat: quote.feeLimitMsat,
    warnings,
  };
}

export function preparePayout(data: CreatePayoutData, policy: ServicePolicy, now: Date): Promise<PreparedPayout> {
  return data.ln_invoice ? payInvoice(data, now) : payDestination(data, policy, now);
}
