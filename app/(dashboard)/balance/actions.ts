"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createDeposit } from "@/lib/deposits/create-deposit";
import type { DepositView } from "@/lib/deposits/get-deposit";
import { refreshDeposit } from "@/lib/deposits/refresh-deposit";
import { requestDeposit } from "@/lib/deposits/request-deposit";
import { wholeSatsInput } from "@/lib/sats-input";
import { parseInput } from "@/lib/validation";
import { actionFailure } from "@/lib/web/action-errors";
import type { ActionFailure } from "@/lib/web/action-state";
import { requirePermission } from "@/lib/web/session";

export type AddFundsState = { ok: true } | ActionFailure;

/** Creates a deposit invoice and opens it on the balance page. Owners and admins only. */
export async function addFundsAction(_state: AddFundsState, form: FormData): Promise<AddFundsState> {
  let depositId: string;
  try {
    const account = await requirePermission("deposits.create");
    const { sats } = parseInput(z.object({ sats: wholeSatsInput }), { sats: String(form.get("sats") ?? "") });
    depositId = (await createDeposit({ merchantId: account.merchant.id, sats })).id;
  } catch (error) {
    return actionFailure(error, "add-funds");
  }
  redirect(`/balance?deposit=${depositId}`);
}

/**
 * Receives funds from another service's LNURL-withdraw link (the code is used for this one request and never
 * kept), then opens the deposit on the balance page. Owners and admins only.
 */
export type ReceiveLnurlState = { ok: true } | (ActionFailure & { values: { lnurl: string; amount: string } });

export async function receiveLnurlAction(_state: ReceiveLnurlState, form: FormData): Promise<ReceiveLnurlState> {
  let depositId: string;
  // Handed back to the same browser so a correction does not mean pasting again; never stored.
  const values = { lnurl: String(form.get("lnurl") ?? ""), amount: String(form.get("amount") ?? "").trim() };
  try {
    const account = await requirePermission("deposits.create");
    const amount = values.amount ? parseInput(z.object({ amount: wholeSatsInput }), { amount: values.amount }).amount.toString() : undefined;
    const deposit = await requestDeposit(account.merchant.id, { lnurl: values.lnurl, amount, currency: "SATS" });
    depositId = deposit.id;
  } catch (error) {
    return { ...actionFailure(error, "receive-lnurl"), values };
  }
  redirect(`/balance?deposit=${depositId}`);
}

export type DepositStatusReply = { ok: true; status: DepositView["status"] } | ActionFailure;

/** The deposit page's poll: settles this one deposit if its invoice was paid, then reports its status. */
export async function depositStatusAction(depositId: string): Promise<DepositStatusReply> {
  try {
    const account = await requirePermission("balance.read");
    const deposit = await refreshDeposit(account.merchant.id, String(depositId));
    return { ok: true, status: deposit.status };
  } catch (error) {
    return actionFailure(error, "deposit-status");
  }
}
