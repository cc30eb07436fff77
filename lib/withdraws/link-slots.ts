// Where an answer holds withdraw objects: a route that answers with withdraws names each one's place (its
// path in the JSON) and id when it answers, so that a stored copy of the answer (an Idempotency-Key's) can
// drop exactly those objects' links, and a replay can put them back from rows re-read for the caller's own
// merchant. Nothing here searches a JSON value for withdraws: a value a caller wrote (metadata, say) is never
// a slot, and is stored and replayed exactly as it was answered.
import { z } from "zod";
import type { JsonValue } from "../json-value";
import { isGrant, withheldReason, type LinkAccess, type WithheldReason } from "./link-access";
import { loadWithdrawsByIds } from "./load-withdraw";
import { linkFields } from "./serialize-withdraw";

export const linkSlotSchema = z.object({ path: z.array(z.union([z.string(), z.number().int().nonnegative()])), withdrawId: z.string() });
export type LinkSlot = z.infer<typeof linkSlotSchema>;
export const linkSlotsSchema = z.array(linkSlotSchema);

/** The slot of an answer that is one withdraw object. */
export const withdrawSlot = (withdraw: { id: string }): LinkSlot[] => [{ path: [], withdrawId: withdraw.id }];

/** The slots of an answer whose `withdraws` array holds withdraw objects (a batch). */
export const batchSlots = (withdraws: readonly { id: string }[]): LinkSlot[] => withdraws.map((w, i) => ({ path: ["withdraws", i], withdrawId: w.id }));

type Fields = ReturnType<typeof linkFields>;
type WithdrawJson = { id?: unknown; status?: unknown; paid_withdraw_request?: unknown; withdraw_methods_options?: { lnurl?: Record<string, unknown> } };

/** The withdraw object at a slot, when the answer has one there with the slot's id. */
function objectAt(value: unknown, slot: LinkSlot): WithdrawJson | null {
  let at: unknown = value;
  for (const step of slot.path) {
    if (at === null || typeof at !== "object") return null;
    at = (at as Record<string | number, unknown>)[step];
  }
  if (at === null || typeof at !== "object" || Array.isArray(at)) return null;
  const object = at as WithdrawJson;
  return object.id === slot.withdrawId && object.withdraw_methods_options?.lnurl ? object : null;
}

function setFields(object: WithdrawJson, fields: Fields): void {
  Object.assign(object.withdraw_methods_options!.lnurl!, fields);
  if ("paid_withdraw_request" in object) object.paid_withdraw_request = object.status === "paid" ? fields.withdraw_request : null;
}

const WITHHELD: Fields = { withdraw_request: null, lightning_uri: null, lnurlw: null, claim_url: null, withdraw_request_withheld: "read_only_access" };

/** Drops the links of the withdraw objects at `slots` from a parsed answer, in place (what is stored). */
export function dropSlotLinks(value: unknown, slots: readonly LinkSlot[], reason: WithheldReason = "read_only_access"): void {
  for (const slot of slots) {
    const object = objectAt(value, slot);
    if (object) setFields(object, { ...WITHHELD, withdraw_request_withheld: reason });
  }
}

/**
 * A stored answer with the links at its slots set for the caller: the withdraws are re-read for the caller's
 * own merchant (a withdraw of another merchant finds no row and gets no link), and links come only with a grant.
 */
export async function restoreSlotLinks(text: string, slots: readonly LinkSlot[], merchantId: string, access: LinkAccess): Promise<string> {
  if (slots.length === 0) return text;
  const value: unknown = JSON.parse(text);
  const rows = isGrant(access) ? await loadWithdrawsByIds(merchantId, [...new Set(slots.map((s) => s.withdrawId))]) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const slot of slots) {
    const object = objectAt(value, slot);
    if (!object) continue;
    const row = byId.get(slot.withdrawId);
    setFields(object, row && isGrant(access) ? linkFields(row, access) : { ...WITHHELD, withdraw_request_withheld: withheldReason(access) ?? "read_only_access" });
  }
  return JSON.stringify(value);
}

/**
 * The redaction a route hands apiRoute when its answer holds withdraw objects at the slots it names (its
 * notes): an Idempotency-Key's stored copy drops their links, and a replay derives them again from rows re-read
 * for the caller's own merchant, with the caller's grant.
 */
export const withdrawLinkRedaction = {
  redact: (value: unknown, notes: JsonValue): void => dropSlotLinks(value, linkSlotsSchema.parse(notes)),
  restore: (text: string, notes: JsonValue, caller: { merchantId: string; linkAccess: LinkAccess }): Promise<string> =>
    restoreSlotLinks(text, linkSlotsSchema.parse(notes), caller.merchantId, caller.linkAccess),
};
