"use server";

import { startChallenge } from "@/lib/lnurl-auth/start-challenge";
import type { StartChallengeResult } from "@/components/lnurl-auth/types";
import { requestAddress } from "@/lib/web/request-address";
import { createFirstOwner } from "@/lib/auth/create-first-owner";
import { ValidationError } from "@/lib/validation";
import { actionFailure } from "@/lib/web/action-errors";
import type { FirstOwnerState } from "@/lib/web/form-state";

export async function createFirstOwnerAction(_state: FirstOwnerState, form: FormData): Promise<FirstOwnerState> {
  const values = {
    merchantName: String(form.get("merchantName") ?? ""),
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
  };
  try {
    await createFirstOwner({ ...values, password: String(form.get("password") ?? "") });
    return { status: "created" };
  } catch (error) {
    if (error instanceof ValidationError) return { status: "invalid", fields: error.fields, values };
    return { status: "failed", message: actionFailure(error, "first-owner").message, values };
  }
}

/** A new LNURL-auth login k1 for the sign-in page's QR code (Sign in with Lightning). */
export async function startLightningSignInAction(): Promise<StartChallengeResult> {
  try {
    return await startChallenge({ action: "login" }, await requestAddress());
  } catch (error) {
    return actionFailure(error, "lnurl-auth-challenge");
  }
}
