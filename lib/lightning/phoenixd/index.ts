// phoenixd (ACINQ's server wallet) over its HTTP API: HTTP Basic auth with an empty user name and the
// password of phoenix.conf, form-encoded parameters (Api.kt reads them with call.receiveParameters()), JSON
// answers (shapes.ts), errors as plain text.
//
// phoenixd has no idempotency: a second POST /payinvoice for the same invoice is a second payment attempt.
// So this adapter never repeats a pay call: it sends one only after GET /payments/outgoingbyhash/{hash} found
// no attempt that succeeded or is still pending, and an unknown outcome (no answer in time, a connection cut
// after sending, an HTTP 5xx) stays unknown here and is resolved only by that lookup (lib/payments/reconcile.ts).
//
// Two passwords open the API (Api.kt, install(Authentication)): the full-access one everywhere, the
// limited-access one everywhere but the routes inside authenticate("full-access"), the paying ones, which
// answer it 401. The start-up check (getInfo) finds out which one Sluice was given without paying anything:
// a POST /payinvoice with no invoice is answered 401 to the limited password, and 400 "Request parameter
// invoice is missing" to the full one, before phoenixd reads any invoice.
import { decodeInvoice, type Network } from "../../bolt11";
import { isWholeSats, msatFromJsonNumber, msatToSats, satsToMsat } from "../../money";
import { BackendError, parseAnswer, requestJson, requireOk, type HttpAnswer, type HttpTarget } from "../http";
import type { LightningBackend, NodeInfo, PaymentLookup, PaymentOutcome, PayRequest } from "../types";
import { phoenixdBalance, phoenixdGeneratedInvoice, phoenixdIncomingPayment, phoenixdNodeInfo, phoenixdOutgoingPayment, phoenixdPaymentFailed, phoenixdPaymentSent } from "./shapes";

export type PhoenixdConfig = {
  url: string;
  /** The full-access http-password of phoenix.conf (the limited-access one cannot pay). */
  password: string;
  network: Network;
  timeoutMs?: number;
  /** How long after PAYMENT_TIMEOUT_SECONDS a pay call may still take before it counts as in flight. */
  payGraceMs?: number;
};

const NAME = "phoenixd";

// NodeParams.Chain's names, lower-cased by GET /getinfo.
const CHAINS: Record<string, Network> = { mainnet: "bitcoin", testnet: "testnet", testnet3: "testnet", testnet4: "testnet", signet: "signet", regtest: "regtest" };

// Api.kt, post("createinvoice"): "Request parameter description is too long (max 128 characters)".
const MAX_DESCRIPTION = 128;

const sats = (value: number) => satsToMsat(BigInt(value));

/** The description cut to phoenixd's limit (128 UTF-16 units, as Kotlin counts), never inside a character. */
function fitDescription(description: string): string {
  if (description.length <= MAX_DESCRIPTION) return description;
  let cut = "";
  for (const char of description) {
    if (cut.length + char.length > MAX_DESCRIPTION - 1) break;
    cut += char;
  }
  return cut + "…";
}

// Api.kt answers a lookup that found nothing with 204, turned into 404 "Not found" by its StatusPages; an
// unknown route is 404 "Unknown endpoint (check api doc)", which is not "no such payment".
const isNotFound = (answer: HttpAnswer) => answer.status === 404 && answer.text.trim() === "Not found";

export function phoenixdBackend(config: PhoenixdConfig): LightningBackend {
  const target: HttpTarget = {
    name: NAME,
    baseUrl: config.url,
    headers: { authorization: `Basic ${Buffer.from(`:${config.password}`).toString("base64")}` },
    timeoutMs: config.timeoutMs ?? 15_000,
  };
  let canPay = false;

  /** A GET answered 2xx, or (`orNotFound`, the lookups) 404 "Not found"; any other status is thrown. */
  async function get(path: string, what: string, orNotFound = false): Promise<HttpAnswer> {
    const answer = await requestJson(target, "GET", path);
    if (!(orNotFound && isNotFound(answer))) requireOk(target, answer, what);
    return answer;
  }

  async function lookupPayment(paymentHash: string): Promise<PaymentLookup> {
    const answer = await get(`payments/outgoingbyhash/${encodeURIComponent(paymentHash)}`, "reading a payment", true);
    if (isNotFound(answer)) return { status: "not_found" };
    const payment = parseAnswer(target, phoenixdOutgoingPayment, answer.json, "reading a payment");
    if (payment.paymentHash !== undefined && payment.paymentHash !== paymentHash) {
      throw new BackendError(NAME, "malformed", "reading a payment: the answer is about another payment hash");
    }
    if (payment.isPaid) return { status: "succeeded", preimage: payment.preimage ?? null, feeMsat: msatFromJsonNumber(payment.fees) };
    if (payment.completedAt !== undefined) return { status: "failed", reason: "phoenixd reports the payment failed." };
    return { status: "in_flight" };
  }

  // phoenixd said the payment failed or refused the invoice: final only when the lookup agrees (no attempt
  // recorded, or every attempt failed); an attempt that succeeded or is pending wins.
  async function confirmFailure(paymentHash: string, reason: string): Promise<PaymentOutcome> {
    const found = await lookupPayment(paymentHash);
    return found.status === "not_found" || found.status === "failed" ? { status: "failed", reason } : found;
  }

  async function payInvoice(request: PayRequest): Promise<PaymentOutcome> {
    // Never a second attempt beside one that succeeded or is still pending: phoenixd would pay again.
    const before = await lookupPayment(request.paymentHash);
    if (before.status === "succeeded" || before.status === "in_flight") return before;

    // No fee limit: phoenixd's API takes none (its trampoline fees apply). No amount: the invoice carries it.
    let answer: HttpAnswer;
    try {
      answer = await requestJson(target, "POST", "payinvoice", new URLSearchParams({ invoice: request.invoice }), request.timeoutSeconds * 1000 + (config.payGraceMs ?? 10_000));
    } catch (error) {
      // Asked, but no complete answer: the payment may be under way. Only the lookup can tell.
      if (error instanceof BackendError && error.reason === "timeout") return { status: "in_flight" };
      throw error;
    }
    if (answer.status === 200) {
      const sent = phoenixdPaymentSent.safeParse(answer.json);
      if (sent.success) {
        if (sent.data.paymentHash !== request.paymentHash) throw new BackendError(NAME, "malformed", "paying an invoice: the answer is about another payment hash");
        // PaymentSent rounds the fee down to whole sats; the payment record has it in msat.
        const exact = await lookupPayment(request.paymentHash).catch(() => null);
        if (exact?.status === "succeeded") return { ...exact, preimage: exact.preimage ?? sent.data.paymentPreimage };
        return { status: "succeeded", preimage: sent.data.paymentPreimage, feeMsat: sats(sent.data.routingFeeSat) };
      }
      const failed = parseAnswer(target, phoenixdPaymentFailed, answer.json, "paying an invoice");
      return confirmFailure(request.paymentHash, `phoenixd could not pay the invoice: ${failed.reason}`);
    }
    // 400: a parameter refused (an invoice phoenixd cannot read, no amount) before anything was paid.
    if (answer.status === 400) return confirmFailure(request.paymentHash, `phoenixd refused the invoice: ${answer.text.slice(0, 300)}`);
    // 401 (not the full-access password) is thrown as unauthorized; a 5xx, or anything else, is an unknown outcome.
    requireOk(target, answer, "paying an invoice");
    throw new BackendError(NAME, "status", `paying an invoice: unexpected HTTP ${answer.status}`, answer.status);
  }

  // Whether the password opens the paying routes (see the top of this file): nothing is paid either way.
  async function checkCanPay(): Promise<void> {
    const answer = await requestJson(target, "POST", "payinvoice", new URLSearchParams());
    if (answer.status === 400) return;
    if (answer.status === 401) {
      throw new BackendError(
        NAME,
        "misconfigured",
        "PHOENIXD_PASSWORD is phoenixd's limited-access password (http-password-limited-access in phoenix.conf): it reads and " +
          "creates invoices, but phoenixd refuses it every payment (HTTP 401 on /payinvoice). Set PHOENIXD_PASSWORD to the " +
          "full-access password, http-password in phoenix.conf.",
      );
    }
    requireOk(target, answer, "checking that the password can pay");
    throw new BackendError(NAME, "status", `checking that the password can pay: unexpected HTTP ${answer.status}`, answer.status);
  }

  return {
    kind: "phoenixd",
    livemode: config.network === "bitcoin",
    async getInfo(): Promise<NodeInfo> {
      const info = parseAnswer(target, phoenixdNodeInfo, (await get("getinfo", "getinfo")).json, "getinfo");
      const network = CHAINS[info.chain];
      if (!network) throw new BackendError(NAME, "malformed", `getinfo: phoenixd is on "${info.chain}", which Sluice does not support`);
      // The password cannot change while the process runs: once it has proven it can pay, it is not asked again.
      if (!canPay) await checkCanPay();
      canPay = true;
      return { backend: "phoenixd", network, pubkey: info.nodeId, alias: "phoenixd", version: info.version, livemode: network === "bitcoin" };
    },
    async createInvoice(input) {
      // phoenixd invoices are in whole sats (amountSat): refuse rather than round a millisat amount away.
      if (!isWholeSats(input.amountMsat)) {
        throw new BackendError(NAME, "status", `phoenixd invoices are for whole sats only; ${input.amountMsat} msat is not`);
      }
      const form = new URLSearchParams({
        amountSat: msatToSats(input.amountMsat).toString(),
        description: fitDescription(input.description),
        expirySeconds: String(input.expirySeconds),
      });
      const answer = await requestJson(target, "POST", "createinvoice", form);
      requireOk(target, answer, "creating an invoice");
      const created = parseAnswer(target, phoenixdGeneratedInvoice, answer.json, "creating an invoice");
      const decoded = decodeInvoice(created.serialized);
      if (decoded.paymentHash !== created.paymentHash) throw new BackendError(NAME, "malformed", "creating an invoice: the invoice does not carry the payment hash given");
      if (decoded.amountMsat !== input.amountMsat) throw new BackendError(NAME, "malformed", "creating an invoice: the invoice is not for the amount asked");
      return { invoice: decoded.invoice, paymentHash: decoded.paymentHash, expiresAt: new Date(decoded.expiresAt * 1000) };
    },
    payInvoice,
    lookupPayment,
    async lookupInvoice(paymentHash) {
      const answer = await get(`payments/incoming/${encodeURIComponent(paymentHash)}`, "reading an invoice", true);
      if (isNotFound(answer)) return null;
      const payment = parseAnswer(target, phoenixdIncomingPayment, answer.json, "reading an invoice");
      if (payment.paymentHash !== paymentHash) throw new BackendError(NAME, "malformed", "reading an invoice: the answer is about another payment hash");
      const asked = payment.requestedSat === undefined ? null : sats(payment.requestedSat);
      // Paid: received is receivedSat (after phoenixd's own fees, such as a liquidity fee), never the amount asked;
      // a deposit is credited only that, and not at all when it is less than the deposit's amount.
      if (payment.isPaid) return { settled: true, amountMsat: asked, receivedMsat: sats(payment.receivedSat) };
      return { settled: false, amountMsat: asked, receivedMsat: 0n };
    },
    async getBalance() {
      // What the channels can send; the fee credit (feeCreditSat) pays only phoenixd's own fees.
      const balance = parseAnswer(target, phoenixdBalance, (await get("getbalance", "getbalance")).json, "getbalance");
      return { msat: sats(balance.balanceSat) };
    },
  };
}
