// The claim page's "send to a Lightning Address or LNURL-pay" (LUD-16, LUD-06): Sluice plays the customer's
// wallet. It reads what the service accepts, asks its callback for an invoice of the amount (with the
// outbound rules and checks the payouts use), and claims the withdraw with that invoice exactly as the LNURL
// callback would: one claim, one payment, whichever way the customer chose.
import { checkInvoice, isInvoiceError } from "../bolt11";
import { env } from "../env";
import { AppError } from "../errors";
import { requestPayInvoice } from "../lnurl-client/request-pay-invoice";
import { resolvePayDestination } from "../lnurl-client/resolve-pay-offer";
import { servicePolicy, type ServicePolicy } from "../lnurl-client/service-policy";
import { displaySats, satsToMsat } from "../money";
import { assertPullable, findWithdrawBySecret, type SecretWithdraw } from "../withdraws/find-by-secret";
import { pullWithdraw } from "../withdraws/pull-withdraw";
import { invoiceSafetyMarginSeconds } from "../payments/timing";

const invalid = (message: string, param: string) => new AppError("validation_error", message, param);

/** The amount to send: the withdraw's own when it is fixed; when it offers a range, the customer's choice in it. */
export function chooseClaimAmount(withdraw: Pick<SecretWithdraw, "targetAmountMsat" | "minTargetAmountMsat">, sats: bigint | undefined): bigint {
  const { targetAmountMsat: max, minTargetAmountMsat: min } = withdraw;
  if (min === max || sats === undefined) return max;
  const chosen = satsToMsat(sats);
  if (chosen < min || chosen > max) {
    throw invalid(`Choose an amount between ${displaySats(min)} and ${displaySats(max)} sats.`, "amount");
  }
  return chosen;
}

export async function claimToAddress(
  input: { secret: string; destination: string; sats?: bigint },
  now: Date = new Date(),
  policy: ServicePolicy = servicePolicy(),
): Promise<void> {
  const withdraw = await findWithdrawBySecret(input.secret);
  // Before any outside service is called: a withdraw that cannot be pulled says so at once.
  assertPullable(withdraw, now);
  const amountMsat = chooseClaimAmount(withdraw, input.sats);
  const { offer } = await resolvePayDestination(input.destination, policy);
  if (amountMsat < offer.minMsat || amountMsat > offer.maxMsat) {
    const range = offer.minMsat === offer.maxMsat ? `exactly ${displaySats(offer.minMsat)} sats` : `between ${displaySats(offer.minMsat)} and ${displaySats(offer.maxMsat)} sats`;
    throw invalid(`${offer.domain} accepts ${range}; this withdraw pays ${displaySats(amountMsat)} sats.`, "destination");
  }
  const pr = await requestPayInvoice(offer, amountMsat, undefined, policy);
  try {
    // The service must bill exactly what was asked (the claim would accept any amount in the range).
    checkInvoice(pr, { network: env().lightning.network, amount: { exactMsat: amountMsat }, now, minRemainingSeconds: invoiceSafetyMarginSeconds() });
  } catch (error) {
    if (isInvoiceError(error)) throw new AppError("lnurl_bad_invoice", `${offer.domain} sent an invoice that cannot be paid: ${error.message}`);
    throw error;
  }
  await pullWithdraw({ secret: input.secret, k1: withdraw.k1, pr }, now);
}
