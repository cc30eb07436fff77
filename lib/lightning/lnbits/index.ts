// LNbits over its wallet API. The invoice key creates and reads invoices and the balance; the admin key pays
// and reads back what it paid. LNbits answers a payment lookup only within the wallet of the key it is asked
// with, so a payment is always looked up with the key that paid it: then "Payment does not exist." means the
// paying wallet has no record of it, which (after the payment timeout) is the only sure sign it was never sent.
// LNbits has no node-info call: the network and the node's key are read off an invoice it signs.
import { decodeInvoice, type Network } from "../../bolt11";
import { readInvoicePrefix } from "../../bolt11/hrp";
import { isWholeSats, msatFromJsonNumber, msatToSatsNumber } from "../../money";
import { BackendError, errorDetail, parseAnswer, requestJson, requireOk, type HttpAnswer, type HttpTarget } from "../http";
import type { LightningBackend, NodeInfo, PaymentLookup, PaymentOutcome } from "../types";
import { checkWalletKeys } from "./check-wallet-keys";
import { lnbitsCreatedInvoice, lnbitsPaid, lnbitsPaymentError, lnbitsPaymentStatus, lnbitsWallet } from "./shapes";

export type LnbitsConfig = { url: string; adminKey: string; invoiceKey: string; network: Network; timeoutMs?: number };

const abs = (v: number) => msatFromJsonNumber(Math.abs(v));

/**
 * requireOk, knowing how LNbits refuses a key (KeyChecker in tests/fixtures/node-apis/lnbits/lnbits_decorators.py):
 * no key is 401, a key no wallet has is 404 "Wallet not found.", an invoice key where the admin key is needed
 * 403. All three are credentials to fix, never a node that cannot be reached.
 */
function requireLnbitsOk(target: HttpTarget, answer: HttpAnswer, what: string): void {
  if (answer.status === 404 && /^wallet not found\.?$/i.test(errorDetail(answer))) {
    throw new BackendError("LNbits", "unauthorized", `${what}: the node refused our credentials (HTTP 404 Wallet not found.: LNbits has no wallet with this key)`, 404);
  }
  requireOk(target, answer, what);
}

export function lnbitsBackend(config: LnbitsConfig): LightningBackend {
  const base = { name: "LNbits", baseUrl: config.url, timeoutMs: config.timeoutMs ?? 15_000 };
  const reader: HttpTarget = { ...base, headers: { "X-Api-Key": config.invoiceKey } };
  const payer: HttpTarget = { ...base, headers: { "X-Api-Key": config.adminKey } };
  let probe: Promise<{ network: Network; pubkey: string; paymentHash: string }> | undefined;
  let keysChecked = false;

  async function createInvoice(input: { amountMsat: bigint; description: string; expirySeconds: number }) {
    // LNbits invoices are in whole sats: refuse rather than round a millisat amount away.
    if (!isWholeSats(input.amountMsat)) {
      throw new BackendError("LNbits", "status", `LNbits invoices are for whole sats only; ${input.amountMsat} msat is not`);
    }
    const body = { out: false, amount: msatToSatsNumber(input.amountMsat), unit: "sat", memo: input.description, expiry: input.expirySeconds };
    const answer = await requestJson(reader, "POST", "api/v1/payments", body);
    requireLnbitsOk(reader, answer, "creating an invoice");
    const created = parseAnswer(reader, lnbitsCreatedInvoice, answer.json, "creating an invoice");
    const decoded = decodeInvoice((created.payment_request ?? created.bolt11)!);
    if (decoded.paymentHash !== created.payment_hash) throw new BackendError("LNbits", "malformed", "the invoice does not carry the payment hash given");
    return { invoice: decoded.invoice, paymentHash: decoded.paymentHash, expiresAt: new Date(decoded.expiresAt * 1000) };
  }

  // With the admin key, the key that paid (see the top of this file). `paid: false` alone is not a failure:
  // LNbits answers it when it could not ask its funding source.
  async function lookupPayment(paymentHash: string): Promise<PaymentLookup> {
    const answer = await requestJson(payer, "GET", `api/v1/payments/${encodeURIComponent(paymentHash)}`);
    if (answer.status === 404 && /does not exist/i.test(errorDetail(answer))) return { status: "not_found" };
    requireLnbitsOk(payer, answer, "reading a payment");
    const read = parseAnswer(payer, lnbitsPaymentStatus, answer.json, "reading a payment");
    const details = read.details;
    if (read.paid || details?.status === "success") {
      // No details: the hash belongs to another wallet of this LNbits (older releases answer that without a 404).
      if (!details) throw new BackendError("LNbits", "malformed", "a paid payment without its details (another wallet's payment?)");
      return { status: "succeeded", preimage: details.preimage ?? read.preimage ?? null, feeMsat: abs(details.fee ?? 0) };
    }
    if (read.status === "failed" || details?.status === "failed") return { status: "failed", reason: "LNbits reports the payment failed." };
    return { status: "in_flight" };
  }

  // A refusal is confirmed by reading the payment back: only "LNbits has it failed, or never recorded it" is final.
  async function confirmRefusal(paymentHash: string, reason: string): Promise<PaymentOutcome> {
    const found = await lookupPayment(paymentHash);
    return found.status === "not_found" || found.status === "failed" ? { status: "failed", reason } : found;
  }

  async function payInvoice(request: { invoice: string; paymentHash: string; timeoutSeconds: number }): Promise<PaymentOutcome> {
    let answer;
    try {
      answer = await requestJson(payer, "POST", "api/v1/payments", { out: true, bolt11: request.invoice }, request.timeoutSeconds * 1000);
    } catch (error) {
      if (error instanceof BackendError && error.reason === "timeout") return { status: "in_flight" };
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) {
      const paid = parseAnswer(payer, lnbitsPaid, answer.json, "paying an invoice");
      if (paid.status === "success") return { status: "succeeded", preimage: paid.preimage ?? null, feeMsat: abs(paid.fee ?? 0) };
      if (paid.status === "failed") return confirmRefusal(request.paymentHash, "LNbits could not pay the invoice.");
      const found = await lookupPayment(request.paymentHash);
      return found.status === "not_found" ? { status: "in_flight" } : found;
    }
    const refusal = lnbitsPaymentError.safeParse(answer.json);
    const detail = errorDetail(answer) || `HTTP ${answer.status}`;
    if (answer.status === 520 && refusal.success && refusal.data.status === "failed") return confirmRefusal(request.paymentHash, `LNbits: ${detail}`);
    // "success": this hash was already paid ("Payment already paid.", or a failed record the funding source
    // reports paid). Only the payment's own record says so with its preimage and fee: read it back.
    if (answer.status === 520 && refusal.success && refusal.data.status === "success") {
      const found = await lookupPayment(request.paymentHash);
      return found.status === "not_found" ? { status: "in_flight" } : found;
    }
    // "pending" (the first payment is still under way) or no status: not over.
    if (answer.status === 520) return { status: "in_flight" };
    if (answer.status === 400) return confirmRefusal(request.paymentHash, `LNbits refused the invoice: ${detail}`);
    requireLnbitsOk(payer, answer, "paying an invoice");
    throw new BackendError("LNbits", "status", `paying an invoice: unexpected HTTP ${answer.status}`, answer.status);
  }

  async function wallet(target: HttpTarget) {
    const answer = await requestJson(target, "GET", "api/v1/wallet");
    requireLnbitsOk(target, answer, "reading the wallet");
    return parseAnswer(target, lnbitsWallet, answer.json, "reading the wallet");
  }

  return {
    kind: "lnbits",
    livemode: config.network === "bitcoin",
    async getInfo(): Promise<NodeInfo> {
      const [read, paying] = await Promise.all([wallet(reader), wallet(payer)]);
      // A 1-sat invoice that nobody pays, made once per process, tells the network and the node's key.
      probe ??= createInvoice({ amountMsat: 1000n, description: "Sluice: network check (not to be paid)", expirySeconds: 60 }).then(
        ({ invoice }) => {
          const decoded = decodeInvoice(invoice);
          return { network: decoded.network, pubkey: decoded.payeePubkey, paymentHash: decoded.paymentHash };
        },
      );
      probe.catch(() => (probe = undefined));
      const { network, pubkey, paymentHash } = await probe;
      // Made with the invoice key: the admin key must find it in its own wallet. The keys cannot change while
      // the process runs, so once proven the check is not repeated on every node-status read.
      if (!keysChecked) await checkWalletKeys(payer, paying, read, paymentHash);
      keysChecked = true;
      return { backend: "lnbits", network, pubkey, alias: read.name, version: null, livemode: network === "bitcoin" };
    },
    createInvoice,
    payInvoice,
    lookupPayment,
    async lookupInvoice(paymentHash) {
      const found = await requestJson(reader, "GET", `api/v1/payments/${encodeURIComponent(paymentHash)}`);
      if (found.status === 404 && /does not exist/i.test(errorDetail(found))) return null;
      requireLnbitsOk(reader, found, "reading an invoice");
      const read = parseAnswer(reader, lnbitsPaymentStatus, found.json, "reading an invoice");
      const details = read.details;
      // No details: the hash belongs to another wallet of this LNbits (see lookupPayment), not our invoice.
      if (read.paid && !details) throw new BackendError("LNbits", "malformed", "a paid invoice without its details (another wallet's payment?)");
      // Received: the `amount` (msat) LNbits credits the wallet with once an incoming payment succeeds; a
      // negative amount is an outgoing payment of that hash, which received nothing. The invoice's own amount
      // is read from its bolt11.
      const invoice = details?.payment_request ?? details?.bolt11;
      return {
        settled: read.paid,
        amountMsat: invoice ? readInvoicePrefix(invoice).amountMsat : details ? abs(details.amount) : null,
        receivedMsat: read.paid && details && details.amount > 0 ? msatFromJsonNumber(details.amount) : 0n,
      };
    },
    getBalance: async () => ({ msat: msatFromJsonNumber((await wallet(reader)).balance) }),
  };
}
