import { env } from "../env";
import { encodeLnurl, lnurlwLink } from "../lnurl/codec";
import { withdrawSecret } from "./lnurl-secret";

export type WithdrawLinks = { url: string; lnurl: string; lightningUri: string; lnurlw: string; claimUrl: string };

export function lnurlWithdrawUrl(secret: string): string {
  return `${env().publicUrl}/api/lnurl/w/${secret}`;
}

export function callbackUrl(secret: string): string {
  return `${lnurlWithdrawUrl(secret)}/callback`;
}

/** The customer's claim page: the same secret as the LNURL, so the same capability (and the same rules on who sees it). */
export function claimPageUrl(secret: string): string {
  return `${env().publicUrl}/claim/${secret}`;
}

/** The three forms a wallet accepts: bech32 LNURL (upper-case, for QR codes), lightning: URI, LUD-17 link;
 *  and the claim page a person opens in a browser. */
export function withdrawLinks(withdrawId: string): WithdrawLinks {
  const secret = withdrawSecret(withdrawId);
  const url = lnurlWithdrawUrl(secret);
  const lnurl = encodeLnurl(url);
  return { url, lnurl, lightningUri: `lightning:${lnurl}`, lnurlw: lnurlwLink(url), claimUrl: claimPageUrl(secret) };
}
