// The demo wallet's "Receive": an invoice of the customer's simulated wallet, for a customer who pastes it
// somewhere that pays invoices (a withdraw's claim page). Whether it was paid is checkReceived's answer.
import { env } from "../env";
import { createWalletInvoice } from "../lightning/simulator/invoices";
import { DEMO_WALLET } from "../lightning/simulator/wallets";
import { satsToMsat } from "../money";

const INVOICE_EXPIRY_SECONDS = 3600;

export async function receiveInvoice(input: { sats: bigint; description: string }): Promise<{ invoice: string; paymentHash: string; amountMsat: bigint }> {
  const amountMsat = satsToMsat(input.sats);
  const created = await createWalletInvoice(
    DEMO_WALLET,
    { amountMsat, description: input.description, expirySeconds: INVOICE_EXPIRY_SECONDS },
    env().lightning.network,
  );
  return { invoice: created.invoice, paymentHash: created.paymentHash, amountMsat };
}
