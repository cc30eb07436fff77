import type { ActionFailure } from "@/lib/web/action-state";

/** What a claim form's action answers: nothing yet, claimed (the payment is on its way), or why not. */
export type ClaimFormState = { ok: true } | ActionFailure | null;
