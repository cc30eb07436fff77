// A fake Core Lightning node behind CLNRest on 127.0.0.1: POST /v1/<method> with JSON parameters and the rune in
// the `Rune` header; 201 with the RPC result; RPC errors as HTTP 500 {code, message} (plugins/rest-plugin/src/
// handlers.rs); 403 without a rune, 401 with a rune the node did not issue. Results follow doc/schemas/*.json.
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkClnRequest, clnContract, clnMethodSchema } from "./contracts/cln-schema";
import { FakeNode, sendJson, serveFake, type FakePayment, type FakeServer } from "./fake-lightning";

export type FakeCln = FakeServer & {
  node: FakeNode;
  rune: string;
  calls: { method: string; params: Record<string, unknown> }[];
  /** The release getinfo reports, and whether the xpay plugin runs (disable-plugin=cln-xpay). From v26.06 `pay` is served by xpay (doc_schemas_pay.json); before v24.11 there is no xpay. */
  settings: { version: string; xpayPlugin: boolean };
};

const release = (version: string) => {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) * 100 + Number(m[2]) : 0;
};

/**
 * `port` lets a test bring "the same node" back on the address it had after taking it down (its rune is the
 * same in every fake).
 */
export async function startFakeCln(node = new FakeNode(), options: { version?: string; port?: number } = {}): Promise<FakeCln> {
  const settings = { version: options.version ?? "v26.06", xpayPlugin: true };
  const rune = "tU-RLjMiDpY2U0o3W1oFowar36RFGpWloPbW9-RuZdo9MyZpZD0wMjRi";
  const calls: FakeCln["calls"] = [];

  const pay = (p: FakePayment) => ({
    payment_hash: p.hash,
    status: p.status === "succeeded" ? "complete" : p.status,
    created_at: p.createdAt,
    created_index: 1,
    bolt11: p.invoice,
    destination: node.pubkey,
    amount_sent_msat: Number(p.status === "failed" ? 0n : p.amountMsat + p.feeMsat),
    ...(p.status === "succeeded" ? { preimage: p.preimage, amount_msat: Number(p.amountMsat), completed_at: p.createdAt } : {}),
  });

  // xpay (doc_schemas_xpay.json), also serving `pay` from v26.06: it answers when the payment is over, never
  // "pending"; a failure after its attempts or its time is 209 PAY_UNSPECIFIED_ERROR; a payment of a hash
  // already in progress or already paid is refused as a plugin error, -3 PLUGIN_ERROR
  // (common_jsonrpc_errors.h); a failed one may be paid again.
  const payWithXpay = (res: ServerResponse, req: IncomingMessage, invoice: string, as: "xpay" | "pay") => {
    const started = node.startPayment(invoice);
    const { payment, repeated } = started;
    let behaviour = started.behaviour;
    if (repeated && payment.status === "pending") return sendJson(res, 500, { code: -3, message: "Already have a payment in progress for this payment_hash" });
    if (repeated && payment.status === "succeeded") return sendJson(res, 500, { code: -3, message: "Already succeeded paying this payment_hash" });
    if (repeated) behaviour = node.resend(payment.hash);
    if (behaviour === "hang") return;
    if (behaviour === "drop") return void req.socket.destroy();
    if (behaviour === "server_error") return sendJson(res, 500, { code: -1, message: "Catchall nonspecific error" });
    const answer = () => {
      if (payment.status === "failed") return sendJson(res, 500, { code: 209, message: `Failed after 3 attempts. ${payment.failure ?? ""}`.trim() });
      const amounts = { amount_msat: Number(payment.amountMsat), amount_sent_msat: Number(payment.amountMsat + payment.feeMsat) };
      if (as === "xpay") return sendJson(res, 201, { payment_preimage: payment.preimage, failed_parts: 0, successful_parts: 1, ...amounts });
      return sendJson(res, 201, { payment_preimage: payment.preimage, payment_hash: payment.hash, created_at: payment.createdAt, parts: 1, status: "complete", ...amounts });
    };
    if (payment.status === "pending") return node.watch(payment.hash, answer);
    return answer();
  };

  const server = await serveFake((req, res, raw) => {
    const xpay = (invoice: string, as: "xpay" | "pay") => payWithXpay(res, req, invoice, as);
    if (req.method !== "POST" || !req.url?.startsWith("/v1/")) return sendJson(res, 404, { message: "Not Found" });
    const given = req.headers["rune"];
    // plugins_rest-plugin_src_shared.rs, verify_rune: no Rune header is AppError::Forbidden (403, 1501); a rune
    // checkrune refuses or finds invalid is AppError::Unauthorized (401, 1502 "Rune is not valid").
    if (given === undefined) return sendJson(res, 403, { code: 1501, message: "Not authorized: Missing rune" });
    if (given !== rune) return sendJson(res, 401, { code: 1502, message: "Rune is not valid" });
    const params = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const hash = params.payment_hash as string | undefined;
    calls.push({ method: req.url.slice(4), params });
    // lightningd checks parameters against the method's request schema before running it (-32602).
    const method = req.url.slice(4);
    if (clnMethodSchema(method)) {
      const invalid = checkClnRequest(method, params);
      if (invalid.length > 0) return sendJson(res, 500, { code: -32602, message: invalid.join("; ") });
    }

    switch (req.url.slice(4)) {
      case "getinfo":
        return sendJson(res, 201, {
          id: node.pubkey,
          alias: node.alias,
          color: "02bf81",
          num_peers: 1,
          num_pending_channels: 0,
          num_active_channels: 1,
          num_inactive_channels: 1,
          address: [],
          binding: [{ type: "ipv4", address: "127.0.0.1", port: 9735 }],
          version: settings.version,
          blockheight: 800_000,
          network: node.network,
          fees_collected_msat: 0,
          "lightning-dir": `/var/lib/cln/${node.network}`,
        });
      case "invoice": {
        const invoice = node.createInvoice(BigInt(params.amount_msat as number), params.description as string, params.expiry as number);
        return sendJson(res, 201, { bolt11: invoice.invoice, payment_hash: invoice.hash, payment_secret: "0".repeat(64), expires_at: invoice.createdAt + invoice.expiry, created_index: 1 });
      }
      case "listinvoices": {
        const invoice = hash ? node.invoices.get(hash) : undefined;
        const entry = invoice && {
          label: "x",
          created_index: 1,
          bolt11: invoice.invoice,
          payment_hash: invoice.hash,
          amount_msat: Number(invoice.amountMsat),
          status: invoice.settled ? "paid" : "unpaid",
          expires_at: invoice.createdAt + invoice.expiry,
          // listinvoices: a paid invoice carries amount_received_msat, "the amount actually received".
          ...(invoice.settled ? { pay_index: 1, amount_received_msat: Number(invoice.receivedMsat), paid_at: invoice.createdAt, payment_preimage: invoice.preimage } : {}),
        };
        return sendJson(res, 201, { invoices: entry ? [entry] : [] });
      }
      case "xpay":
        if (release(settings.version) < 2411 || !settings.xpayPlugin) return sendJson(res, 404, { code: -32601, message: "Unknown command 'xpay'" });
        return xpay(params.invstring as string, "xpay");
      case "pay": {
        if (release(settings.version) >= 2606 && settings.xpayPlugin) return xpay(params.bolt11 as string, "pay");
        if (typeof params.maxfee !== "number" || typeof params.retry_for !== "number") return sendJson(res, 500, { code: -32602, message: "maxfee and retry_for expected" });
        const { payment, behaviour, repeated } = node.startPayment(params.bolt11 as string);
        if (repeated && payment.status === "pending") return sendJson(res, 500, { code: 200, message: "Payment in progress" });
        if (!repeated && behaviour === "hang") return; // never answered; the payment stays pending
        if (!repeated && behaviour === "drop") return void req.socket.destroy();
        if (!repeated && behaviour === "server_error") return sendJson(res, 500, { code: -1, message: "Catchall nonspecific error" });
        if (payment.status === "failed") {
          return sendJson(res, 500, { code: 205, message: "Ran out of routes to try after 3 attempts: see `paystatus`", data: { getroute_tries: 3, sendpay_tries: 0 } });
        }
        const result = pay(payment);
        // pay.json's response: no bolt11, created_index or completed_at, and the preimage as payment_preimage.
        return sendJson(res, 201, {
          payment_hash: result.payment_hash,
          status: result.status,
          created_at: result.created_at,
          destination: result.destination,
          parts: 1,
          amount_msat: Number(payment.amountMsat),
          amount_sent_msat: Number(payment.amountMsat + payment.feeMsat),
          payment_preimage: payment.status === "succeeded" ? payment.preimage : "0".repeat(64),
        });
      }
      case "listpays": {
        if (hash) node.lookups.push(hash);
        const found = hash ? node.payments.get(hash) : undefined;
        return sendJson(res, 201, { pays: found ? [pay(found)] : [] });
      }
      case "listsendpays": {
        const found = hash ? node.payments.get(hash) : undefined;
        const part = found && {
          id: 1,
          groupid: 1,
          payment_hash: found.hash,
          status: found.status === "succeeded" ? "complete" : found.status,
          amount_msat: Number(found.amountMsat),
          amount_sent_msat: Number(found.amountMsat + found.feeMsat),
          created_at: found.createdAt,
        };
        return sendJson(res, 201, { payments: part ? [part] : [] });
      }
      case "listfunds":
        return sendJson(res, 201, {
          outputs: [
            { txid: "ab".repeat(32), output: 0, amount_msat: 99_000_000, scriptpubkey: "0014" + "11".repeat(20), status: "confirmed", blockheight: 799_000, reserved: false },
          ],
          channels: [
            {
              peer_id: "02".padEnd(66, "1"),
              connected: true,
              state: "CHANNELD_NORMAL",
              short_channel_id: "799000x1x0",
              channel_id: "cd".repeat(32),
              funding_txid: "ef".repeat(32),
              funding_output: 0,
              our_amount_msat: Number(node.balanceMsat),
              amount_msat: 10_000_000_000,
            },
            {
              peer_id: "03".padEnd(66, "2"),
              connected: false,
              state: "ONCHAIN",
              channel_id: "12".repeat(32),
              funding_txid: "34".repeat(32),
              funding_output: 1,
              our_amount_msat: 7_777_000,
              amount_msat: 8_000_000,
            },
          ],
        });
      default:
        return sendJson(res, 404, { code: -32601, message: "Unknown command" });
    }
  }, undefined, options.port, clnContract);
  return { ...server, node, rune, calls, settings };
}
