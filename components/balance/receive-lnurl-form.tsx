"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ActionFailure } from "@/lib/web/action-state";

type State = { ok: true } | (ActionFailure & { values: { lnurl: string; amount: string } });
type Action = (state: State, form: FormData) => Promise<State>;

/** Balance → Add funds: pull funds from another service's LNURL-withdraw link (a voucher, an LNbits link). */
export function ReceiveLnurlForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { ok: true } as State);
  const failure = state.ok ? null : state;
  const fieldError = (name: string) => (failure?.field === name ? failure.message : undefined);
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Receive from an LNURL-withdraw link">
      {failure && failure.field !== "lnurl" && failure.field !== "amount" ? <Alert tone="error">{failure.message}</Alert> : null}
      <TextField
        label="LNURL-withdraw link"
        name="lnurl"
        autoComplete="off"
        spellCheck={false}
        placeholder="lnurl1… or lnurlw://…"
        required
        defaultValue={failure?.values.lnurl}
        error={fieldError("lnurl")}
        hint="Sluice reads what the link offers, invoices your node and asks the service to pay. The link itself is not kept."
      />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="sm:w-56">
          <TextField
            label="Amount (sats, optional)"
            name="amount"
            inputMode="numeric"
            autoComplete="off"
            placeholder="the most it offers"
            defaultValue={failure?.values.amount}
            error={fieldError("amount")}
            hint="Leave empty to receive the most the link offers."
          />
        </div>
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? "Receiving…" : "Receive funds"}
        </Button>
      </div>
    </form>
  );
}
