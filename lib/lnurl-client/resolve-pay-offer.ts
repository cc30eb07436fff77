// LUD-06 / LUD-16, first step as a paying wallet makes it: what a Lightning Address or an LNURL-pay offers
// (callback, min and max, metadata). Only reads: services must allow it any number of times.
import { AppError } from "../errors";
import { fetchServiceJson } from "./fetch-service-json";
import { parseCode, type ParsedCode } from "./parse-code";
import { readPayOffer, replyTag, type PayOffer } from "./service-replies";
import type { ServicePolicy } from "./service-policy";

export type PayDestination = {
  type: "lightning_address" | "lnurl_pay";
  /** The address (lower case) or the LNURL as given. */
  destination: string;
  offer: PayOffer;
};

const notPayable = (message: string) => new AppError("validation_error", message, "destination");

function kindOfLink(parsed: ParsedCode & { type: "lnurl" }): string | null {
  if (parsed.scheme === "lnurlw") return "an LNURL-withdraw link (it pays you; it cannot be paid)";
  if (parsed.scheme === "keyauth" || parsed.url.searchParams.get("tag") === "login") return "an LNURL-auth (sign-in) link";
  if (parsed.scheme === "lnurlc") return "an LNURL-channel link";
  return null;
}

export async function resolvePayDestination(destination: string, policy: ServicePolicy): Promise<PayDestination> {
  const parsed = parseCode(destination, policy, "destination");
  if (parsed.type === "invoice") throw notPayable("That is a BOLT 11 invoice: send it as ln_invoice, not as destination.");
  if (parsed.type === "lnurl") {
    const other = kindOfLink(parsed);
    if (other) throw notPayable(`That is ${other}, not a Lightning Address or LNURL-pay.`);
  }
  const domain = parsed.type === "address" ? parsed.domain : parsed.url.host;
  const body = await fetchServiceJson(parsed.url, policy);
  const tag = replyTag(body);
  if (tag === "withdrawRequest") throw notPayable("That LNURL is a withdraw link (it pays you; it cannot be paid).");
  if (tag !== null && tag !== "payRequest") throw notPayable(`That LNURL is a ${tag.slice(0, 40)}, not a pay request.`);
  const offer = readPayOffer(body, domain);
  return {
    type: parsed.type === "address" ? "lightning_address" : "lnurl_pay",
    destination: parsed.type === "address" ? parsed.address : destination.trim(),
    offer,
  };
}
