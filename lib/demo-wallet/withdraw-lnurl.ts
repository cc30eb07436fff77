// LNURL-withdraw, second step as a wallet does it: read the offer again (the first step only reads, and the
// server does not trust an offer a browser hands back), check the amount is in range before troubling the
// service, create the demo wallet's own invoice on the simulated node, and call back with it.
import { z } from "zod";
import { AppError } from "../errors";
import { env } from "../env";
import { fetchServiceJson } from "../lnurl-client/fetch-service-json";
import { isOkReply } from "../lnurl-client/service-replies";
import { checkServiceUrl, type OwnSluice } from "../lnurl-client/service-policy";
import { createWalletInvoice } from "../lightning/simulator/invoices";
import { DEMO_WALLET } from "../lightning/simulator/wallets";
import { formatMsatAsSats, satsToMsat } from "../money";
import { parseInput } from "../validation";
import { DEMO_WALLET_WORDING, demoWalletPolicy } from "./demo-wallet-policy";
import { resolveLnurl } from "./resolve-lnurl";

const INVOICE_EXPIRY_SECONDS = 3600;

const inputSchema = z.object({
  lnurl: z.string(),
  sats: z.bigint({ error: "Give the amount in whole sats." }).min(1n, "The amount must be at least 1 sat."),
});

export type StartedWithdraw = { paymentHash: string; amountMsat: bigint; invoice: string };

/** Asks the service to pay `sats` to a new invoice of the demo wallet. Refusals are thrown as lnurl_refused. */
export async function withdrawLnurl(input: { lnurl: string; sats: bigint }, own: OwnSluice): Promise<StartedWithdraw> {
  const { lnurl, sats } = parseInput(inputSchema, input);
  const offer = await resolveLnurl(lnurl, own);
  if (sats < offer.minSats || sats > offer.maxSats) {
    const range = offer.minSats === offer.maxSats ? `exactly ${offer.maxSats} sats` : `between ${offer.minSats} and ${offer.maxSats} sats`;
    throw new AppError("validation_error", `This link pays ${range}; ${sats} sats is out of range.`, "sats");
  }
  // The callback gets the same rule (this Sluice only) before anything is invoiced.
  const policy = demoWalletPolicy(own, "callback");
  const callback = checkServiceUrl(offer.callback, policy);
  const amountMsat = satsToMsat(sats);
  const invoice = await createWalletInvoice(
    DEMO_WALLET,
    { amountMsat, description: offer.description || `Withdraw of ${formatMsatAsSats(amountMsat)} sats`, expirySeconds: INVOICE_EXPIRY_SECONDS },
    env().lightning.network,
  );
  // Query parameters the service put in its callback stay (LUD-03); k1 and pr are ours to set.
  callback.searchParams.set("k1", offer.k1);
  callback.searchParams.set("pr", invoice.invoice);
  const reply = await fetchServiceJson(callback, policy, DEMO_WALLET_WORDING);
  if (!isOkReply(reply)) throw new AppError("lightning_unavailable", "The service answered something that is not an LNURL reply.");
  return { paymentHash: invoice.paymentHash, amountMsat, invoice: invoice.invoice };
}
