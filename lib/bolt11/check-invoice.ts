// The one invoice checker: the checks an invoice passes before Sluice pays it, for the LNURL-withdraw
// callback (an amount in the withdraw's range) and for payouts (exactly the amount asked of an LNURL-pay
// service, or any amount for a pasted invoice). It is readable with a valid signature (decodeInvoice verifies
// it), for this node's network, for the amount wanted, and valid long enough for the payment to complete.
// Every refusal is an InvoiceError with a code, its message written for whoever supplied the invoice.
import { formatMsatAsSats } from "../money";
import { decodeInvoice } from "./decode";
import { InvoiceError, NETWORK_LABEL, type DecodedInvoice, type Network } from "./types";

/** The amount an invoice must carry: exactly one, one in an inclusive range, or any (or none: the caller decides). */
export type InvoiceAmountRule = { exactMsat: bigint } | { minMsat: bigint; maxMsat: bigint } | "any";

export type InvoiceCheck = {
  network: Network;
  amount: InvoiceAmountRule;
  now: Date;
  /** Time the invoice must still be valid for, so the payment can complete before the payee refuses it. */
  minRemainingSeconds: number;
};

function requireAmount(value: unknown, name: string, least: bigint): void {
  if (typeof value !== "bigint" || value < least) {
    throw new RangeError(`amount.${name} must be a bigint of at least ${least} msat (got ${String(value)}).`);
  }
}

// Wrong options are a mistake of the caller, not of the invoice: a RangeError, before the invoice is read.
function checkOptions(options: InvoiceCheck): void {
  const amount: unknown = options.amount;
  if (amount !== "any") {
    const shape = 'amount must be { exactMsat }, { minMsat, maxMsat } or "any".';
    if (typeof amount !== "object" || amount === null) throw new RangeError(shape);
    if ("exactMsat" in amount) {
      requireAmount(amount.exactMsat, "exactMsat", 1n);
    } else if ("minMsat" in amount && "maxMsat" in amount) {
      requireAmount(amount.minMsat, "minMsat", 0n);
      requireAmount(amount.maxMsat, "maxMsat", 0n);
      if ((amount.minMsat as bigint) > (amount.maxMsat as bigint)) {
        throw new RangeError(`amount.minMsat (${amount.minMsat}) must not be above amount.maxMsat (${amount.maxMsat}).`);
      }
    } else {
      throw new RangeError(shape);
    }
  }
  if (typeof options.minRemainingSeconds !== "number" || !Number.isFinite(options.minRemainingSeconds) || options.minRemainingSeconds < 0) {
    throw new RangeError(`minRemainingSeconds must be a finite number of seconds, at least 0 (got ${String(options.minRemainingSeconds)}).`);
  }
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new RangeError("now must be a valid Date.");
}

function checkAmount(decoded: DecodedInvoice, rule: InvoiceAmountRule): void {
  if (rule === "any") return;
  const amount = decoded.amountMsat;
  if ("exactMsat" in rule) {
    if (amount === null) {
      throw new InvoiceError("amount_missing", `This invoice has no amount. Create one for exactly ${formatMsatAsSats(rule.exactMsat)} sat.`);
    }
    if (amount !== rule.exactMsat) {
      throw new InvoiceError(
        "amount_mismatch",
        `This invoice is for ${formatMsatAsSats(amount)} sat, not the ${formatMsatAsSats(rule.exactMsat)} sat asked for.`,
      );
    }
    return;
  }
  const min = `${formatMsatAsSats(rule.minMsat)} sat`;
  const max = `${formatMsatAsSats(rule.maxMsat)} sat`;
  if (amount === null) throw new InvoiceError("amount_missing", `This invoice has no amount. Create one for between ${min} and ${max}.`);
  if (amount < rule.minMsat) {
    throw new InvoiceError("amount_out_of_range", `Invoice amount ${formatMsatAsSats(amount)} sat is below the minimum of ${min}.`);
  }
  if (amount > rule.maxMsat) {
    throw new InvoiceError("amount_out_of_range", `Invoice amount ${formatMsatAsSats(amount)} sat is above the maximum of ${max}.`);
  }
}

export function checkInvoice(invoice: string, options: InvoiceCheck): DecodedInvoice {
  checkOptions(options);
  // Wallets and QR scanners commonly hand over a "lightning:" URI (BOLT 11 recommends that scheme).
  const decoded = decodeInvoice(invoice.trim().replace(/^lightning:/i, ""));

  if (decoded.network !== options.network) {
    throw new InvoiceError(
      "wrong_network",
      `This invoice is for ${NETWORK_LABEL[decoded.network]}, but only ${NETWORK_LABEL[options.network]} invoices can be paid here.`,
    );
  }

  checkAmount(decoded, options.amount);

  const remainingMs = decoded.expiresAt * 1000 - options.now.getTime();
  if (remainingMs <= 0) {
    throw new InvoiceError("expired", `This invoice expired ${formatDuration(-remainingMs / 1000)} ago.`);
  }
  if (remainingMs < options.minRemainingSeconds * 1000) {
    throw new InvoiceError(
      "expires_too_soon",
      `This invoice expires in ${formatDuration(remainingMs / 1000)}; it must stay valid for at least ${formatDuration(options.minRemainingSeconds)}.`,
    );
  }
  return decoded;
}

function formatDuration(seconds: number): string {
  const whole = Math.floor(seconds);
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? "" : "s"}`;
  if (whole < 120) return unit(whole, "second");
  if (whole < 7200) return unit(Math.floor(whole / 60), "minute");
  return unit(Math.floor(whole / 3600), "hour");
}
