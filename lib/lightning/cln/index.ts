// Core Lightning over CLNRest: every RPC method is POST /v1/<method> with its parameters as a JSON object and
// the rune in the `Rune` header; errors come back as HTTP 500 with the RPC error ({code, message, data}).
import { randomUUID } from "node:crypto";
import { decodeInvoice, type Network } from "../../bolt11";
import { msatToJsonNumber } from "../../money";
import { BackendError, errorDetail, parseAnswer, requestJson, requireOk, type HttpTarget } from "../http";
import type { LightningBackend, NodeInfo, PaymentLookup, PaymentOutcome, PayRequest } from "../types";
import { clnGetinfo, clnInvoice, clnListfunds, clnListinvoices, clnListpays, clnListsendpays, clnPay, clnRpcError, clnXpay } from "./shapes";

export type ClnConfig = {
  url: string;
  rune: string;
  /** CLNRest's certificate or the CA that issued it (ca.pem); without it the system's roots are used. */
  tlsCertPem?: string;
  network: Network;
  timeoutMs?: number;
  /** How long after `retry_for` a pay call may still take before it counts as in flight. */
  payGraceMs?: number;
};

const NETWORKS: Record<string, Network> = { bitcoin: "bitcoin", testnet: "testnet", testnet4: "testnet", signet: "signet", regtest: "regtest" };

// Errors after which `pay` or `xpay` has given up for good (tests/fixtures/node-apis/cln/doc_schemas_pay.json,
// doc_schemas_xpay.json): 203 permanent failure at the destination, 205 no route, 206 too expensive, 207 invoice
// expired, 209 xpay's "failed after N attempts" / "timed out" (PAY_UNSPECIFIED_ERROR), 210 timed out with no
// payment in progress, and -32602 invalid parameters (the invoice refused). 201 (hash already paid elsewise)
// is read back as well. Each is final only once listpays agrees.
const GIVEN_UP = new Set([201, 203, 205, 206, 207, 209, 210, -32602]);
const PAY_IN_PROGRESS = 200;
// Not failures: xpay refuses a hash already in progress or already used as a plugin error (-3 PLUGIN_ERROR,
// common_jsonrpc_errors.h), and 219 "already paid". What happened is what listpays says, never a guess.
const ALREADY_USED = new Set([-3, 219]);
const METHOD_NOT_FOUND = -32601;

/** xpay serves payments from v26.06, where `pay` is deprecated (doc_schemas_pay.json: "deprecated": ["v26.06", "v27.03"]). */
export function payMethodFor(version: string | undefined): "xpay" | "pay" {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? "");
  return m && Number(m[1]) * 100 + Number(m[2]) >= 2606 ? "xpay" : "pay";
}

export function clnBackend(config: ClnConfig): LightningBackend {
  const target: HttpTarget = {
    name: "Core Lightning",
    baseUrl: config.url,
    headers: { Rune: config.rune },
    pinnedCertPem: config.tlsCertPem,
    timeoutMs: config.timeoutMs ?? 15_000,
  };

  async function rpc(method: string, params: Record<string, unknown>): Promise<unknown> {
    const answer = await requestJson(target, "POST", `v1/${method}`, params);
    requireOk(target, answer, method);
    return answer.json;
  }

  async function lookupPayment(paymentHash: string): Promise<PaymentLookup> {
    const { pays } = parseAnswer(target, clnListpays, await rpc("listpays", { payment_hash: paymentHash }), "listpays");
    if (pays.length === 0) return { status: "not_found" };
    const complete = pays.find((p) => p.status === "complete");
    if (complete) {
      let fee: bigint;
      if (complete.amount_msat !== undefined && complete.amount_sent_msat !== undefined) {
        fee = complete.amount_sent_msat - complete.amount_msat;
      } else {
        const parts = parseAnswer(target, clnListsendpays, await rpc("listsendpays", { payment_hash: paymentHash }), "listsendpays").payments;
        const done = parts.filter((p) => p.status === "complete");
        if (done.some((p) => p.amount_msat === undefined)) throw new BackendError(target.name, "malformed", "listsendpays: a part without amount_msat");
        fee = done.reduce((sum, p) => sum + p.amount_sent_msat - p.amount_msat!, 0n);
      }
      return { status: "succeeded", preimage: complete.preimage ?? null, feeMsat: fee };
    }
    if (pays.some((p) => p.status === "pending")) return { status: "in_flight" };
    return { status: "failed", reason: "Core Lightning reports the payment failed." };
  }

  // `pay` said it gave up: final only when listpays agrees (nothing recorded, or every attempt failed).
  async function confirmGivenUp(paymentHash: string, reason: string): Promise<PaymentOutcome> {
    const found = await lookupPayment(paymentHash);
    return found.status === "not_found" || found.status === "failed" ? { status: "failed", reason } : found;
  }

  // Which command pays: xpay from v26.06 (getinfo's version), `pay` before. A node without xpay (an older
  // release, or the plugin disabled) answers xpay with -32601 (CLNRest: 404), which did nothing: `pay` then.
  let payMethod: Promise<"xpay" | "pay"> | undefined;
  function choosePayMethod(): Promise<"xpay" | "pay"> {
    payMethod ??= rpc("getinfo", {}).then((info) => payMethodFor(parseAnswer(target, clnGetinfo, info, "getinfo").version));
    payMethod.catch(() => (payMethod = undefined));
    return payMethod;
  }

  // A hash already in progress or already used: what listpays knows, in flight unless it shows the payment done.
  async function alreadyUsed(paymentHash: string): Promise<PaymentOutcome> {
    const found = await lookupPayment(paymentHash);
    return found.status === "succeeded" ? found : { status: "in_flight" };
  }

  async function payInvoice(request: PayRequest): Promise<PaymentOutcome> {
    const method = await choosePayMethod();
    const limits = { maxfee: msatToJsonNumber(request.feeLimitMsat), retry_for: request.timeoutSeconds };
    const params = method === "xpay" ? { invstring: request.invoice, ...limits } : { bolt11: request.invoice, ...limits };
    let answer;
    try {
      answer = await requestJson(target, "POST", `v1/${method}`, params, request.timeoutSeconds * 1000 + (config.payGraceMs ?? 10_000));
    } catch (error) {
      if (error instanceof BackendError && error.reason === "timeout") return { status: "in_flight" };
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (method === "xpay") {
        // xpay answers only a payment that succeeded.
        const paid = parseAnswer(target, clnXpay, answer.json, "xpay");
        return { status: "succeeded", preimage: paid.payment_preimage, feeMsat: paid.amount_sent_msat - paid.amount_msat };
      }
      const paid = parseAnswer(target, clnPay, answer.json, "pay");
      if (paid.status === "complete") {
        return { status: "succeeded", preimage: paid.payment_preimage ?? null, feeMsat: paid.amount_sent_msat - paid.amount_msat };
      }
      if (paid.status === "pending") return { status: "in_flight" };
      return confirmGivenUp(request.paymentHash, "Core Lightning could not pay the invoice.");
    }
    const rpcError = clnRpcError.safeParse(answer.json);
    const code = rpcError.success ? rpcError.data.code : undefined;
    if (method === "xpay" && answer.status === 404 && code === METHOD_NOT_FOUND) {
      payMethod = Promise.resolve("pay");
      return payInvoice(request);
    }
    if (answer.status === 500 && code !== undefined && GIVEN_UP.has(code)) {
      return confirmGivenUp(request.paymentHash, `Core Lightning: ${errorDetail(answer) || `error ${code}`}`);
    }
    if (answer.status === 500 && code === PAY_IN_PROGRESS) return { status: "in_flight" };
    if (answer.status === 500 && code !== undefined && ALREADY_USED.has(code)) return alreadyUsed(request.paymentHash);
    requireOk(target, answer, method);
    throw new BackendError(target.name, "status", `${method}: unexpected HTTP ${answer.status}`, answer.status);
  }

  return {
    kind: "cln",
    livemode: config.network === "bitcoin",
    async getInfo(): Promise<NodeInfo> {
      const info = parseAnswer(target, clnGetinfo, await rpc("getinfo", {}), "getinfo");
      const network = NETWORKS[info.network];
      if (!network) throw new BackendError(target.name, "malformed", `getinfo: the node is on "${info.network}", which Sluice does not support`);
      return { backend: "cln", network, pubkey: info.id, alias: info.alias ?? "", version: info.version ?? null, livemode: network === "bitcoin" };
    },
    async createInvoice(input) {
      const params = { amount_msat: msatToJsonNumber(input.amountMsat), label: `sluice-${randomUUID()}`, description: input.description, expiry: input.expirySeconds };
      const created = parseAnswer(target, clnInvoice, await rpc("invoice", params), "invoice");
      const decoded = decodeInvoice(created.bolt11);
      if (decoded.paymentHash !== created.payment_hash) throw new BackendError(target.name, "malformed", "invoice: the invoice does not carry the payment hash given");
      return { invoice: decoded.invoice, paymentHash: created.payment_hash, expiresAt: new Date(created.expires_at * 1000) };
    },
    payInvoice,
    lookupPayment,
    async lookupInvoice(paymentHash) {
      const { invoices } = parseAnswer(target, clnListinvoices, await rpc("listinvoices", { payment_hash: paymentHash }), "listinvoices");
      const invoice = invoices[0];
      if (!invoice) return null;
      const settled = invoice.status === "paid";
      // Received: amount_received_msat, "the amount actually received" (required once paid), never the invoice's
      // amount_msat. A paid invoice without it is not an answer to credit anything on.
      if (settled && invoice.amount_received_msat === undefined) throw new BackendError(target.name, "malformed", "listinvoices: paid without amount_received_msat");
      return { settled, amountMsat: invoice.amount_msat ?? null, receivedMsat: settled ? invoice.amount_received_msat! : 0n };
    },
    async getBalance() {
      // What the node can spend: our side of channels that are open and usable.
      const { channels } = parseAnswer(target, clnListfunds, await rpc("listfunds", {}), "listfunds");
      const usable = channels.filter((c) => c.state === undefined || c.state === "CHANNELD_NORMAL");
      return { msat: usable.reduce((sum, c) => sum + c.our_amount_msat, 0n) };
    },
  };
}
