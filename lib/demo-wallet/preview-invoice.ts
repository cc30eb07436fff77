// What the demo wallet shows before it pays an invoice: decoded and signature-checked, on the right network.
import { z } from "zod";
import { decodeInvoice, isInvoiceError, NETWORK_LABEL } from "../bolt11";
import { env } from "../env";
import { AppError } from "../errors";
import { parseInput } from "../validation";

export type InvoicePreview = {
  invoice: string;
  paymentHash: string;
  amountMsat: bigint | null;
  description: string | null;
  expiresAt: Date;
  expired: boolean;
};

const schema = z.object({
  invoice: z
    .string({ error: "Paste a Lightning invoice." })
    .trim()
    .min(1, "Paste a Lightning invoice.")
    .max(4096, "That is too long to be a Lightning invoice."),
});

export function previewInvoice(input: string, now: Date = new Date()): InvoicePreview {
  const text = parseInput(schema, { invoice: input }).invoice.replace(/^lightning:/i, "");
  let decoded;
  try {
    decoded = decodeInvoice(text);
  } catch (error) {
    if (isInvoiceError(error)) throw new AppError("validation_error", error.message, "invoice");
    throw error;
  }
  const network = env().lightning.network;
  if (decoded.network !== network) {
    throw new AppError(
      "validation_error",
      `This invoice is for ${NETWORK_LABEL[decoded.network]}; the demo wallet pays only ${NETWORK_LABEL[network]} invoices.`,
      "invoice",
    );
  }
  const expiresAt = new Date(decoded.expiresAt * 1000);
  return {
    invoice: decoded.invoice,
    paymentHash: decoded.paymentHash,
    amountMsat: decoded.amountMsat,
    description: decoded.description,
    expiresAt,
    expired: expiresAt.getTime() <= now.getTime(),
  };
}
