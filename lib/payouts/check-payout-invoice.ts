// The checks an invoice passes before a payout pays it: readable with a valid signature (decodeInvoice
// verifies it), for this node's network, for the amount expected, and valid long enough for the payment.
import { decodeInvoice, formatSats, isInvoiceError, NETWORK_LABEL, type DecodedInvoice, type Network } from "../bolt11";
import type { AppError } from "../errors";

export type PayoutInvoiceRules = {
  network: Network;
  /** The exact amount the invoice must carry; null to accept any (the caller checks it). */
  amountMsat: bigint | null;
  now: Date;
  minRemainingSeconds: number;
};

export function checkPayoutInvoice(text: string, rules: PayoutInvoiceRules, refuse: (message: string) => AppError): DecodedInvoice {
  let decoded: DecodedInvoice;
  try {
    decoded = decodeInvoice(text.trim().replace(/^lightning:/i, ""));
  } catch (error) {
    if (isInvoiceError(error)) throw refuse(`The invoice cannot be used: ${error.message}`);
    throw error;
  }
  if (decoded.network !== rules.network) {
    throw refuse(`The invoice is for ${NETWORK_LABEL[decoded.network]}, but this node pays on ${NETWORK_LABEL[rules.network]}.`);
  }
  if (rules.amountMsat !== null && decoded.amountMsat !== rules.amountMsat) {
    const got = decoded.amountMsat === null ? "no amount" : formatSats(decoded.amountMsat);
    throw refuse(`The invoice is for ${got}, not the ${formatSats(rules.amountMsat)} asked for.`);
  }
  const remainingSeconds = decoded.expiresAt - rules.now.getTime() / 1000;
  if (remainingSeconds <= 0) throw refuse("The invoice has expired.");
  if (remainingSeconds < rules.minRemainingSeconds) {
    throw refuse(`The invoice expires in ${Math.floor(remainingSeconds)} s; it must stay valid for at least ${rules.minRemainingSeconds} s.`);
  }
  return decoded;
}
