// What the webhook settings' server actions return to their forms.
import type { FormValues } from "@/lib/web/form-state";

export type WebhookFormState =
  | { status: "idle"; values?: FormValues }
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues }
  | { status: "done"; message: string; values?: FormValues; secret?: string; endpointId?: string };

export type WebhookAction = (state: WebhookFormState, form: FormData) => Promise<WebhookFormState>;

export const EVENT_LABELS: Record<string, string> = {
  "withdraw.paid": "A withdraw was paid",
  "withdraw.expired": "A withdraw expired unpaid",
  "withdraw.cancelled": "A withdraw was cancelled",
  "withdraw.payment_failed": "A payment attempt failed (the withdraw stays open)",
  "payout.paid": "A payout was paid",
  "payout.failed": "A payout failed (its reservation is released)",
  "deposit.paid": "A deposit was paid and credited to the balance",
};
