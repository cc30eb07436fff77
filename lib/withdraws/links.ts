// A withdraw's link: the LNURL-withdraw URL carries a secret derived (HMAC-SHA256 under LNURL_SECRET_KEY, a
// key outside the database) from the withdraw, so the link can be shown again at any time while the
// database holds only the secret's SHA-256. Version 2 binds the secret to the merchant as well as the
// withdraw id, so even a wrong id from another merchant derives nothing that opens a withdraw; version 1
// (the id alone) is kept for rows made before, whose links were issued already and work until they end.
//
// The derivation takes a MerchantWithdraw and a LinkGrant (never an id or a JSON value), and checks at run
// time that the row was read for the grant's merchant: see merchant-withdraw.ts and link-access.ts.
import { createHmac } from "node:crypto";
import { env, resolveLnurlSecretKey } from "../env";
import { encodeLnurl, lnurlwLink } from "../lnurl/codec";
import { isGrant, type LinkGrant } from "./link-access";
import { hashSecret } from "./lnurl-secret";
import { merchantReadFor, type MerchantWithdraw } from "./merchant-withdraw";

export type WithdrawLinks = { url: string; lnurl: string; lightningUri: string; lnurlw: string; claimUrl: string };

/** The link version of every withdraw made now. */
export const CURRENT_LINK_VERSION = 2;

type SecretInput = { id: string; merchantId: string; linkVersion: number };

function deriveSecret({ id, merchantId, linkVersion }: SecretInput): string {
  const message = linkVersion === 1 ? `lnurlw:${id}` : `lnurlw:v2:${merchantId}:${id}`;
  return createHmac("sha256", resolveLnurlSecretKey()).update(message).digest("base64url");
}

/** The stored hash of a new withdraw's secret (the secret itself is never stored). */
export function newWithdrawSecretHash(merchantId: string, id: string): string {
  return hashSecret(deriveSecret({ id, merchantId, linkVersion: CURRENT_LINK_VERSION }));
}

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

/** The links of a URL that carries a secret: the three forms a wallet accepts, and the claim page. */
function linksOfSecret(secret: string): WithdrawLinks {
  const url = lnurlWithdrawUrl(secret);
  const lnurl = encodeLnurl(url);
  return { url, lnurl, lightningUri: `lightning:${lnurl}`, lnurlw: lnurlwLink(url), claimUrl: claimPageUrl(secret) };
}

/**
 * The three forms a wallet accepts (bech32 LNURL, upper-case for QR codes; lightning: URI; LUD-17 link) and
 * the claim page a person opens in a browser, of a withdraw read for the grant's own merchant.
 */
export function withdrawLinks(row: MerchantWithdraw, grant: LinkGrant): WithdrawLinks {
  if (!isGrant(grant)) throw new Error("A withdraw link was asked for without a grant.");
  const readFor = merchantReadFor(row);
  if (readFor === undefined || readFor !== grant.merchantId || row.merchantId !== grant.merchantId) {
    throw new Error("A withdraw link was asked for a row not read for the caller's own merchant.");
  }
  return linksOfSecret(deriveSecret(row));
}

/** The links a customer reaches with a secret they already hold (the claim page's own address). */
export function linksOfHeldSecret(secret: string): WithdrawLinks {
  return linksOfSecret(secret);
}
