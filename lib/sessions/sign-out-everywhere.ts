import { db } from "../db";
import type { Account } from "../merchants/get-account";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { revokeUserSessions } from "./revoke-sessions";

/** Ends every session of the signed-in user, this one included (Settings, "Sign out everywhere"). */
export async function signOutEverywhere(account: Pick<Account, "user" | "merchant">, address: string): Promise<number> {
  return db().$transaction(async (tx) => {
    const ended = await revokeUserSessions(account.user.id, {}, tx);
    await recordSecurityEvent(
      { kind: "signed_out_everywhere", merchantId: account.merchant.id, actorUserId: account.user.id, actorLabel: account.user.email, address, detail: { sessions: ended } },
      tx,
    );
    return ended;
  });
}
