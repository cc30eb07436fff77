"use server";

import { revalidatePath } from "next/cache";
import { startChallenge } from "@/components/lnurl-auth/show-challenge";
import type { StartChallengeResult } from "@/components/lnurl-auth/types";
import { unlinkKey } from "@/lib/lnurl-auth/unlink-key";
import { requirePermission } from "@/lib/web/session";

// Every user links their own wallet for their own sign-in, whatever their role: the session decides whose.

/** A new LNURL-auth "link" k1 for the signed-in user. */
export async function startWalletLinkAction(): Promise<StartChallengeResult> {
  const account = await requirePermission("account.self");
  return startChallenge({ action: "link", userId: account.user.id });
}

export type UnlinkState = { status: "idle" } | { status: "done"; message: string };

export async function unlinkWalletAction(): Promise<UnlinkState> {
  const account = await requirePermission("account.self");
  const removed = await unlinkKey(account.user.id);
  revalidatePath("/settings");
  return { status: "done", message: removed ? "Wallet unlinked. It no longer signs you in." : "No wallet was linked." };
}
