"use server";

import { revalidatePath } from "next/cache";
import type { WebhookFormState } from "@/components/webhooks/form-state";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { setWebhookEndpointEnabled } from "@/lib/webhooks/set-endpoint-enabled";
import { resendWebhookDelivery } from "@/lib/webhooks/resend-delivery";
import { formError } from "@/lib/web/action-errors";
import { requirePermission } from "@/lib/web/session";

// Reachable by anyone who knows an action's id: each checks the role (owners and admins) on the server, and
// the domain functions scope every query to the signed-in user's merchant.

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function createEndpointAction(_state: WebhookFormState, form: FormData): Promise<WebhookFormState> {
  const events = form.getAll("events").map(String);
  const values = { url: text(form, "url"), description: text(form, "description"), events: events.join(",") };
  try {
    const account = await requirePermission("webhooks.manage");
    const created = await createWebhookEndpoint(account.merchant.id, { url: values.url, description: values.description, events });
    revalidatePath("/developers/webhooks");
    return { status: "done", message: `Added ${created.url}.`, secret: created.secret, endpointId: created.id };
  } catch (error) {
    // Errors on one event of the list ("events.0") belong to the list.
    const failure = formError(error, values);
    if (failure.status !== "invalid") return failure;
    const fields = Object.fromEntries(Object.entries(failure.fields).map(([k, v]) => [k.split(".")[0], v]));
    return { ...failure, fields };
  }
}

export async function setEndpointEnabledAction(_state: WebhookFormState, form: FormData): Promise<WebhookFormState> {
  const values = { endpointId: text(form, "endpointId"), enabled: text(form, "enabled") };
  try {
    const account = await requirePermission("webhooks.manage");
    const endpoint = await setWebhookEndpointEnabled(account.merchant.id, { endpointId: values.endpointId, enabled: values.enabled === "true" });
    revalidatePath("/developers/webhooks");
    revalidatePath(`/developers/webhooks/${endpoint.id}`);
    return { status: "done", message: endpoint.enabled ? "Enabled." : "Disabled: no new deliveries until enabled." };
  } catch (error) {
    return formError(error, values, []);
  }
}

export async function resendDeliveryAction(_state: WebhookFormState, form: FormData): Promise<WebhookFormState> {
  const values = { deliveryId: text(form, "deliveryId") };
  try {
    const account = await requirePermission("webhooks.manage");
    const result = await resendWebhookDelivery(account.merchant.id, values.deliveryId);
    revalidatePath("/developers/webhooks/[id]", "page");
    if (result.statusCode === null) {
      const error = result.error ?? "No answer.";
      return { status: "failed", message: error.startsWith("Not sent") ? error : `Sent again, no answer: ${error}`, values };
    }
    if (result.statusCode >= 200 && result.statusCode < 300) {
      return { status: "done", message: `Sent again: HTTP ${result.statusCode} in ${result.latencyMs} ms.` };
    }
    return { status: "failed", message: `Sent again: your server answered HTTP ${result.statusCode}.`, values };
  } catch (error) {
    return formError(error, values, []);
  }
}
