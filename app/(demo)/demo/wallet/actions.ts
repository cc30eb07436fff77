"use server";

import { z } from "zod";
import type { OfferReply, PayReply, PreviewReply, ReceivedReply, ReceiveReply, WithdrawReply } from "@/components/demo-wallet/types";
import { checkReceived } from "@/lib/demo-wallet/check-received";
import type { OwnSluice } from "@/lib/lnurl-client/service-policy";
import { payInvoice } from "@/lib/demo-wallet/pay-invoice";
import { previewInvoice } from "@/lib/demo-wallet/preview-invoice";
import { receiveInvoice } from "@/lib/demo-wallet/receive-invoice";
import { resolveLnurl } from "@/lib/demo-wallet/resolve-lnurl";
import { withdrawLnurl } from "@/lib/demo-wallet/withdraw-lnurl";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { wholeSatsInput } from "@/lib/sats-input";
import { parseInput } from "@/lib/validation";
import { actionFailure } from "@/lib/web/action-errors";
import { requirePermission } from "@/lib/web/session";

// Every action is its own endpoint: each checks the sign-in and the simulator itself, as the page does.
async function guard(): Promise<OwnSluice> {
  if (env().lightning.backend !== "simulator") throw new AppError("not_found", "The demo wallet exists only on the simulated node.");
  await requirePermission("demo_wallet.use");
  return { publicUrl: env().publicUrl };
}

export async function checkLnurlAction(lnurl: string): Promise<OfferReply> {
  try {
    const offer = await resolveLnurl(String(lnurl), await guard());
    return { ok: true, description: offer.description, minSats: offer.minSats.toString(), maxSats: offer.maxSats.toString() };
  } catch (error) {
    return actionFailure(error, "demo-wallet");
  }
}

export async function withdrawLnurlAction(lnurl: string, sats: string): Promise<WithdrawReply> {
  try {
    const http = await guard();
    const amount = parseInput(z.object({ sats: wholeSatsInput }), { sats: String(sats) }).sats;
    const started = await withdrawLnurl({ lnurl: String(lnurl), sats: amount }, http);
    return { ok: true, paymentHash: started.paymentHash, amountMsat: started.amountMsat.toString() };
  } catch (error) {
    return actionFailure(error, "demo-wallet");
  }
}

export async function checkReceivedAction(paymentHash: string): Promise<ReceivedReply> {
  try {
    await guard();
    return { ok: true, settled: (await checkReceived(String(paymentHash))).settled };
  } catch (error) {
    return actionFailure(error, "demo-wallet");
  }
}

export async function previewInvoiceAction(invoice: string): Promise<PreviewReply> {
  try {
    await guard();
    const preview = previewInvoice(String(invoice));
    return {
      ok: true,
      amountMsat: preview.amountMsat?.toString() ?? null,
      description: preview.description,
      expiresAt: preview.expiresAt.toISOString(),
      expired: preview.expired,
    };
  } catch (error) {
    return actionFailure(error, "demo-wallet");
  }
}

export async function payInvoiceAction(invoice: string): Promise<PayReply> {
  try {
    await guard();
    const outcome = await payInvoice(String(invoice));
    return {
      ok: true,
      status: outcome.status,
      reason: outcome.status === "failed" ? outcome.reason : undefined,
      amountMsat: outcome.amountMsat.toString(),
    };
  } catch (error) {
    return actionFailure(error, "demo-wallet");
  }
}

const receiveForm = z.object({
  sats: wholeSatsInput,
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
});

export async function receiveInvoiceAction(sats: string, description: string): Promise<ReceiveReply> {
  try {
    await guard();
    const input = parseInput(receiveForm, { sats: String(sats), description: String(description ?? "") });
    const created = await receiveInvoice({ sats: input.sats, description: input.description || "Demo wallet" });
    return { ok: true, invoice: created.invoice, paymentHash: created.paymentHash, amountMsat: created.amountMsat.toString() };
  } catch (error) {
    return actionFailure(error, "demo-wallet");
  }
}
