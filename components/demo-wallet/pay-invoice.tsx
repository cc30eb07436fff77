"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { PayReply, PreviewReply } from "./types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/text-area";
import { displaySats } from "@/lib/money";

type Preview = Extract<PreviewReply, { ok: true }>;
type Props = { preview: (invoice: string) => Promise<PreviewReply>; pay: (invoice: string) => Promise<PayReply> };
type Result = { kind: "none" } | { kind: "error"; message: string } | { kind: "paid"; amountMsat: string } | { kind: "pending" };

export function PayInvoice({ preview, pay }: Props) {
  const router = useRouter();
  const [invoice, setInvoice] = useState("");
  const [decoded, setDecoded] = useState<Preview | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState<"preview" | "pay" | null>(null);
  const [result, setResult] = useState<Result>({ kind: "none" });

  async function onPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy("preview");
    setDecoded(null);
    setFieldError(undefined);
    setResult({ kind: "none" });
    try {
      const reply = await preview(invoice);
      if (reply.ok) setDecoded(reply);
      else setFieldError(reply.message);
    } catch {
      setResult({ kind: "error", message: "Sluice could not be reached. Try again." });
    } finally {
      setBusy(null);
    }
  }

  async function onPay() {
    setBusy("pay");
    setResult({ kind: "none" });
    try {
      const reply = await pay(invoice);
      if (!reply.ok) setResult({ kind: "error", message: reply.message });
      else if (reply.status === "succeeded") {
        setResult({ kind: "paid", amountMsat: reply.amountMsat });
        router.refresh();
      } else if (reply.status === "failed") setResult({ kind: "error", message: `The payment failed: ${reply.reason ?? "no reason given"}` });
      else setResult({ kind: "pending" });
    } catch {
      setResult({ kind: "error", message: "Sluice could not be reached. Try again." });
    } finally {
      setBusy(null);
    }
  }

  const payable = decoded && decoded.amountMsat !== null && !decoded.expired && result.kind !== "paid";

  return (
    <div className="space-y-5">
      <form onSubmit={onPreview} className="space-y-3" noValidate>
        <TextArea
          label="Lightning invoice"
          name="invoice"
          rows={4}
          value={invoice}
          onChange={(e) => {
            setInvoice(e.target.value);
            setDecoded(null);
            setFieldError(undefined);
            setResult({ kind: "none" });
          }}
          placeholder="lnbcrt…"
          spellCheck={false}
          autoComplete="off"
          hint="For example the deposit invoice on your Balance page."
          error={fieldError}
        />
        <Button type="submit" variant="secondary" disabled={busy !== null || invoice.trim() === ""}>
          {busy === "preview" ? "Reading…" : "Preview"}
        </Button>
      </form>

      {decoded ? (
        <div className="space-y-4 rounded-md border border-slate-200 bg-slate-50 p-4" data-testid="invoice-preview">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Amount</dt>
            <dd className="font-medium" data-testid="invoice-amount">
              {decoded.amountMsat === null ? "Not set (the demo wallet cannot pay this)" : `${displaySats(BigInt(decoded.amountMsat))} sats`}
            </dd>
            <dt className="text-slate-600">Description</dt>
            <dd className="break-words">{decoded.description ?? "(none)"}</dd>
            <dt className="text-slate-600">{decoded.expired ? "Expired" : "Expires"}</dt>
            <dd className={decoded.expired ? "font-medium text-red-700" : undefined}>
              {`${decoded.expiresAt.slice(0, 19).replace("T", " ")} UTC`}
            </dd>
          </dl>
          {payable ? (
            <Button type="button" onClick={() => void onPay()} disabled={busy !== null}>
              {busy === "pay" ? "Paying…" : `Pay ${displaySats(BigInt(decoded.amountMsat!))} sats`}
            </Button>
          ) : null}
        </div>
      ) : null}

      <div aria-live="polite">
        {result.kind === "error" ? <Alert tone="error">{result.message}</Alert> : null}
        {result.kind === "paid" ? (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm font-semibold text-emerald-900">
            Paid {displaySats(BigInt(result.amountMsat))} sats.
          </p>
        ) : null}
        {result.kind === "pending" ? <Alert tone="warning">The payment is still in flight.</Alert> : null}
      </div>
    </div>
  );
}
