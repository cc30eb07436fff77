// How the demo wallet calls an LNURL service: through the LNURL client, this Sluice only (ownSluicePolicy in
// lib/lnurl-client/service-policy.ts says why), in the words of a wallet: its refusals name the field the
// customer filled in, and a service's refusal is shown as the service wrote it.
import { AppError } from "../errors";
import type { ServiceCallWording } from "../lnurl-client/fetch-service-json";
import { ownSluicePolicy, type OwnSluice, type ServicePolicy } from "../lnurl-client/service-policy";
import { lnurlRefusal } from "../lnurl/refusal";

/** The policy for one URL the wallet calls; `what` names it in refusals (the LNURL, the callback). */
export function demoWalletPolicy(own: OwnSluice, what: string): ServicePolicy {
  return ownSluicePolicy(own, {
    notAUrl: () => new AppError("validation_error", `The ${what} is not a web address.`, "lnurl"),
    otherHost: (url) =>
      new AppError(
        "validation_error",
        `The demo wallet only talks to this Sluice (${new URL(own.publicUrl).host}); the ${what} points at ${url.host || "nowhere"}.`,
        "lnurl",
      ),
  });
}

export const DEMO_WALLET_WORDING: ServiceCallWording = {
  refused: (reason) => lnurlRefusal(reason),
  failed: (failure, host) =>
    new AppError(
      "lightning_unavailable",
      failure === "timeout" ? `The service at ${host} did not answer in time.` : `The service at ${host} could not be reached.`,
    ),
};
