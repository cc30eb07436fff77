// What the demo wallet's server actions answer its forms. Types only: the page hands the actions to the
// components as props, and both sides name their replies from here.
import type { ActionFailure } from "@/lib/web/action-state";

/** The withdraw offer behind an LNURL, amounts in whole sats as decimal strings. */
export type OfferReply = { ok: true; description: string; minSats: string; maxSats: string } | ActionFailure;

export type WithdrawReply = { ok: true; paymentHash: string; amountMsat: string } | ActionFailure;

export type ReceivedReply = { ok: true; settled: boolean } | ActionFailure;

export type PreviewReply =
  | { ok: true; amountMsat: string | null; description: string | null; expiresAt: string; expired: boolean }
  | ActionFailure;

export type PayReply = { ok: true; status: "succeeded" | "failed" | "in_flight"; reason?: string; amountMsat: string } | ActionFailure;

export type ReceiveReply = { ok: true; invoice: string; paymentHash: string; amountMsat: string } | ActionFailure;
