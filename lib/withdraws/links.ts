import { env } from "../env";
import { encodeLnurl, lnurlwLink } from "../lnurl/codec";
import { withdrawSecret } from "./lnurl-secret";

export type WithdrawLinks = { url: string; lnurl: string; lightningUri: string; lnurlw: string };

export function lnurlWithdrawUrl(secret: string): string {
  return `${env().publicUrl}/api/lnurl/w/${secret}`;
}

export function callbackUrl(secret: string): string {
  return `${lnurlWithdrawUrl(secret)}/callback`;
}

/** The three forms a wallet accepts: bech32 LNURL (upper-case, for QR codes), lightning: URI, LUD-17 link. */
export function withdrawLinks(withdrawId: string): WithdrawLinks {
  const url = lnurlWithdrawUrl(withdrawSecret(withdrawId));
  const lnurl = encodeLnurl(url);
  return { url, lnurl, lightningUri: `lightning:${lnurl}`, lnurlw: lnurlwLink(url) };
}
