"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { OfferReply, ReceivedReply, WithdrawReply } from "./types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/text-area";
import { TextField } from "@/components/ui/text-field";
import { displaySats, satsToMsat } from "@/lib/money";

type Offer = Extract<OfferReply, { ok: true }>;
type Props = {
  check: (lnurl: string) => Promise<OfferReply>;
  withdraw: (lnurl: string, sats: string) => Promise<WithdrawReply>;
  received: (paymentHash: string) => Promise<ReceivedReply>;
};
type Outcome =
  | { kind: "none" }
  | { kind: "error"; message: string; field?: string }
  | { kind: "refused"; reason: string }
  | { kind: "waiting"; paymentHash: string; amountMsat: string }
  | { kind: "received"; amountMsat: string }
  | { kind: "slow"; amountMsat: string };

const POLL_MS = 1500;
const GIVE_UP_AFTER_MS = 120_000;
const sats = (value: string) => displaySats(satsToMsat(BigInt(value)));

export function LnurlWithdraw({ check, withdraw, received }: Props) {
  const router = useRouter();
  const [lnurl, setLnurl] = useState("");
  const [offer, setOffer] = useState<Offer | null>(null);
  const [amount, setAmount] = useState("");
  const [busy, setBusy] = useState<"checking" | "withdrawing" | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "none" });

  const waitingHash = outcome.kind === "waiting" ? outcome.paymentHash : null;
  const waitingAmount = outcome.kind === "waiting" ? outcome.amountMsat : "";
  useEffect(() => {
    if (!waitingHash) return;
    const started = Date.now();
    let stopped = false;
    const timer = setInterval(async () => {
      const reply = await received(waitingHash).catch(() => null);
      if (stopped) return;
      if (reply?.ok && reply.settled) {
        setOutcome({ kind: "received", amountMsat: waitingAmount });
        router.refresh();
      } else if (Date.now() - started > GIVE_UP_AFTER_MS) {
        setOutcome({ kind: "slow", amountMsat: waitingAmount });
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [waitingHash, waitingAmount, received, router]);

  async function onCheck(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy("checking");
    setOffer(null);
    setOutcome({ kind: "none" });
    try {
      const reply = await check(lnurl);
      if (reply.ok) {
        setOffer(reply);
        setAmount(reply.maxSats);
      } else if (reply.refused) setOutcome({ kind: "refused", reason: reply.message });
      else setOutcome({ kind: "error", message: reply.message, field: "lnurl" });
    } catch {
      setOutcome({ kind: "error", message: "Sluice could not be reached. Try again." });
    } finally {
      setBusy(null);
    }
  }

  async function onWithdraw(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy("withdrawing");
    setOutcome({ kind: "none" });
    try {
      const reply = await withdraw(lnurl, amount);
      if (reply.ok) setOutcome({ kind: "waiting", paymentHash: reply.paymentHash, amountMsat: reply.amountMsat });
      else if (reply.refused) setOutcome({ kind: "refused", reason: reply.message });
      else setOutcome({ kind: "error", message: reply.message, field: reply.field });
    } catch {
      setOutcome({ kind: "error", message: "Sluice could not be reached. Try again." });
    } finally {
      setBusy(null);
    }
  }

  const fieldError = (name: string) => (outcome.kind === "error" && outcome.field === name ? outcome.message : undefined);
  const done = outcome.kind === "waiting" || outcome.kind === "received";

  return (
    <div className="space-y-5">
      <form onSubmit={onCheck} className="space-y-3" noValidate>
        <TextArea
          label="LNURL"
          name="lnurl"
          rows={3}
          value={lnurl}
          onChange={(e) => {
            setLnurl(e.target.value);
            setOffer(null);
            setOutcome({ kind: "none" });
          }}
          placeholder="LNURL1…, lightning:LNURL1… or lnurlw://…"
          spellCheck={false}
          autoComplete="off"
          hint="Paste a withdraw link, as a customer scans it from the QR code."
          error={fieldError("lnurl")}
        />
        <Button type="submit" variant="secondary" disabled={busy !== null || lnurl.trim() === ""}>
          {busy === "checking" ? "Checking…" : "Check"}
        </Button>
      </form>

      {offer ? (
        <form onSubmit={onWithdraw} className="space-y-4 rounded-md border border-slate-200 bg-slate-50 p-4" noValidate aria-label="Withdraw offer">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Description</dt>
            <dd className="break-words font-medium" data-testid="offer-description">
              {offer.description || "(none)"}
            </dd>
            <dt className="text-slate-600">Amount offered</dt>
            <dd data-testid="offer-range">
              {offer.minSats === offer.maxSats ? `${sats(offer.maxSats)} sats` : `${sats(offer.minSats)} to ${sats(offer.maxSats)} sats`}
            </dd>
          </dl>
          <TextField
            label="Amount to withdraw (sats)"
            name="sats"
            inputMode="numeric"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={fieldError("sats")}
            disabled={done}
          />
          <Button type="submit" disabled={busy !== null || done}>
            {busy === "withdrawing" ? "Asking the service…" : "Withdraw"}
          </Button>
        </form>
      ) : null}

      <div aria-live="polite">
        {outcome.kind === "error" && !outcome.field ? <Alert tone="error">{outcome.message}</Alert> : null}
        {outcome.kind === "refused" ? (
          <Alert tone="error">
            The service refused: <span className="font-medium">{outcome.reason}</span>
          </Alert>
        ) : null}
        {outcome.kind === "waiting" ? (
          <Alert>The service answered OK. Waiting for the payment of {displaySats(BigInt(outcome.amountMsat))} sats…</Alert>
        ) : null}
        {outcome.kind === "received" ? (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm font-semibold text-emerald-900">
            Received {displaySats(BigInt(outcome.amountMsat))} sats.
          </p>
        ) : null}
        {outcome.kind === "slow" ? (
          <Alert tone="warning">
            The service said OK, but {displaySats(BigInt(outcome.amountMsat))} sats have not arrived after two minutes. The payment may still
            be in flight.
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
