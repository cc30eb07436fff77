"use server";

import { revalidatePath } from "next/cache";
import { startChallenge } from "@/lib/lnurl-auth/start-challenge";
import type { ConfirmLinkResult, StartChallengeResult, UnlinkState } from "@/components/lnurl-auth/types";
import { confirmWalletLink } from "@/lib/lnurl-auth/confirm-wallet-link";
import { unlinkWallet } from "@/lib/lnurl-auth/unlink-wallet";
import { requestAddress } from "@/lib/web/request-address";
import { changePassword } from "@/lib/auth/change-password";
import { signOutEverywhere } from "@/lib/sessions/sign-out-everywhere";
import { actionFailure, formError } from "@/lib/web/action-errors";
import type { TeamFormState } from "@/lib/web/form-state";
import { requirePermission } from "@/lib/web/session";

// Every user links their own wallet for their own sign-in, whatever their role: the session decides whose.

/** A new LNURL-auth "link" k1 for the signed-in user. */
export async function startWalletLinkAction(): Promise<StartChallengeResult> {
  const account = await requirePermission("account.self");
  try {
    return await startChallenge({ action: "link", userId: account.user.id }, await requestAddress());
  } catch (error) {
    return actionFailure(error, "lnurl-auth-challenge");
  }
}

/** Links the key a wallet proposed on this page's k1, given this browser's secret and the password. */
export async function confirmWalletLinkAction(input: unknown): Promise<ConfirmLinkResult> {
  const account = await requirePermission("account.self");
  try {
    await confirmWalletLink(account.user.id, input);
  } catch (error) {
    const failure = actionFailure(error, "wallet-link");
    return { ok: false, message: failure.message, passwordError: failure.field === "password" };
  }
  revalidatePath("/settings");
  return { ok: true };
}

export async function unlinkWalletAction(_previous: UnlinkState, form: FormData): Promise<UnlinkState> {
  const account = await requirePermission("account.self");
  try {
    const { unlinked } = await unlinkWallet(account.user.id, { password: form.get("password") ?? undefined });
    revalidatePath("/settings");
    return { status: "done", message: unlinked ? "Wallet unlinked. It no longer signs you in." : "No wallet was linked." };
  } catch (error) {
    return { status: "failed", message: actionFailure(error, "wallet-unlink").message };
  }
}

/** Changes the signed-in user's password (with the current one); their other sessions end. */
export async function changePasswordAction(_state: TeamFormState, form: FormData): Promise<TeamFormState> {
  const account = await requirePermission("account.self");
  const input = {
    currentPassword: String(form.get("currentPassword") ?? ""),
    newPassword: String(form.get("newPassword") ?? ""),
    confirmPassword: String(form.get("confirmPassword") ?? ""),
  };
  try {
    const ended = await changePassword(account, input, await requestAddress());
    const others = ended === 0 ? "" : ended === 1 ? " Your other session has been signed out." : ` Your ${ended} other sessions have been signed out.`;
    return { status: "done", message: `Password changed.${others}` };
  } catch (error) {
    // Passwords are never sent back to the form.
    return formError(error, {}, ["currentPassword", "newPassword", "confirmPassword"]);
  }
}

export type SignOutEverywhereState = { status: "idle" } | { status: "done"; ended: number };

/** Ends every session of the signed-in user, this one included; the page then clears this browser's cookie. */
export async function signOutEverywhereAction(): Promise<SignOutEverywhereState> {
  const account = await requirePermission("account.self");
  const ended = await signOutEverywhere(account, await requestAddress());
  return { status: "done", ended };
}
