"use server";

import { startChallenge } from "@/lib/lnurl-auth/start-challenge";
import type { StartChallengeResult } from "@/components/lnurl-auth/types";
import { requestAddress } from "@/lib/web/request-address";
import { createFirstOwner } from "@/lib/auth/create-first-owner";
import { isAppError } from "@/lib/errors";
import { ValidationError } from "@/lib/validation";
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
    if (isAppError(error)) return { status: "failed", message: error.message, values };
    throw error;
  }
}

/** A new LNURL-auth login k1 for the sign-in page's QR code (Sign in with Lightning). */
export async function startLightningSignInAction(): Promise<StartChallengeResult> {
  return startChallenge({ action: "login" }, await requestAddress());
}
