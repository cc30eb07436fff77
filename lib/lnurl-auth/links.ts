// The LNURL-auth URL (LUD-04) on the configured public base URL, never on the request's Host header: the
// wallet derives its linking key from this domain, so it must be the same on every instance and request.
import { env } from "../env";
import { encodeLnurl } from "../lnurl/codec";

export type LnurlAuthAction = "login" | "link";

export type AuthLinks = { url: string; lnurl: string; lightningUri: string; keyauth: string };

export function lnurlAuthUrl(k1: string, action: LnurlAuthAction): string {
  return `${env().publicUrl}/api/lnurl/auth?tag=login&k1=${k1}&action=${action}`;
}

/** Bech32 LNURL (upper-case, for QR codes), lightning: URI and the LUD-17 keyauth:// form. */
export function authLinks(k1: string, action: LnurlAuthAction): AuthLinks {
  const url = lnurlAuthUrl(k1, action);
  const lnurl = encodeLnurl(url);
  return { url, lnurl, lightningUri: `lightning:${lnurl}`, keyauth: url.replace(/^https?:\/\//, "keyauth://") };
}
