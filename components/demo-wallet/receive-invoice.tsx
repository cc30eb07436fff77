"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/text-field";
import { displaySats } from "@/lib/money";
import type { ReceivedReply, ReceiveReply } from "./types";

type Failure = Extract<ReceiveReply, { ok: false }>;
type Created = Extract<ReceiveReply, { ok: true }>;
type Props = {
  create: (sats: string, description: string) => Promise<ReceiveReply>;
  received: (paymentHash: string) => Promise<ReceivedReply>;
};

const POLL_MS = 1500;

/** Receive: an invoice of the demo wallet to paste where invoices are paid, and whether it has been paid. */
export function ReceiveInvoice({ create, received }: Props) {
  const router = useRouter();
  const [sats, setSats] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const [invoice, setInvoice] = useState<Created | null>(null);
  const [paid, setPaid] = useState(false);

  const waiting = invoice && !paid ? invoice.paymentHash : null;
  useEffect(() => {
    if (!waiting) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const reply = await received(waiting).catch(() => null);
      if (!stopped && reply?.ok && reply.settled) {
        setPaid(true);
        router.refresh();
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [waiting, received, router]);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setInvoice(null);
    setPaid(false);
    try {
      const reply = await create(sats, description);
      if (reply.ok) setInvoice(reply);
      else setError(reply);
    } catch {
      setError({ ok: false, message: "Sluice could not be reached. Try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onCreate} className="space-y-3" noValidate>
        <TextField label="Amount to receive (sats)" name="receive-sats" inputMode="numeric" value={sats} onChange={(e) => setSats(e.target.value)} error={error?.field === "sats" ? error.message : undefined} />
        <TextField label="Description (optional)" name="receive-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        <Button type="submit" variant="secondary" disabled={busy || sats.trim() === ""}>
          {busy ? "Creating…" : "Create invoice"}
        </Button>
      </form>
      {error && error.field !== "sats" ? <Alert tone="error">{error.message}</Alert> : null}
      {invoice ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">Invoice for {displaySats(BigInt(invoice.amountMsat))} sats:</p>
          <code data-testid="demo-receive-invoice" className="block break-all rounded bg-slate-100 px-2 py-1.5 font-mono text-xs text-slate-800">
            {invoice.invoice}
          </code>
          <CopyButton value={invoice.invoice} label="Copy invoice" />
          <div aria-live="polite">
            {paid ? <Alert>Received {displaySats(BigInt(invoice.amountMsat))} sats.</Alert> : <p className="text-sm text-slate-600">Waiting for payment…</p>}
          </div>
        </div>
      ) : null}
    </div>
  );
}
