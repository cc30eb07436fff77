// LNURL-withdraw, first step as a wallet does it (LUD-01, LUD-03, LUD-17): decode the link, GET it, and read
// what the service offers. Only reads: the service must allow it any number of times.
import { z } from "zod";
import { AppError, isAppError } from "../errors";
import { decodeLnurl } from "../lnurl/codec";
import { lnurlRefusal } from "../lnurl/refusal";
import { msatFromJsonNumber, msatToSats, msatToSatsCeil } from "../money";
import { parseInput } from "../validation";
import { getJson, serviceUrl, type LnurlHttp } from "./lnurl-http";

export type WithdrawOffer = {
  callback: string;
  k1: string;
  description: string;
  minMsat: bigint;
  maxMsat: bigint;
  /** The range in whole sats, which is what the demo wallet invoices: min rounded up, max rounded down. */
  minSats: bigint;
  maxSats: bigint;
};

const inputSchema = z
  .string({ error: "Paste an LNURL." })
  .trim()
  .min(1, "Paste an LNURL.")
  .max(2000, "That is too long to be an LNURL.");

export const refusalSchema = z.object({ status: z.literal("ERROR"), reason: z.string().max(1000) });

const msat = z.number().int("Amounts in an LNURL reply are whole millisatoshis.").min(0).max(Number.MAX_SAFE_INTEGER);

const withdrawRequestSchema = z
  .object({
    tag: z.literal("withdrawRequest"),
    callback: z.string().min(1),
    k1: z.string().min(1).max(1000),
    defaultDescription: z.string().max(1000),
    minWithdrawable: msat,
    maxWithdrawable: msat,
  })
  .refine((r) => r.minWithdrawable <= r.maxWithdrawable, "minWithdrawable is above maxWithdrawable.");

function decode(input: string): string {
  try {
    return decodeLnurl(input);
  } catch (error) {
    if (isAppError(error)) throw new AppError("validation_error", `That is not an LNURL: ${error.message}`, "lnurl");
    throw error;
  }
}

/** What an LNURL-withdraw link offers; a service's ERROR reply is thrown as lnurl_refused with its reason. */
export async function resolveLnurl(input: string, http: LnurlHttp): Promise<WithdrawOffer> {
  const url = serviceUrl(decode(parseInput(z.object({ lnurl: inputSchema }), { lnurl: input }).lnurl), http, "LNURL");
  const body = await getJson(url, http);

  const refusal = refusalSchema.safeParse(body);
  if (refusal.success) throw lnurlRefusal(refusal.data.reason);
  const tag = z.object({ tag: z.string() }).safeParse(body);
  if (tag.success && tag.data.tag !== "withdrawRequest") {
    throw new AppError("validation_error", `This LNURL is a ${tag.data.tag}, not a withdraw link.`, "lnurl");
  }
  const parsed = withdrawRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError("lightning_unavailable", `The service's reply is not a valid withdraw request: ${parsed.error.issues[0].message}`);
  }
  const offer = parsed.data;
  const minMsat = msatFromJsonNumber(offer.minWithdrawable);
  const maxMsat = msatFromJsonNumber(offer.maxWithdrawable);
  const minSats = msatToSatsCeil(minMsat);
  const maxSats = msatToSats(maxMsat);
  if (maxSats < 1n || minSats > maxSats) {
    throw new AppError("validation_error", "The service offers less than one whole sat; the demo wallet invoices whole sats.", "lnurl");
  }
  return { callback: offer.callback, k1: offer.k1, description: offer.defaultDescription, minMsat, maxMsat, minSats, maxSats };
}
