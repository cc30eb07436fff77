"use client";

import { useActionState, useEffect, useId } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/text-area";
import { TextField } from "@/components/ui/text-field";
import type { ClaimFormState } from "./claim-form-state";

type Action = (previous: ClaimFormState, form: FormData) => Promise<ClaimFormState>;

/** After a successful claim the page shows the payment's progress (its server data says "being paid"). */
function useClaimed(state: ClaimFormState) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

/** A failure that belongs to no field of the form (the service is unreachable, the withdraw went meanwhile). */
function generalFailure(state: ClaimFormState, fields: string[]): string | null {
  return state && !state.ok && !state.refused && !fields.includes(state.field ?? "") ? state.message : null;
}

const fieldError = (state: ClaimFormState, ...fields: string[]) => (state && !state.ok && state.field && fields.includes(state.field) ? state.message : undefined);
const typedValue = (state: ClaimFormState, name: string) => (state && !state.ok ? state.values[name] : undefined);
// A refusal of the claim itself (wrong amount, expired invoice, already used) belongs to the invoice field.
const invoiceError = (state: ClaimFormState) => fieldError(state, "invoice") ?? (state && !state.ok && state.refused ? state.message : undefined);

export function InvoiceClaimForm({ secret, action, rangeText }: { secret: string; action: Action; rangeText: string }) {
  const [state, submit, pending] = useActionState(action, null);
  useClaimed(state);
  const id = useId();
  return (
    <form action={submit} className="space-y-3" aria-describedby={`${id}-about`}>
      <p id={`${id}-about`} className="text-sm text-slate-700">
        Create an invoice for {rangeText} in your wallet and paste it here.
      </p>
      <input type="hidden" name="secret" value={secret} />
      <TextArea label="Invoice" name="invoice" id={`${id}-invoice`} rows={4} required spellCheck={false} autoComplete="off" placeholder="lnbc…" defaultValue={typedValue(state, "invoice")} error={invoiceError(state)} />
      {generalFailure(state, ["invoice"]) ? <Alert tone="error">{generalFailure(state, ["invoice"])}</Alert> : null}
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Checking…" : "Get paid to this invoice"}
      </Button>
    </form>
  );
}

export function AddressClaimForm({ secret, action, range }: { secret: string; action: Action; range: { minSats: string; maxSats: string } | null }) {
  const [state, submit, pending] = useActionState(action, null);
  useClaimed(state);
  const id = useId();
  return (
    <form action={submit} className="space-y-3">
      <input type="hidden" name="secret" value={secret} />
      <TextField
        label="Lightning Address or LNURL-pay"
        name="destination"
        id={`${id}-destination`}
        required
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="you@wallet.example"
        defaultValue={typedValue(state, "destination")}
        hint="Sluice asks your wallet's service for an invoice and pays it."
        error={fieldError(state, "destination") ?? (state && !state.ok && state.refused ? state.message : undefined)}
      />
      {range ? (
        <TextField
          label="Amount (sats)"
          name="amount"
          id={`${id}-amount`}
          inputMode="numeric"
          defaultValue={typedValue(state, "amount") ?? range.maxSats}
          hint={`Between ${range.minSats} and ${range.maxSats} sats.`}
          error={fieldError(state, "amount")}
        />
      ) : null}
      {generalFailure(state, ["destination", "amount"]) ? <Alert tone="error">{generalFailure(state, ["destination", "amount"])}</Alert> : null}
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Asking your wallet's service…" : "Send to this address"}
      </Button>
    </form>
  );
}
