// The checks an invoice must pass before a payout pays it (the LNURL-withdraw callback hands us one).
import { decodeInvoice } from "./decode";
import { InvoiceError, NETWORK_LABEL, type DecodedInvoice, type Network } from "./types";

export type WithdrawInvoiceRules = {
  network: Network;
  /** Inclusive. */
  minMsat: bigint;
  /** Inclusive. */
  maxMsat: bigint;
  now: Date;
  /** Time the invoice must still be valid for, so the payment can complete before the payee refuses it. */
  minRemainingSeconds: number;
};

export function checkWithdrawInvoice(invoice: string, rules: WithdrawInvoiceRules): DecodedInvoice {
  if (rules.minMsat > rules.maxMsat) throw new RangeError("minMsat must not be above maxMsat.");
  // Wallets and QR scanners commonly hand over a "lightning:" URI (BOLT 11 recommends that scheme).
  const decoded = decodeInvoice(invoice.trim().replace(/^lightning:/i, ""));

  if (decoded.network !== rules.network) {
    throw new InvoiceError(
      "wrong_network",
      `This invoice is for ${NETWORK_LABEL[decoded.network]}, but only ${NETWORK_LABEL[rules.network]} invoices can be paid here.`,
    );
  }

  const amount = decoded.amountMsat;
  if (amount === null) {
    throw new InvoiceError(
      "amount_missing",
      `This invoice has no amount. Create one for between ${formatSats(rules.minMsat)} and ${formatSats(rules.maxMsat)}.`,
    );
  }
  if (amount < rules.minMsat) {
    throw new InvoiceError("amount_out_of_range", `Invoice amount ${formatSats(amount)} is below the minimum of ${formatSats(rules.minMsat)}.`);
  }
  if (amount > rules.maxMsat) {
    throw new InvoiceError("amount_out_of_range", `Invoice amount ${formatSats(amount)} is above the maximum of ${formatSats(rules.maxMsat)}.`);
  }

  const remainingMs = decoded.expiresAt * 1000 - rules.now.getTime();
  if (remainingMs <= 0) {
    throw new InvoiceError("expired", `This invoice expired ${formatDuration(-remainingMs / 1000)} ago.`);
  }
  if (remainingMs < rules.minRemainingSeconds * 1000) {
    throw new InvoiceError(
      "expires_too_soon",
      `This invoice expires in ${formatDuration(remainingMs / 1000)}; it must stay valid for at least ${formatDuration(rules.minRemainingSeconds)}.`,
    );
  }
  return decoded;
}

/** Millisatoshis as satoshis for people: "5000 sat", "1.5 sat". */
export function formatSats(msat: bigint): string {
  const sign = msat < 0n ? "-" : "";
  const abs = msat < 0n ? -msat : msat;
  const whole = abs / 1000n;
  const fraction = (abs % 1000n).toString().padStart(3, "0").replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""} sat`;
}

function formatDuration(seconds: number): string {
  const whole = Math.floor(seconds);
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? "" : "s"}`;
  if (whole < 120) return unit(whole, "second");
  if (whole < 7200) return unit(Math.floor(whole / 60), "minute");
  return unit(Math.floor(whole / 3600), "hour");
}
