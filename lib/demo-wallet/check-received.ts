import { z } from "zod";
import { AppError } from "../errors";
import { lookupInvoice } from "../lightning/simulator/invoices";
import { DEMO_WALLET } from "../lightning/simulator/wallets";
import { parseInput } from "../validation";

const schema = z.object({ paymentHash: z.string().regex(/^[0-9a-f]{64}$/, "That is not a payment hash.") });

/** Whether the demo wallet's invoice has been paid yet (the page polls it after a withdraw's OK). */
export async function checkReceived(paymentHash: string): Promise<{ settled: boolean; amountMsat: bigint | null }> {
  parseInput(schema, { paymentHash });
  const invoice = await lookupInvoice(paymentHash, DEMO_WALLET);
  if (!invoice) throw new AppError("not_found", "The demo wallet has no such invoice.", "paymentHash");
  return { settled: invoice.settled, amountMsat: invoice.amountMsat };
}
