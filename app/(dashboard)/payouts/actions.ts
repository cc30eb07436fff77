"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { scanCode } from "@/lib/lnurl-client/scan-code";
import { serializeScan, type ScanObject } from "@/lib/lnurl-client/serialize-scan";
import { servicePolicy } from "@/lib/lnurl-client/service-policy";
import { createPayout } from "@/lib/payouts/create-payout";
import { actionFailure, formError } from "@/lib/web/action-errors";
import type { FormState } from "@/lib/web/form-state";
import { requirePermission } from "@/lib/web/session";

export type ScanPreview = { ok: true; scan: ScanObject } | { ok: false; message: string };

/** What the pasted destination is (the scan), shown before the payout can be confirmed. */
export async function previewPayoutAction(code: string): Promise<ScanPreview> {
  await requirePermission("payouts.create");
  try {
    const scan = await scanCode(code, { policy: servicePolicy(), network: env().lightning.network });
    return { ok: true, scan: serializeScan(scan) };
  } catch (error) {
    return actionFailure(error, "payout-preview");
  }
}

const FIELDS = ["destination", "amount", "currency", "comment", "descriptor"] as const;

export async function sendPayoutAction(_state: FormState, form: FormData): Promise<FormState> {
  const values = Object.fromEntries(FIELDS.map((k) => [k, String(form.get(k) ?? "").trim()]));
  let id: string;
  try {
    const account = await requirePermission("payouts.create");
    // An invoice goes as ln_invoice; anything else (an address, an LNURL) as destination.
    const isInvoice = /^(lightning:)?ln(?!url)[0-9a-z]+$/i.test(values.destination);
    const payout = await createPayout(account.merchant.id, {
      ...(isInvoice ? { ln_invoice: values.destination } : { destination: values.destination }),
      ...(values.amount ? { amount: values.amount, currency: values.currency || "SATS" } : {}),
      ...(values.comment ? { comment: values.comment } : {}),
      ...(values.descriptor ? { statement_descriptor: values.descriptor } : {}),
    });
    id = payout.id;
  } catch (error) {
    const state = formError(error, values);
    // The API's names for the destination field, shown next to the form's one field.
    if (state.status !== "invalid") return state;
    const { ln_invoice: invoice, statement_descriptor: descriptor, ...rest } = state.fields;
    const mapped: Record<string, string> = { ...rest, ...(invoice ? { destination: invoice } : {}), ...(descriptor ? { descriptor } : {}) };
    const shown = Object.fromEntries(Object.entries(mapped).filter(([field]) => (FIELDS as readonly string[]).includes(field)));
    if (Object.keys(shown).length > 0) return { status: "invalid", fields: shown, values };
    return { status: "failed", message: Object.values(mapped)[0] ?? "The payout could not be sent.", values };
  }
  revalidatePath("/payouts");
  redirect(`/payouts/${id}`);
}
