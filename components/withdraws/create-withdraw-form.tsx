"use client";

import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { FormState } from "@/lib/web/form-state";

type Preview =
  | { ok: true; sats: string; minSats: string | null; reserve: string; rate: string; rateLabel: string }
  | { ok: false; message: string };

type Props = {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  preview: (amount: string, currency: string, minAmount: string) => Promise<Preview>;
  currencies: readonly string[];
  available: string;
};

const TTL_PRESETS = [
  { value: "600", label: "10 minutes" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "7 days" },
  { value: "custom", label: "Custom…" },
];

const selectClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

export function CreateWithdrawForm({ action, preview, currencies, available }: Props) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as FormState);
  const values = state.status === "idle" ? undefined : state.values;
  const errors = state.status === "invalid" ? state.fields : {};
  const [amount, setAmount] = useState(values?.amount ?? "");
  const [minAmount, setMinAmount] = useState(values?.minAmount ?? "");
  const [currency, setCurrency] = useState(values?.currency ?? "SATS");
  const [ttl, setTtl] = useState(values?.ttl ?? "600");
  const [quote, setQuote] = useState<Preview | null>(null);

  // The converted amount, computed by the server at the current rate, shortly after typing stops.
  useEffect(() => {
    if (amount.trim() === "") return;
    let stale = false;
    const timer = setTimeout(async () => {
      const result = await preview(amount, currency, minAmount);
      if (!stale) setQuote(result);
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [amount, minAmount, currency, preview]);
  const shown = amount.trim() === "" ? null : quote;

  return (
    <form action={formAction} className="space-y-5" noValidate>
      {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <TextField
          label="Amount"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          required
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={errors.amount}
        />
        <div className="space-y-1">
          <label htmlFor="field-currency" className="block text-sm font-medium text-slate-800">
            Currency
          </label>
          <select id="field-currency" name="currency" className={selectClass} value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          {errors.currency ? <p className="text-xs font-medium text-red-700">{errors.currency}</p> : null}
        </div>
      </div>
      <TextField
        label="Minimum (optional)"
        name="minAmount"
        inputMode="decimal"
        autoComplete="off"
        value={minAmount}
        onChange={(e) => setMinAmount(e.target.value)}
        hint="In the same currency, at most the amount. The customer's wallet then chooses any amount from the minimum up to the amount; the rest is released. Empty: exactly the amount."
        error={errors.min_amount}
      />
      <div aria-live="polite" data-testid="conversion" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200">
        {shown === null ? (
          <span>Enter an amount to see it in sats. Available: {available} sats.</span>
        ) : shown.ok ? (
          <span>
            <strong className="text-slate-900">{shown.minSats === null ? `${shown.sats} sats` : `${shown.minSats} to ${shown.sats} sats`}</strong> at{" "}
            {shown.rate} sats per {currency} ({shown.rateLabel}).{" "}
            {shown.minSats === null ? "Reserves" : "Reserves the most it can pay,"} {shown.reserve} sats with the fee limit; available: {available} sats.
          </span>
        ) : (
          <span className="text-red-700">{shown.message}</span>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="field-ttl" className="block text-sm font-medium text-slate-800">
            Expires after
          </label>
          <select id="field-ttl" name="ttl" className={selectClass} value={ttl} onChange={(e) => setTtl(e.target.value)}>
            {TTL_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        {ttl === "custom" ? (
          <TextField
            label="Seconds (180 to 31 536 000)"
            name="customTtl"
            inputMode="numeric"
            defaultValue={values?.customTtl}
            error={errors.customTtl ?? errors.ttl}
          />
        ) : null}
      </div>
      {ttl !== "custom" && errors.ttl ? <p className="text-xs font-medium text-red-700">{errors.ttl}</p> : null}
      <TextField
        label="How many alike (vouchers)"
        name="count"
        inputMode="numeric"
        defaultValue={values?.count ?? "1"}
        hint="1 to 100. More than one are created together or not at all, and open as a printable sheet."
        error={errors.count}
      />
      <TextField
        label="Statement descriptor (shown in the wallet)"
        name="descriptor"
        maxLength={140}
        defaultValue={values?.descriptor}
        error={errors.statement_descriptor}
      />
      <div className="space-y-1">
        <label htmlFor="field-metadata" className="block text-sm font-medium text-slate-800">
          Metadata (optional JSON object)
        </label>
        <textarea
          id="field-metadata"
          name="metadata"
          rows={3}
          defaultValue={values?.metadata}
          placeholder='{"order": "42"}'
          aria-invalid={errors.metadata ? true : undefined}
          className={`${selectClass} font-mono ${errors.metadata ? "border-red-600" : ""}`}
        />
        {errors.metadata ? <p className="text-xs font-medium text-red-700">{errors.metadata}</p> : null}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create withdraw"}
      </Button>
    </form>
  );
}
