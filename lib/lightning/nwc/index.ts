// Nostr Wallet Connect (NIP-47): a wallet service reached through Nostr relays (client.ts), asked with
// pay_invoice, lookup_invoice, make_invoice, get_balance and get_info.
//
// NIP-47 has no idempotency: a second pay_invoice for an invoice is a second payment attempt. So this adapter
// sends one only after lookup_invoice by payment hash found no outgoing payment that succeeded or is pending,
// and an unknown outcome (no relay answered, no response in time, an INTERNAL or OTHER error) stays unknown
// here and is resolved only by that lookup (lib/payments/reconcile.ts). Every request to pay carries an
// `expiration` tag (NIP-47: a request received after it "should be ignored"), so that a request delivered late
// is not paid after Sluice has stopped expecting it.
//
// Error codes (nip-47.md, "Error codes" and each command's "Errors") are failures of a payment only when they
// say the wallet service did not pay it: it refused this payment (RATE_LIMITED, NOT_IMPLEMENTED,
// INSUFFICIENT_BALANCE, QUOTA_EXCEEDED), or PAYMENT_FAILED, which "may be due to a timeout", so it is final
// only when lookup_invoice does not find the payment pending or settled. Refused credentials (UNAUTHORIZED,
// RESTRICTED) and a request the wallet could not read (UNSUPPORTED_ENCRYPTION) are never a payment's failure
// (as for every backend): thrown, the payment waits until the wallet can be asked. INTERNAL, OTHER, NOT_FOUND
// and codes NIP-47 does not name leave the outcome unknown.
import { decodeInvoice, type Network } from "../../bolt11";
import { BackendError } from "../http";
import type { InvoiceLookup, LightningBackend, NodeInfo, PaymentLookup, PaymentOutcome, PayRequest } from "../types";
import { msatToJsonNumber } from "../../money";
import { NAME, NwcClient, relayName, type Encryption, type NwcSession, type RequestOptions, type WalletAnswer } from "./client";
import type { NwcConnection } from "./connection-uri";
import { nwcBalance, nwcInfo, nwcPaid, nwcTransaction, type NwcTransaction } from "./shapes";

export type NwcConfig = {
  connection: NwcConnection;
  network: Network;
  /** Time limit of every request but pay_invoice, and of connecting to a relay. */
  timeoutMs?: number;
  /** How long after PAYMENT_TIMEOUT_SECONDS a pay_invoice may still be answered before it counts as in flight. */
  payGraceMs?: number;
};

/** The methods Sluice calls, which get_info must list for this connection (the start-up check). */
export const REQUIRED_METHODS = ["pay_invoice", "lookup_invoice", "make_invoice", "get_balance"] as const;

// get_info's `network` (nip-47.md: "mainnet, testnet, signet, or regtest").
const NETWORKS: Record<string, Network> = { mainnet: "bitcoin", bitcoin: "bitcoin", testnet: "testnet", signet: "signet", regtest: "regtest" };

/** Codes that say the wallet service refused this payment, so nothing was paid. */
const REFUSED = new Set(["RATE_LIMITED", "NOT_IMPLEMENTED", "INSUFFICIENT_BALANCE", "QUOTA_EXCEEDED"]);

// A request to pay is ignored by the wallet service this long after the payment's time limit: less than the
// 60 s after which the reconciler takes a payment the wallet never heard of as never sent (neverSentAfterSeconds).
const PAY_EXPIRY_MARGIN_SECONDS = 30;


/** The error of an answer that is not a result, for anything but paying. */
function answerError(what: string, answer: Extract<WalletAnswer, { ok: false }>): BackendError {
  const text = `${what}: the wallet service answered ${answer.code.slice(0, 40)}${answer.message ? ` (${answer.message})` : ""}`;
  return new BackendError(NAME, answer.code === "UNAUTHORIZED" || answer.code === "RESTRICTED" ? "unauthorized" : "status", text);
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BackendError(NAME, "malformed", `${what}: the result does not have NIP-47's shape`);
  return parsed.data;
}

/** A transaction's state: `state` when given (it is optional), else settled when it has a settlement time. */
const stateOf = (tx: NwcTransaction) => tx.state ?? (tx.settled_at !== undefined ? "settled" : "pending");

export function nwcBackend(config: NwcConfig): LightningBackend {
  const timeoutMs = config.timeoutMs ?? 15_000;
  const client = new NwcClient(config.connection, timeoutMs);
  let encryption: Encryption | undefined;

  /** The encryption the wallet's info event asks for, read once per process (and again after UNSUPPORTED_ENCRYPTION). */
  async function encryptionOf(session: NwcSession): Promise<Encryption> {
    if (encryption) return encryption;
    const capabilities = await session.capabilities(timeoutMs);
    if (!capabilities) {
      throw new BackendError(
        NAME,
        "status",
        `no info event (kind 13194) of the wallet service on ${config.connection.relays.map(relayName).join(", ")}: is the wallet service running, and is NWC_URL its current connection?`,
      );
    }
    encryption = capabilities.encryption;
    return encryption;
  }

  async function ask(session: NwcSession, method: string, params: Record<string, unknown>, options: Partial<RequestOptions> = {}): Promise<WalletAnswer> {
    const answer = await session.request(method, params, await encryptionOf(session), { timeoutMs, ...options });
    if (!answer.ok && answer.code === "UNSUPPORTED_ENCRYPTION") encryption = undefined;
    return answer;
  }

  /** Runs `body` with a session open on the relays, and closes it whatever happens. */
  async function withSession<T>(body: (session: NwcSession) => Promise<T>): Promise<T> {
    const session = await client.open();
    try {
      return await body(session);
    } finally {
      session.close();
    }
  }

  async function lookup(session: NwcSession, paymentHash: string, what: string): Promise<NwcTransaction | null> {
    const answer = await ask(session, "lookup_invoice", { payment_hash: paymentHash });
    if (!answer.ok) {
      if (answer.code === "NOT_FOUND") return null;
      throw answerError(what, answer);
    }
    const tx = parse(nwcTransaction, answer.result, what);
    if (tx.payment_hash !== paymentHash) throw new BackendError(NAME, "malformed", `${what}: the answer is about another payment hash`);
    return tx;
  }

  async function lookupPaymentIn(session: NwcSession, paymentHash: string): Promise<PaymentLookup> {
    const tx = await lookup(session, paymentHash, "reading a payment");
    // Only an outgoing transaction is our payment; the wallet's own invoice of that hash is not.
    if (!tx || tx.type === "incoming") return { status: "not_found" };
    const state = stateOf(tx);
    if (state === "settled") return { status: "succeeded", preimage: tx.preimage && /^[0-9a-f]{64}$/i.test(tx.preimage) ? tx.preimage.toLowerCase() : null, feeMsat: BigInt(tx.fees_paid ?? 0) };
    if (state === "failed") return { status: "failed", reason: "The wallet service reports the payment failed." };
    // "pending", or any state NIP-47 does not give payments: not an outcome.
    return { status: "in_flight" };
  }

  // The wallet said PAYMENT_FAILED: final only when the lookup agrees (no payment recorded, or one that failed).
  async function confirmFailure(session: NwcSession, paymentHash: string, reason: string): Promise<PaymentOutcome> {
    const found = await lookupPaymentIn(session, paymentHash);
    return found.status === "not_found" || found.status === "failed" ? { status: "failed", reason } : found;
  }

  async function payIn(session: NwcSession, request: PayRequest): Promise<PaymentOutcome> {
    // Never a second attempt beside one that succeeded or is still pending: the wallet would pay again.
    const before = await lookupPaymentIn(session, request.paymentHash);
    if (before.status === "succeeded" || before.status === "in_flight") return before;

    // No amount: the invoice carries it (prepare-payout.ts refuses invoices without one). No fee limit:
    // NIP-47's pay_invoice takes none; the wallet service's own limits apply.
    let answer: WalletAnswer;
    try {
      answer = await ask(
        session,
        "pay_invoice",
        { invoice: request.invoice },
        { timeoutMs: request.timeoutSeconds * 1000 + (config.payGraceMs ?? 10_000), expiresAt: Math.floor(Date.now() / 1000) + request.timeoutSeconds + PAY_EXPIRY_MARGIN_SECONDS },
      );
    } catch (error) {
      // Asked, but no response: the payment may be under way. Only the lookup can tell.
      if (error instanceof BackendError && error.reason === "timeout") return { status: "in_flight" };
      throw error;
    }
    if (answer.ok) {
      const paid = parse(nwcPaid, answer.result, "paying an invoice");
      if (paid.fees_paid !== undefined) return { status: "succeeded", preimage: paid.preimage, feeMsat: BigInt(paid.fees_paid) };
      // fees_paid is optional in the response: the payment's record may have it.
      const recorded = await lookupPaymentIn(session, request.paymentHash).catch(() => null);
      return { status: "succeeded", preimage: paid.preimage, feeMsat: recorded?.status === "succeeded" ? recorded.feeMsat : 0n };
    }
    const reason = `The wallet service could not pay: ${answer.code.slice(0, 40)}${answer.message ? ` (${answer.message})` : ""}`;
    if (REFUSED.has(answer.code)) return { status: "failed", reason };
    if (answer.code === "PAYMENT_FAILED") return confirmFailure(session, request.paymentHash, reason);
    // Credentials refused, or the request unreadable: not the payment's failure; it waits for the wallet.
    if (answer.code === "UNAUTHORIZED" || answer.code === "RESTRICTED" || answer.code === "UNSUPPORTED_ENCRYPTION") throw answerError("paying an invoice", answer);
    // INTERNAL, OTHER, anything else: the wallet may have started paying. Unknown, for the lookup to resolve.
    throw new BackendError(NAME, "status", `paying an invoice: the wallet service answered ${answer.code.slice(0, 40)}${answer.message ? ` (${answer.message})` : ""}; the outcome is unknown`);
  }

  return {
    kind: "nwc",
    livemode: config.network === "bitcoin",
    getInfo: () =>
      withSession(async (session): Promise<NodeInfo> => {
        // Re-read on every check: the wallet service may have changed what it supports since.
        encryption = undefined;
        const answer = await ask(session, "get_info", {});
        if (!answer.ok) throw answerError("get_info", answer);
        const info = parse(nwcInfo, answer.result, "get_info");
        const missing = REQUIRED_METHODS.filter((m) => !info.methods.includes(m));
        if (missing.length > 0) {
          throw new BackendError(
            NAME,
            "misconfigured",
            `the wallet connection in NWC_URL does not allow ${missing.join(", ")} (get_info lists only ${info.methods.join(", ") || "nothing"}). ` +
              `Create a connection in the wallet service that may ${REQUIRED_METHODS.join(", ")}, and set NWC_URL to it.`,
          );
        }
        const network = info.network === undefined ? undefined : NETWORKS[info.network];
        if (!network) throw new BackendError(NAME, "malformed", `get_info: the wallet service is on "${(info.network ?? "(no network given)").slice(0, 40)}", which Sluice does not support`);
        return { backend: "nwc", network, pubkey: info.pubkey ?? config.connection.walletPubkey, alias: info.alias || "NWC wallet", version: null, livemode: network === "bitcoin" };
      }),
    createInvoice: (input) =>
      withSession(async (session) => {
        const answer = await ask(session, "make_invoice", { amount: msatToJsonNumber(input.amountMsat), description: input.description, expiry: input.expirySeconds });
        if (!answer.ok) throw answerError("creating an invoice", answer);
        const tx = parse(nwcTransaction, answer.result, "creating an invoice");
        if (!tx.invoice) throw new BackendError(NAME, "malformed", "creating an invoice: the answer has no invoice");
        const decoded = decodeInvoice(tx.invoice);
        if (decoded.paymentHash !== tx.payment_hash) throw new BackendError(NAME, "malformed", "creating an invoice: the invoice does not carry the payment hash given");
        if (decoded.amountMsat !== input.amountMsat) throw new BackendError(NAME, "malformed", "creating an invoice: the invoice is not for the amount asked");
        return { invoice: decoded.invoice, paymentHash: decoded.paymentHash, expiresAt: new Date(decoded.expiresAt * 1000) };
      }),
    payInvoice: (request) => withSession((session) => payIn(session, request)),
    lookupPayment: (paymentHash) => withSession((session) => lookupPaymentIn(session, paymentHash)),
    lookupInvoice: (paymentHash) =>
      withSession(async (session): Promise<InvoiceLookup | null> => {
        const tx = await lookup(session, paymentHash, "reading an invoice");
        if (!tx || tx.type === "outgoing") return null;
        // NIP-47 gives one `amount`. The amount asked is the invoice's own when the answer carries it; what was
        // received is `amount` once settled, less any `fees_paid` the wallet took on receiving: a deposit is
        // credited only that, never more than the wallet reports.
        const asked = tx.invoice ? decodeInvoice(tx.invoice).amountMsat : BigInt(tx.amount);
        if (stateOf(tx) !== "settled") return { settled: false, amountMsat: asked, receivedMsat: 0n };
        const fees = BigInt(tx.fees_paid ?? 0);
        const received = BigInt(tx.amount) > fees ? BigInt(tx.amount) - fees : 0n;
        return { settled: true, amountMsat: asked, receivedMsat: received };
      }),
    getBalance: () =>
      withSession(async (session) => {
        const answer = await ask(session, "get_balance", {});
        if (!answer.ok) throw answerError("get_balance", answer);
        return { msat: BigInt(parse(nwcBalance, answer.result, "get_balance").balance) };
      }),
  };
}
