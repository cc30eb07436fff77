"use server";

import { revalidatePath } from "next/cache";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { signInToService } from "@/lib/lnurl-auth-client/sign-in-to-service";
import { servicePolicy } from "@/lib/lnurl-client/service-policy";
import { formError } from "@/lib/web/action-errors";
import type { TeamFormState } from "@/lib/web/form-state";
import { requirePermission } from "@/lib/web/session";

// Reachable by anyone who knows the action's id: it checks the role on the server, and signs in through the
// same domain function as POST /api/v1/lnurlauth, for the signed-in user's merchant only.
export async function signInToServiceAction(_state: TeamFormState, form: FormData): Promise<TeamFormState> {
  const code = String(form.get("code") ?? "").trim();
  const values = { code };
  try {
    const account = await requirePermission("lnurlauth.sign");
    // The one field takes the login URL itself or its LNURL, as the API's callback and lnurl do.
    const input = /^https?:\/\//i.test(code) ? { callback: code } : { lnurl: code };
    const login = await signInToService(account.merchant.id, input, servicePolicy());
    revalidatePath("/developers/lnurl-auth");
    return { status: "done", message: `Signed in to ${login.domain} with the key ${keyFingerprint(login.linkingKey)}.` };
  } catch (error) {
    const failure = formError(error, values);
    // The API's field names (callback, lnurl) are this form's one field.
    return failure.status === "invalid" ? { ...failure, fields: { code: Object.values(failure.fields)[0] } } : failure;
  }
}
