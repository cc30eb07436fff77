// LND over its REST gateway: the macaroon (hex) in Grpc-Metadata-macaroon, TLS pinned to the node's own
// certificate, payments through the router's streaming send, lookups through its track stream.
import { decodeInvoice, type Network } from "../../bolt11";
import { satsToMsat } from "../../money";
import { readText } from "../../outbound";
import { BackendError, openRequest, parseAnswer, requestJson, type HttpAnswer, type HttpMethod, type HttpTarget } from "../http";
import type { LightningBackend, NodeInfo, PaymentLookup, PaymentOutcome, PayRequest } from "../types";
import { lndAddInvoice, lndChannelBalance, lndGetinfo, lndInvoice, lndPayment, lndStatus } from "./shapes";
import { jsonLines } from "./stream";

export type LndConfig = {
  url: string;
  macaroonHex: string;
  /** PEM of tls.cert; without it the system's roots are used (LND behind a proxy with a public certificate). */
  tlsCertPem?: string;
  network: Network;
  timeoutMs?: number;
  /** How long after timeout_seconds the send stream may still take before the payment counts as in flight. */
  payGraceMs?: number;
};

type LndPayment = ReturnType<typeof lndPayment.parse>;

const NETWORKS: Record<string, Network> = { mainnet: "bitcoin", testnet: "testnet", testnet4: "testnet", signet: "signet", regtest: "regtest" };

// LND reports macaroon trouble as gRPC Unknown (HTTP 500), not as 401: recognise it by its words.
const MACAROON_TROUBLE = /macaroon|verification failed|permission denied|invalid metadata|unauthorized/i;

/** A path parameter of type `bytes`: base64url with its padding (the gateway decodes padded std or URL base64). */
export const bytesInPath = (hex: string) => Buffer.from(hex, "hex").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");

function grpcStatus(json: unknown): { code?: number; message?: string } | undefined {
  const wrapped = json && typeof json === "object" && "error" in json ? (json as { error: unknown }).error : json;
  const parsed = lndStatus.safeParse(wrapped);
  return parsed.success && (parsed.data.code !== undefined || parsed.data.message !== undefined) ? parsed.data : undefined;
}

function outcomeOf(payment: LndPayment): PaymentOutcome {
  if (payment.status === "SUCCEEDED") {
    const preimage = payment.payment_preimage && !/^0*$/.test(payment.payment_preimage) ? payment.payment_preimage : null;
    return { status: "succeeded", preimage, feeMsat: payment.fee_msat ?? 0n };
  }
  if (payment.status === "FAILED") return { status: "failed", reason: `LND: ${payment.failure_reason ?? "FAILURE_REASON_ERROR"}` };
  // IN_FLIGHT, INITIATED (0.18+: recorded, no HTLC yet) and UNKNOWN all leave the outcome open.
  return { status: "in_flight" };
}

type StreamEnd =
  | { kind: "payment"; payment: LndPayment }
  | { kind: "refused"; status: number; grpc: { code?: number; message?: string } | undefined; text: string }
  | { kind: "ended"; last: LndPayment | undefined; error?: string };

export function lndBackend(config: LndConfig): LightningBackend {
  const target: HttpTarget = {
    name: "LND",
    baseUrl: config.url,
    headers: { "Grpc-Metadata-macaroon": config.macaroonHex },
    pinnedCertPem: config.tlsCertPem,
    timeoutMs: config.timeoutMs ?? 15_000,
  };

  function refuse(what: string, status: number, grpc: { message?: string } | undefined, text: string): never {
    const message = grpc?.message ?? text.slice(0, 200);
    if (status === 401 || status === 403 || MACAROON_TROUBLE.test(message)) {
      throw new BackendError("LND", "unauthorized", `${what}: the node refused the macaroon (${message})`, status);
    }
    throw new BackendError("LND", "status", `${what}: HTTP ${status} ${message}`.trim(), status);
  }

  async function unary(what: string, method: HttpMethod, path: string, body?: unknown): Promise<HttpAnswer> {
    const answer = await requestJson(target, method, path, body);
    if (answer.status < 200 || answer.status >= 300) refuse(what, answer.status, grpcStatus(answer.json), answer.text);
    return answer;
  }

  /** Reads a payment stream until `done` says a payment update is the one wanted, or the stream ends. */
  async function readStream(method: HttpMethod, path: string, body: unknown, timeoutMs: number, done: (p: LndPayment) => boolean): Promise<StreamEnd> {
    const { response, abort } = await openRequest(target, method, path, body, timeoutMs);
    try {
      if (response.status !== 200) {
        const text = await readText(response);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        return { kind: "refused", status: response.status, grpc: grpcStatus(json), text };
      }
      let last: LndPayment | undefined;
      for await (const line of jsonLines(response.body)) {
        if (line && typeof line === "object" && "error" in line) {
          const grpc = grpcStatus(line);
          if (!last) return { kind: "refused", status: 200, grpc, text: JSON.stringify(line) };
          return { kind: "ended", last, error: grpc?.message };
        }
        const payment = parseAnswer(target, lndPayment, (line as { result?: unknown })?.result, "a payment update");
        last = payment;
        if (done(payment)) return { kind: "payment", payment };
      }
      return { kind: "ended", last };
    } finally {
      abort();
    }
  }

  async function lookupPayment(paymentHash: string): Promise<PaymentLookup> {
    // The track stream sends the current state first (no_inflight_updates=false), then waits: read one update.
    const end = await readStream("GET", `v2/router/track/${bytesInPath(paymentHash)}?no_inflight_updates=false`, undefined, target.timeoutMs, () => true);
    if (end.kind === "payment") return outcomeOf(end.payment);
    if (end.kind === "refused") {
      if ((end.status === 404 || end.grpc?.code === 5) && /not initiated|isn't initiated/i.test(end.grpc?.message ?? "")) return { status: "not_found" };
      refuse("tracking a payment", end.status, end.grpc, end.text);
    }
    throw new BackendError("LND", "malformed", "tracking a payment: the stream ended without a state");
  }

  async function confirmRefusal(paymentHash: string, reason: string): Promise<PaymentOutcome> {
    const found = await lookupPayment(paymentHash);
    return found.status === "not_found" || found.status === "failed" ? { status: "failed", reason } : found;
  }

  async function payInvoice(request: PayRequest): Promise<PaymentOutcome> {
    const body = {
      payment_request: request.invoice,
      fee_limit_msat: request.feeLimitMsat.toString(),
      timeout_seconds: request.timeoutSeconds,
      no_inflight_updates: true,
    };
    const terminal = (p: LndPayment) => p.status === "SUCCEEDED" || p.status === "FAILED";
    let end: StreamEnd;
    try {
      end = await readStream("POST", "v2/router/send", body, request.timeoutSeconds * 1000 + (config.payGraceMs ?? 10_000), terminal);
    } catch (error) {
      if (error instanceof BackendError && error.reason === "timeout") return { status: "in_flight" };
      throw error;
    }
    if (end.kind === "payment") return outcomeOf(end.payment);
    // The stream closed (or errored) after the payment was under way, with no final state: unknown.
    if (end.kind === "ended") return end.last ? outcomeOf(end.last) : { status: "in_flight" };
    // Refused before any update ("invoice is already paid", "payment is in transition", an expired or
    // malformed invoice): LND's own record of the payment decides; no record means nothing was sent.
    if (!end.grpc) refuse("paying an invoice", end.status, end.grpc, end.text);
    if (end.status === 401 || end.status === 403 || MACAROON_TROUBLE.test(end.grpc.message ?? "")) refuse("paying an invoice", end.status, end.grpc, end.text);
    return confirmRefusal(request.paymentHash, `LND refused the payment: ${end.grpc.message ?? `HTTP ${end.status}`}`);
  }

  return {
    kind: "lnd",
    livemode: config.network === "bitcoin",
    async getInfo(): Promise<NodeInfo> {
      const info = parseAnswer(target, lndGetinfo, (await unary("getinfo", "GET", "v1/getinfo")).json, "getinfo");
      const chain = info.chains[0];
      const network = chain.chain === "bitcoin" ? NETWORKS[chain.network] : undefined;
      if (!network) throw new BackendError("LND", "malformed", `getinfo: the node is on ${chain.chain} ${chain.network}, which Sluice does not support`);
      return { backend: "lnd", network, pubkey: info.identity_pubkey, alias: info.alias ?? "", version: info.version ?? null, livemode: network === "bitcoin" };
    },
    async createInvoice(input) {
      const body = { value_msat: input.amountMsat.toString(), memo: input.description, expiry: String(input.expirySeconds) };
      const added = parseAnswer(target, lndAddInvoice, (await unary("adding an invoice", "POST", "v1/invoices", body)).json, "adding an invoice");
      const decoded = decodeInvoice(added.payment_request);
      if (Buffer.from(added.r_hash, "base64").toString("hex") !== decoded.paymentHash) {
        throw new BackendError("LND", "malformed", "adding an invoice: r_hash does not match the invoice");
      }
      return { invoice: decoded.invoice, paymentHash: decoded.paymentHash, expiresAt: new Date(decoded.expiresAt * 1000) };
    },
    payInvoice,
    lookupPayment,
    async lookupInvoice(paymentHash) {
      const answer = await requestJson(target, "GET", `v1/invoice/${paymentHash}`);
      // NotFound: ErrInvoiceNotFound "unable to locate invoice", or ErrNoInvoicesCreated "there are no existing
      // invoices" while the node has made none (tests/fixtures/node-apis/lnd/invoices_errors.go).
      if (answer.status === 404 && /unable to locate invoice|there are no existing invoices|not found/i.test(grpcStatus(answer.json)?.message ?? "")) return null;
      if (answer.status < 200 || answer.status >= 300) refuse("looking up an invoice", answer.status, grpcStatus(answer.json), answer.text);
      const invoice = parseAnswer(target, lndInvoice, answer.json, "looking up an invoice");
      const settled = invoice.state === "SETTLED";
      // Received: amt_paid_msat, "the amount that was accepted for this invoice" (set once settled), never the
      // invoice's value_msat. A settled invoice without it is not an answer to credit anything on.
      if (settled && invoice.amt_paid_msat === undefined) throw new BackendError("LND", "malformed", "looking up an invoice: settled without amt_paid_msat");
      return { settled, amountMsat: invoice.value_msat || null, receivedMsat: settled ? invoice.amt_paid_msat! : 0n };
    },
    async getBalance() {
      const balance = parseAnswer(target, lndChannelBalance, (await unary("channel balance", "GET", "v1/balance/channels")).json, "channel balance");
      if (balance.local_balance) return { msat: balance.local_balance.msat };
      // `balance` is the deprecated field in whole sats, from LND releases before local_balance.
      if (balance.balance !== undefined) return { msat: satsToMsat(balance.balance) };
      throw new BackendError("LND", "malformed", "channel balance: no local_balance");
    },
  };
}
