// Live withdraw links inside JSON that is kept or sent on: an Idempotency-Key's stored response, an event's
// payload. A link is a bearer capability to money, so no copy of one is kept: the stored form has the link
// fields null, and the links are derived again from the withdraw id (with LNURL_SECRET_KEY) when a caller that
// may receive them is answered.
import { withdrawLinks } from "./links";
import type { LinkAccess } from "./serialize-withdraw";

type Json = unknown;
type WithdrawJson = { object: "withdraw"; id: string; status?: unknown; paid_withdraw_request?: unknown; withdraw_methods_options?: { lnurl?: Record<string, unknown> } };

function isWithdraw(value: Json): value is WithdrawJson {
  return !!value && typeof value === "object" && (value as { object?: unknown }).object === "withdraw" && typeof (value as { id?: unknown }).id === "string";
}

/** Applies `change` to every withdraw object in a JSON value: a withdraw, a list's data, a batch's withdraws. */
function eachWithdraw(value: Json, change: (w: WithdrawJson) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) eachWithdraw(item, change);
  } else if (isWithdraw(value)) {
    change(value);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) eachWithdraw(item, change);
  }
}

function setLinks(w: WithdrawJson, access: LinkAccess): void {
  const lnurl = w.withdraw_methods_options?.lnurl;
  if (!lnurl) return;
  const links = access === "granted" ? withdrawLinks(w.id) : null;
  lnurl.withdraw_request = links?.lnurl ?? null;
  lnurl.lightning_uri = links?.lightningUri ?? null;
  lnurl.lnurlw = links?.lnurlw ?? null;
  lnurl.claim_url = links?.claimUrl ?? null;
  lnurl.withdraw_request_withheld = access === "granted" ? null : access;
  if ("paid_withdraw_request" in w) w.paid_withdraw_request = w.status === "paid" ? (links?.lnurl ?? null) : null;
}

/** The JSON text with every withdraw's links set for `access`: removed (and the reason given), or derived again. */
export function withLinksFor(text: string, access: LinkAccess): string {
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // not JSON: carries no withdraw object
  }
  let found = false;
  eachWithdraw(value, (w) => {
    found = true;
    setLinks(w, access);
  });
  return found ? JSON.stringify(value) : text;
}

/** Removes every withdraw's links from a parsed JSON value in place (the value is the caller's own copy). */
export function removeLinks(value: Json, reason: Exclude<LinkAccess, "granted">): void {
  eachWithdraw(value, (w) => setLinks(w, reason));
}

/** A copy of a JSON value with every withdraw's links removed, for what is stored or sent to third parties. */
export function withoutLinks<T>(value: T, reason: Exclude<LinkAccess, "granted">): T {
  const copy = structuredClone(value);
  removeLinks(copy, reason);
  return copy;
}
