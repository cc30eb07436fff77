"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { displaySats, formatDecimal, isCurrency } from "@/lib/money";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraws } from "@/lib/withdraws/create-withdraw";
import { quoteWithdraw } from "@/lib/withdraws/quote-withdraw";
import { actionFailure, formError } from "@/lib/web/action-errors";
import type { FormState } from "@/lib/web/form-state";
import { requirePermission } from "@/lib/web/session";

export type Preview =
  | { ok: true; sats: string; minSats: string | null; reserve: string; rate: string; rateLabel: string }
  | { ok: false; message: string };

/** The live conversion the create form shows while the amount (and the optional minimum) is typed. */
export async function previewWithdrawAction(amount: string, currency: string, minAmount = ""): Promise<Preview> {
  await requirePermission("withdraws.create");
  if (!isCurrency(currency)) return { ok: false, message: "Choose a currency." };
  try {
    const quote = await quoteWithdraw(amount, currency, String(minAmount).trim() || null);
    return {
      ok: true,
      sats: displaySats(quote.targetMsat),
      minSats: quote.minTargetMsat === null ? null : displaySats(quote.minTargetMsat),
      reserve: displaySats(quote.targetMsat + quote.feeLimitMsat),
      rate: formatDecimal(quote.exchangeRate),
      rateLabel: quote.rateLabel,
    };
  } catch (error) {
    return actionFailure(error, "withdraw-preview");
  }
}

export async function createWithdrawAction(_state: FormState, form: FormData): Promise<FormState> {
  const values = Object.fromEntries(["amount", "minAmount", "currency", "ttl", "customTtl", "descriptor", "metadata", "count"].map((k) => [k, String(form.get(k) ?? "")]));
  let ids: string[];
  try {
    const account = await requirePermission("withdraws.create");
    const metadata = values.metadata.trim() === "" ? undefined : parseMetadata(values.metadata);
    if (metadata === null) return { status: "invalid", fields: { metadata: "Metadata must be a JSON object, like {\"order\": \"42\"}." }, values };
    const ttl = Number(values.ttl === "custom" ? values.customTtl : values.ttl);
    const count = values.count.trim() === "" ? 1 : Number(values.count);
    const created = await createWithdraws(account.merchant.id, {
      amount: values.amount.trim(),
      ...(values.minAmount.trim() ? { min_amount: values.minAmount.trim() } : {}),
      currency: values.currency,
      ttl: Number.isFinite(ttl) ? ttl : values.ttl,
      ...(values.descriptor.trim() ? { statement_descriptor: values.descriptor } : {}),
      ...(metadata ? { metadata } : {}),
    }, count);
    ids = created.map((w) => w.id);
  } catch (error) {
    const state = formError(error, values);
    if (state.status === "invalid" && state.fields.ttl && values.ttl === "custom") state.fields.customTtl = state.fields.ttl;
    return state;
  }
  revalidatePath("/withdraws");
  redirect(ids.length === 1 ? `/withdraws/${ids[0]}` : `/withdraws/vouchers?${ids.map((id) => `id=${id}`).join("&")}`);
}

function parseMetadata(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function cancelWithdrawAction(id: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const account = await requirePermission("withdraws.cancel");
    await cancelWithdraw(account.merchant.id, id);
  } catch (error) {
    return actionFailure(error, "withdraw-cancel");
  }
  revalidatePath(`/withdraws/${id}`);
  revalidatePath("/withdraws");
  return { ok: true };
}
