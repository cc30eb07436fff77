import type { ActionFailure } from "@/lib/web/action-state";

/** What a claim form's action answers: nothing yet, claimed (the payment is on its way), or why not, with what
 *  was typed (React resets a form after its action, so the fields are filled again from these). */
export type ClaimFormState = { ok: true } | (ActionFailure & { values: Record<string, string> }) | null;
