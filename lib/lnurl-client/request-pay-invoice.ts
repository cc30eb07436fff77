// LUD-06 second step: ask the service's callback for an invoice of exactly `amountMsat` (with a LUD-12
// comment when the service takes one). The invoice is checked by the caller before anything is paid.
import { z } from "zod";
import { AppError } from "../errors";
import { fetchServiceJson } from "./fetch-service-json";
import type { PayOffer } from "./service-replies";
import type { ServicePolicy } from "./service-policy";

const invoiceReplySchema = z.object({ pr: z.string().min(1).max(8000) });

export async function requestPayInvoice(offer: PayOffer, amountMsat: bigint, comment: string | undefined, policy: ServicePolicy): Promise<string> {
  if (!URL.canParse(offer.callback)) throw new AppError("lnurl_bad_response", `The service at ${offer.domain} sent a callback that is not a URL.`);
  const callback = new URL(offer.callback);
  // Query parameters the service put in its callback stay; amount and comment are ours to set.
  callback.searchParams.set("amount", amountMsat.toString());
  if (comment) callback.searchParams.set("comment", comment);
  const reply = invoiceReplySchema.safeParse(await fetchServiceJson(callback, policy));
  if (!reply.success) throw new AppError("lnurl_bad_response", `The service at ${offer.domain} answered without an invoice (no "pr").`);
  return reply.data.pr;
}
