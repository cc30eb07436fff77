// Receiving from another service's LNURL-withdraw link, as a wallet does (LUD-03, LUD-17): read the offer, pick
// the amount (the one asked, within the offer's range, or the most it offers in whole sats), invoice this node,
// and call the service's callback with k1 and the invoice. The node then sees the invoice paid and the usual
// settlement credits the deposit. The link is someone's bearer capability to money, so only the service's
// domain is kept, never the link, its k1 or its callback.
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import { fetchServiceJson, serviceText } from "../lnurl-client/fetch-service-json";
import { parseCode } from "../lnurl-client/parse-code";
import { isOkReply, readWithdrawOffer, replyTag, type WithdrawOffer } from "../lnurl-client/service-replies";
import { resolveServiceTarget, type ServicePolicy } from "../lnurl-client/service-policy";
import { formatMsatAsSats, msatToSats, msatToSatsCeil, satsToMsat } from "../money";
import { MAX_DEPOSIT_MSAT, openDeposit, quoteDeposit, satsQuote, type DepositQuote } from "./create-deposit";
import type { CreateDepositData } from "./schemas";
import type { DepositRow } from "./serialize-deposit";
import { settleDeposit } from "./settle-deposit";

const invalid = (message: string, param: string) => new AppError("validation_error", message, param);

// How long the answer waits for the service to pay after its OK, so that a quick service is answered `paid`.
const ANSWER_WAIT_MS = 3_000;
const POLL_MS = 200;

async function readOffer(lnurl: string, policy: ServicePolicy): Promise<WithdrawOffer & { url: URL }> {
  const parsed = parseCode(lnurl, policy, "lnurl");
  const withdrawLink = parsed.type === "lnurl" && (parsed.scheme === "lnurl" || parsed.scheme === "lnurlw") && parsed.url.searchParams.get("tag") !== "login";
  if (!withdrawLink) throw invalid("lnurl must be an LNURL-withdraw link (lnurl1…, lightning:lnurl1… or lnurlw://…).", "lnurl");
  const body = await fetchServiceJson(parsed.url, policy);
  const tag = replyTag(body);
  if (tag && tag !== "withdrawRequest") throw invalid(`That LNURL is a ${tag.slice(0, 40)}, not a withdraw link: there is nothing to receive from it.`, "lnurl");
  return { ...readWithdrawOffer(body, parsed.url.host), url: parsed.url };
}

/** The amount to invoice: whole sats within the offer (its min rounded up, its max rounded down). */
async function pickAmount(offer: WithdrawOffer, data: CreateDepositData): Promise<DepositQuote> {
  const minSats = msatToSatsCeil(offer.minMsat);
  const maxSats = msatToSats(offer.maxMsat);
  if (maxSats < 1n || minSats > maxSats) {
    throw new AppError("lnurl_bad_response", `The service at ${offer.domain} offers less than one whole sat (${formatMsatAsSats(offer.maxMsat)} sat at most).`);
  }
  if (data.amount === undefined || data.amount === "") {
    const most = satsToMsat(maxSats);
    return satsQuote(most > MAX_DEPOSIT_MSAT ? MAX_DEPOSIT_MSAT : most);
  }
  const quote = await quoteDeposit(data.amount, data.currency);
  if (quote.amountMsat < offer.minMsat || quote.amountMsat > offer.maxMsat) {
    const range = minSats === maxSats ? `exactly ${minSats} sat` : `between ${minSats} sat and ${maxSats} sat`;
    throw invalid(`${offer.domain} pays ${range}; ${formatMsatAsSats(quote.amountMsat)} sat is out of range.`, "amount");
  }
  return quote;
}

async function markFailed(id: string, reason: string): Promise<void> {
  await db().deposit.updateMany({ where: { id, status: "pending" }, data: { status: "failed", failureReason: reason, updatedAt: new Date() } });
}

async function noteUnconfirmed(deposit: DepositRow, reason: string): Promise<DepositRow> {
  await db().deposit.updateMany({ where: { id: deposit.id, status: "pending" }, data: { failureReason: reason, updatedAt: new Date() } });
  return db().deposit.findUniqueOrThrow({ where: { id: deposit.id } });
}

async function waitForPayment(deposit: DepositRow, waitMs: number): Promise<DepositRow> {
  const until = Date.now() + waitMs;
  for (;;) {
    if ((await settleDeposit(deposit.merchantId, deposit.id)) !== "pending" || Date.now() >= until) break;
    await sleep(POLL_MS);
  }
  return db().deposit.findUniqueOrThrow({ where: { id: deposit.id } });
}

export async function receiveLnurlWithdraw(
  merchantId: string,
  data: CreateDepositData,
  options: { policy: ServicePolicy; now?: Date; waitMs?: number },
): Promise<DepositRow> {
  const { policy } = options;
  const offer = await readOffer(data.lnurl!, policy);
  const quote = await pickAmount(offer, data);
  // The callback comes from the service's reply: it gets the same address rules before anything is written.
  // (Checked with canParse: URL's own TypeError carries the text, and the callback may be a capability.)
  if (!URL.canParse(offer.callback, offer.url)) throw new AppError("lnurl_bad_response", `The service at ${offer.domain} sent a callback that is not a URL.`);
  const callback = new URL(offer.callback, offer.url);
  await resolveServiceTarget(callback.toString(), policy);

  const deposit = await openDeposit(
    merchantId,
    { quote, source: "lnurl_withdraw", sourceDomain: offer.domain, description: serviceText(offer.description, 200), metadata: data.metadata },
    options.now,
  );
  // Query parameters the service put in its callback stay (LUD-03); k1 and pr are ours to set.
  callback.searchParams.set("k1", offer.k1);
  callback.searchParams.set("pr", deposit.invoice);
  try {
    const reply = await fetchServiceJson(callback, policy);
    if (!isOkReply(reply)) throw new AppError("lnurl_bad_response", `The service at ${offer.domain} did not answer its callback with {"status":"OK"}.`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "lnurl_refused") {
      // The service said no: it will not pay (and if it pays anyway, settlement still credits the invoice).
      await markFailed(deposit.id, error.message);
      throw new AppError("lnurl_refused", `${error.message} Deposit ${deposit.id} is marked failed.`, "lnurl");
    }
    // No answer, or one Sluice cannot read: the service may have taken the invoice and may still pay it. So the
    // deposit is answered (and an Idempotency-Key's retry replays it) rather than an error a client would retry
    // with a second pull; it stays pending, saying why, until it is paid or its invoice expires.
    return noteUnconfirmed(deposit, `${error.message} Sluice waits until the invoice expires: if the service pays it, it is credited.`);
  }
  return waitForPayment(deposit, options.waitMs ?? ANSWER_WAIT_MS);
}
