// LNURL-withdraw, second step as a wallet does it: read the offer again (the first step only reads, and the
// server does not trust an offer a browser hands back), check the amount is in range before troubling the
// service, create the demo wallet's own invoice on the simulated node, and call back with it.
import { z } from "zod";
import { AppError } from "../errors";
import { env } from "../env";
import { createWalletInvoice } from "../lightning/simulator/invoices";
import { DEMO_WALLET } from "../lightning/simulator/wallets";
import { lnurlRefusal } from "../lnurl/refusal";
import { formatMsatAsSats, satsToMsat } from "../money";
import { parseInput } from "../validation";
import { getJson, serviceUrl, type LnurlHttp } from "./lnurl-http";
import { refusalSchema, resolveLnurl } from "./resolve-lnurl";

const INVOICE_EXPIRY_SECONDS = 3600;

const inputSchema = z.object({
  lnurl: z.string(),
  sats: z.bigint({ error: "Give the amount in whole sats." }).min(1n, "The amount must be at least 1 sat."),
});

const okSchema = z.object({ status: z.literal("OK") });

export type StartedWithdraw = { paymentHash: string; amountMsat: bigint; invoice: string };

/** Asks the service to pay `sats` to a new invoice of the demo wallet. Refusals are thrown as lnurl_refused. */
export async function withdrawLnurl(input: { lnurl: string; sats: bigint }, http: LnurlHttp): Promise<StartedWithdraw> {
  const { lnurl, sats } = parseInput(inputSchema, input);
  const offer = await resolveLnurl(lnurl, http);
  if (sats < offer.minSats || sats > offer.maxSats) {
    const range = offer.minSats === offer.maxSats ? `exactly ${offer.maxSats} sats` : `between ${offer.minSats} and ${offer.maxSats} sats`;
    throw new AppError("validation_error", `This link pays ${range}; ${sats} sats is out of range.`, "sats");
  }
  const callback = serviceUrl(offer.callback, http, "callback");
  const amountMsat = satsToMsat(sats);
  const invoice = await createWalletInvoice(
    DEMO_WALLET,
    { amountMsat, description: offer.description || `Withdraw of ${formatMsatAsSats(amountMsat)} sats`, expirySeconds: INVOICE_EXPIRY_SECONDS },
    env().lightning.network,
  );
  // Query parameters the service put in its callback stay (LUD-03); k1 and pr are ours to set.
  callback.searchParams.set("k1", offer.k1);
  callback.searchParams.set("pr", invoice.invoice);
  const reply = await getJson(callback, http);

  const refusal = refusalSchema.safeParse(reply);
  if (refusal.success) throw lnurlRefusal(refusal.data.reason);
  if (!okSchema.safeParse(reply).success) throw new AppError("lightning_unavailable", "The service answered something that is not an LNURL reply.");
  return { paymentHash: invoice.paymentHash, amountMsat, invoice: invoice.invoice };
}
