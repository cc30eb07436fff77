"use server";

import { z } from "zod";
import { limitClaimAttempt } from "@/lib/claims/claim-limits";
import { claimToAddress } from "@/lib/claims/claim-to-address";
import { claimWithInvoice } from "@/lib/claims/claim-with-invoice";
import { wholeSatsInput } from "@/lib/sats-input";
import { parseInput } from "@/lib/validation";
import { actionFailure } from "@/lib/web/action-errors";
import { requestAddress } from "@/lib/web/request-address";
import type { ClaimFormState } from "@/components/claim/claim-form-state";

// No sign-in: the secret in the page's address is the capability (whoever holds it may take the withdraw),
// checked again by every action against the database, exactly as the LNURL callback checks it. Every attempt
// counts against the link and the client's address first (lib/claims/claim-limits.ts); a refused one does nothing.
const secretInput = z.string().min(20).max(100);

const invoiceForm = z.object({
  secret: secretInput,
  invoice: z.string({ error: "Paste an invoice." }).trim().min(1, "Paste an invoice.").max(4096, "That is too long to be an invoice."),
});

const typed = (form: FormData, ...names: string[]) => Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "").slice(0, 4096)]));

export async function claimWithInvoiceAction(_previous: ClaimFormState, form: FormData): Promise<ClaimFormState> {
  try {
    const data = parseInput(invoiceForm, { secret: form.get("secret") ?? undefined, invoice: form.get("invoice") ?? undefined });
    await limitClaimAttempt(data.secret, await requestAddress());
    await claimWithInvoice(data.secret, data.invoice);
    return { ok: true };
  } catch (error) {
    return { ...actionFailure(error, "claim-invoice"), values: typed(form, "invoice") };
  }
}

const addressForm = z.object({
  secret: secretInput,
  destination: z.string({ error: "Enter a Lightning Address or an LNURL." }).trim().min(1, "Enter a Lightning Address or an LNURL.").max(4000),
  amount: wholeSatsInput.optional(),
});

export async function claimToAddressAction(_previous: ClaimFormState, form: FormData): Promise<ClaimFormState> {
  try {
    const amount = form.get("amount");
    const data = parseInput(addressForm, {
      secret: form.get("secret") ?? undefined,
      destination: form.get("destination") ?? undefined,
      amount: typeof amount === "string" && amount.trim() !== "" ? amount : undefined,
    });
    await limitClaimAttempt(data.secret, await requestAddress());
    await claimToAddress({ secret: data.secret, destination: data.destination, sats: data.amount });
    return { ok: true };
  } catch (error) {
    return { ...actionFailure(error, "claim-address"), values: typed(form, "destination", "amount") };
  }
}
