// The simulated customer's wallet ("demo"): pays invoices of the simulated network on the customer's behalf
// (the demo wallet page and the CLI's sim:pay use it).
import { decodeInvoice } from "../../bolt11";
import { env } from "../../env";
import type { PaymentOutcome } from "../types";
import { payFromWallet } from "./payments";
import { DEMO_WALLET } from "./wallets";

export async function payFromDemoWallet(invoice: string, amountMsat?: bigint): Promise<PaymentOutcome> {
  const decoded = decodeInvoice(invoice.trim().replace(/^lightning:/i, ""));
  const amount = decoded.amountMsat ?? amountMsat;
  if (amount === undefined || amount === null) return { status: "failed", reason: "The invoice has no amount: say how much to pay." };
  return payFromWallet(
    DEMO_WALLET,
    { invoice: decoded.invoice, paymentHash: decoded.paymentHash, amountMsat: amount, feeLimitMsat: 100_000n, timeoutSeconds: env().paymentTimeoutSeconds },
    env().lightning.network,
  );
}
