// LNURL-withdraw, first step as a wallet does it (LUD-01, LUD-03, LUD-17): decode the link, GET it, and read
// what the service offers, through the LNURL client (demo-wallet-policy.ts). Only reads: the service must allow
// it any number of times.
import { z } from "zod";
import { AppError, isAppError } from "../errors";
import { fetchServiceJson } from "../lnurl-client/fetch-service-json";
import { readWithdrawOffer, replyTag } from "../lnurl-client/service-replies";
import type { OwnSluice } from "../lnurl-client/service-policy";
import { decodeLnurl } from "../lnurl/codec";
import { msatToSats, msatToSatsCeil } from "../money";
import { parseInput } from "../validation";
import { DEMO_WALLET_WORDING, demoWalletPolicy } from "./demo-wallet-policy";

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

function decode(input: string): string {
  try {
    return decodeLnurl(input);
  } catch (error) {
    if (isAppError(error)) throw new AppError("validation_error", `That is not an LNURL: ${error.message}`, "lnurl");
    throw error;
  }
}

/** What an LNURL-withdraw link offers; a service's ERROR reply is thrown as lnurl_refused with its reason. */
export async function resolveLnurl(input: string, own: OwnSluice): Promise<WithdrawOffer> {
  const url = decode(parseInput(z.object({ lnurl: inputSchema }), { lnurl: input }).lnurl);
  const body = await fetchServiceJson(url, demoWalletPolicy(own, "LNURL"), DEMO_WALLET_WORDING);
  const tag = replyTag(body);
  if (tag !== null && tag !== "withdrawRequest") {
    throw new AppError("validation_error", `This LNURL is a ${tag}, not a withdraw link.`, "lnurl");
  }
  const offer = readWithdrawOffer(
    body,
    new URL(url).host,
    (issue) => new AppError("lightning_unavailable", `The service's reply is not a valid withdraw request: ${issue.message}`),
  );
  const minSats = msatToSatsCeil(offer.minMsat);
  const maxSats = msatToSats(offer.maxMsat);
  if (maxSats < 1n || minSats > maxSats) {
    throw new AppError("validation_error", "The service offers less than one whole sat; the demo wallet invoices whole sats.", "lnurl");
  }
  return { callback: offer.callback, k1: offer.k1, description: offer.description, minMsat: offer.minMsat, maxMsat: offer.maxMsat, minSats, maxSats };
}
