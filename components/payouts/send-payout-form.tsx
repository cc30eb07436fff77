"use client";

// Send payout: paste an invoice, a Lightning Address or an LNURL-pay, preview what it is (the scan), then
// confirm. Nothing can be sent before the preview of exactly the destination in the box has succeeded.
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextArea } from "@/components/ui/text-area";
import { TextField } from "@/components/ui/text-field";
import type { ScanObject } from "@/lib/lnurl-client/serialize-scan";
import type { FormState } from "@/lib/web/form-state";
import { msatAsSats } from "./format";
import { ScanSummary } from "./scan-summary";

type ScanPreview = { ok: true; scan: ScanObject } | { ok: false; message: string };

type Props = {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  preview: (code: string) => Promise<ScanPreview>;
  currencies: readonly string[];
  available: string;
  network: string;
};

function refusal(scan: ScanObject, network: string, now: number): string | null {
  if (scan.kind === "withdraw") return "This is an LNURL-withdraw link: it pays you, it cannot be paid. Ask for an invoice or a Lightning Address.";
  if (scan.kind === "auth") return "This is a sign-in (LNURL-auth) link, not something that can be paid.";
  const invoice = scan.invoice;
  if (invoice && !invoice.payable) return `This invoice is for ${invoice.network}; this node pays on ${network}.`;
  if (invoice && (invoice.expired || invoice.expires_at <= now)) return "This invoice has expired. Ask the payee for a new one.";
  return null;
}

export function SendPayoutForm({ action, preview, currencies, available, network }: Props) {
  const [state, formAction, sending] = useActionState(action, { status: "idle" } as FormState);
  const values = state.status === "idle" ? undefined : state.values;
  const errors = state.status === "invalid" ? state.fields : {};
  const [destination, setDestination] = useState(values?.destination ?? "");
  const [checked, setChecked] = useState<{ code: string; result: ScanPreview; at: number } | null>(null);
  const [checking, setChecking] = useState(false);

  async function check() {
    const code = destination.trim();
    if (!code) {
      setChecked({ code, result: { ok: false, message: "Paste an invoice, a Lightning Address or an LNURL first." }, at: Date.now() });
      return;
    }
    setChecking(true);
    try {
      setChecked({ code, result: await preview(code), at: Date.now() });
    } finally {
      setChecking(false);
    }
  }

  const current = checked && checked.code === destination.trim() ? checked : null;
  const scan = current?.result.ok ? current.result.scan : null;
  const blocked = scan ? refusal(scan, network, current!.at) : null;
  const ready = scan !== null && blocked === null;
  const invoiceAmount = scan?.invoice?.amount_msat ?? null;
  const needsAmount = scan?.kind === "pay" || (scan?.kind === "invoice" && invoiceAmount === null);

  return (
    <form action={formAction} className="space-y-5" noValidate>
      {state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
      <TextArea
        label="Pay to"
        name="destination"
        rows={3}
        required
        autoComplete="off"
        spellCheck={false}
        placeholder="lnbc…, user@domain.com or LNURL1…"
        hint="A BOLT 11 invoice, a Lightning Address or an LNURL-pay."
        value={destination}
        onChange={(e) => setDestination(e.target.value)}
        error={errors.destination}
      />
      <Button type="button" variant="secondary" onClick={() => void check()} disabled={checking}>
        {checking ? "Checking…" : "Preview"}
      </Button>

      <div aria-live="polite" className="space-y-3">
        {current && !current.result.ok ? <Alert tone="error">{current.result.message}</Alert> : null}
        {scan ? (
          <div className="rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
            <h2 className="mb-3 text-sm font-semibold text-slate-700">Preview</h2>
            <ScanSummary scan={scan} now={current!.at} />
          </div>
        ) : null}
        {blocked ? <Alert tone="warning">{blocked}</Alert> : null}
      </div>

      {ready ? (
        <div className="space-y-5 border-t border-slate-200 pt-5">
          {needsAmount ? (
            <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
              <TextField label="Amount" name="amount" inputMode="decimal" autoComplete="off" required defaultValue={values?.amount} error={errors.amount} />
              <SelectField
                label="Currency"
                name="currency"
                defaultValue={values?.currency ?? "SATS"}
                options={currencies.map((c) => ({ value: c, label: c }))}
                error={errors.currency}
              />
            </div>
          ) : (
            errors.amount ? <Alert tone="error">{errors.amount}</Alert> : null
          )}
          {scan?.kind === "pay" && (scan.comment_allowed ?? 0) > 0 ? (
            <TextField
              label="Comment for the payee (optional)"
              name="comment"
              maxLength={scan.comment_allowed ?? undefined}
              defaultValue={values?.comment}
              hint={`At most ${scan.comment_allowed} characters.`}
              error={errors.comment}
            />
          ) : null}
          <TextField label="Statement descriptor (your reference, optional)" name="descriptor" maxLength={140} defaultValue={values?.descriptor} error={errors.descriptor} />
          <p className="text-sm text-slate-700">
            The amount plus the routing-fee limit is reserved from your balance until the payment ends. Available: {available} sats.
          </p>
          <Button type="submit" disabled={sending}>
            {sending ? "Sending…" : invoiceAmount !== null ? `Confirm and pay ${msatAsSats(invoiceAmount)} sats` : "Confirm and send"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
