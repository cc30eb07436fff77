// The demo wallet pays an invoice from the simulator's customer wallet (a deposit invoice, typically).
import { AppError } from "../errors";
import { payFromDemoWallet } from "../lightning/simulator/demo-wallet";
import type { PaymentOutcome } from "../lightning/types";
import { previewInvoice } from "./preview-invoice";

export async function payInvoice(input: string): Promise<PaymentOutcome & { amountMsat: bigint }> {
  const preview = previewInvoice(input);
  if (preview.amountMsat === null) {
    throw new AppError("validation_error", "This invoice has no amount; the demo wallet pays only invoices that name one.", "invoice");
  }
  if (preview.expired) throw new AppError("validation_error", "This invoice has expired.", "invoice");
  return { ...(await payFromDemoWallet(preview.invoice)), amountMsat: preview.amountMsat };
}
