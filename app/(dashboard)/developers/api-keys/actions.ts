"use server";

import { revalidatePath } from "next/cache";
import { createApiKeyAs, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { formError } from "@/lib/web/action-errors";
import type { ApiKeyFormState } from "@/lib/web/form-state";
import { requirePermission } from "@/lib/web/session";

// Reachable by anyone who knows the action's id: the domain functions check the role in the database.

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function createKeyAction(_state: ApiKeyFormState, form: FormData): Promise<ApiKeyFormState> {
  const account = await requirePermission("api_keys.manage");
  const values = { name: text(form, "name"), scope: text(form, "scope") };
  try {
    const created = await createApiKeyAs(account, values);
    revalidatePath("/developers/api-keys");
    return { status: "created", key: created.key, name: created.name, scope: created.scope };
  } catch (error) {
    return formError(error, values, ["name", "scope"]);
  }
}

export async function revokeKeyAction(_state: ApiKeyFormState, form: FormData): Promise<ApiKeyFormState> {
  const account = await requirePermission("api_keys.manage");
  const values = { keyId: text(form, "keyId") };
  try {
    const key = await revokeApiKey(account, values);
    revalidatePath("/developers/api-keys");
    return { status: "done", message: `Revoked "${key.name}". Requests with it now get 401.` };
  } catch (error) {
    return formError(error, values, []);
  }
}
