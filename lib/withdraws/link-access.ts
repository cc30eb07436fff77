// Who receives a withdraw's live link: a grant is made from an authenticated caller (an API key, or a
// signed-in user) whose role or scope may receive links (withdraws.link), and names that caller's merchant.
// Everyone else gets the reason the link is withheld. Grants are made only here: the type is branded, and
// each grant is recorded in a WeakSet, so neither an object literal nor a cast passes for one at run time.
import { allows, type Principal } from "../auth/permissions";

/** Why a withdraw object carries no live link: the caller may not receive one, or it is an event's copy. */
export const WITHHELD_REASONS = ["read_only_access", "not_in_events"] as const;
export type WithheldReason = (typeof WITHHELD_REASONS)[number];

declare const grantBrand: unique symbol;
export type LinkGrant = { readonly merchantId: string; readonly [grantBrand]: true };

/** A grant for the caller's own merchant, or the reason links are withheld. */
export type LinkAccess = LinkGrant | WithheldReason;

const issued = new WeakSet<object>();

/**
 * The link access of an authenticated caller: `merchantId` and `principal` come from the API key or the
 * session, never from the request's input.
 */
export function linkAccessFor(caller: { merchantId: string; principal: Principal }): LinkAccess {
  if (!allows(caller.principal, "withdraws.link")) return "read_only_access";
  const grant = Object.freeze({ merchantId: caller.merchantId });
  issued.add(grant);
  return grant as LinkGrant;
}

export function isGrant(access: LinkAccess): access is LinkGrant {
  return typeof access === "object" && access !== null && issued.has(access);
}

/** The reason a withdraw object shows for withheld links: null when the links are included. */
export function withheldReason(access: LinkAccess): WithheldReason | null {
  return typeof access === "string" ? access : isGrant(access) ? null : "read_only_access";
}
