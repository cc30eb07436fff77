// LNURL-auth as a wallet (LUD-04 step 3): sign the link's k1 with the merchant's linking key for the service's
// domain (LUD-05) and call the service with sig and key. The service's {"status":"OK"} signs the merchant in;
// its {"status":"ERROR","reason"} becomes an error carrying that reason. Every attempt that reached for the
// service is recorded with its outcome; one refused before anything was sent (bad link, address not allowed or not found)
// is not an attempt and leaves nothing. The linking key is recorded as shown before the signed callback leaves
// (client-keys.ts: no such key may ever sign in to Sluice).
import { db } from "../db";
import { AppError, isAppError, type ErrorCode } from "../errors";
import type { LnurlAuthLogin } from "../generated/prisma/client";
import { newId } from "../ids";
import { fetchServiceJson } from "../lnurl-client/fetch-service-json";
import { resolveServiceTarget, type ServicePolicy } from "../lnurl-client/service-policy";
import { readAuthLink, signedCallback, type AuthLink } from "./auth-link";
import { recordClientKey } from "./client-keys";
import { deriveLinkingKey, signK1 } from "./linking-key";
import { merchantAuthSeed } from "./merchant-seed";

// What the service (or the way to it) did: these are outcomes of an attempt, worth keeping.
const SERVICE_FAILURES = new Set<ErrorCode>(["lnurl_refused", "lnurl_unreachable", "lnurl_bad_response"]);

function answeredOk(reply: unknown): boolean {
  const status = (reply as { status?: unknown } | null)?.status;
  return typeof status === "string" && status.toUpperCase() === "OK";
}

function record(merchantId: string, link: AuthLink, linkingKey: string, errorReason: string | null): Promise<LnurlAuthLogin> {
  return db().lnurlAuthLogin.create({
    data: {
      id: newId("lnurlAuthLogin"),
      merchantId,
      domain: link.domain,
      linkingKey,
      action: link.action,
      status: errorReason === null ? "ok" : "error",
      errorReason,
    },
  });
}

export async function signInToService(merchantId: string, input: unknown, policy: ServicePolicy): Promise<LnurlAuthLogin> {
  const link = readAuthLink(input, policy);
  // The service's addresses are checked before the merchant's secret is made or used (fetchServiceJson checks
  // them again and connects to the one it checked).
  await resolveServiceTarget(link.url.href, policy);
  const key = deriveLinkingKey(await merchantAuthSeed(merchantId), link.domain);
  const callback = signedCallback(link, signK1(key.privateKey, link.k1), key.publicKey);
  await recordClientKey(merchantId, link.domain, key.publicKey);
  try {
    const reply = await fetchServiceJson(callback, policy);
    if (!answeredOk(reply)) throw new AppError("lnurl_bad_response", `The service at ${link.domain} did not answer {"status":"OK"}, so the sign-in is not confirmed.`);
  } catch (error) {
    if (isAppError(error) && SERVICE_FAILURES.has(error.code)) await record(merchantId, link, key.publicKey, error.message);
    throw error;
  }
  return record(merchantId, link, key.publicKey, null);
}
