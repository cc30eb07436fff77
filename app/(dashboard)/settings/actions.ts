"use server";

import { revalidatePath } from "next/cache";
import { startChallenge } from "@/components/lnurl-auth/show-challenge";
import type { ConfirmLinkResult, StartChallengeResult, UnlinkState } from "@/components/lnurl-auth/types";
import { isAppError } from "@/lib/errors";
import { confirmWalletLink } from "@/lib/lnurl-auth/confirm-wallet-link";
import { unlinkWallet } from "@/lib/lnurl-auth/unlink-wallet";
import { requestAddress } from "@/lib/web/request-address";
import { requirePermission } from "@/lib/web/session";

// Every user links their own wallet for their own sign-in, whatever their role: the session decides whose.

/** A new LNURL-auth "link" k1 for the signed-in user. */
export async function startWalletLinkAction(): Promise<StartChallengeResult> {
  const account = await requirePermission("account.self");
  return startChallenge({ action: "link", userId: account.user.id }, await requestAddress());
}

/** Links the key a wallet proposed on this page's k1, given this browser's secret and the password. */
export async function confirmWalletLinkAction(input: unknown): Promise<ConfirmLinkResult> {
  const account = await requirePermission("account.self");
  try {
    await confirmWalletLink(account.user.id, input);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, message: error.message, passwordError: error.param === "password" };
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
    if (!isAppError(error)) throw error;
    return { status: "failed", message: error.message };
  }
}
