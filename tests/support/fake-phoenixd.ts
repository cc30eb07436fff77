// A fake phoenixd on 127.0.0.1 that answers the routes Sluice uses as phoenixd's Api.kt does, with the JSON
// shapes of its JsonSerializers.kt (both vendored in tests/fixtures/node-apis/phoenixd/, ACINQ/phoenixd
// 402c2eac):
// - Api.kt, install(Authentication): HTTP Basic; the user name is ignored, the password is the full-access or
//   the limited-access one. The routes inside authenticate("full-access", strategy = Required) (here:
//   payinvoice) take only the full-access password; anything else is 401 with StatusPages' text.
// - Api.kt, install(StatusPages): errors are plain text: an exception's message with its status (400 for a
//   missing or unreadable parameter, 500 otherwise), 401 "Invalid authentication (…)", 404 "Unknown endpoint
//   (check api doc)", 405 "Invalid http method (…)", and a lookup that found nothing (204) as 404 "Not found".
// - Parameters of POST routes are form fields (call.receiveParameters()); path parameters are hex32.
// - JSON as Api.kt's Json writes it: `explicitNulls = false` leaves null fields out; an answer responded as
//   ApiType (the payment lookups) carries the discriminator `type`.
// Every JSON answer is checked against JsonSerializers.kt as it is sent (phoenixd-definition.ts; what breaks it
// is in `violations`) and recorded (`answers`, with its ApiType class) so that tests can also check it against
// the adapter's shapes.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { decodeInvoice, type Network } from "@/lib/bolt11";
import { FakeNode, serveFake, type FakeInvoice, type FakePayment, type FakeServer } from "./fake-lightning";
import { answerViolations } from "./phoenixd-definition";

/** The ApiType classes (JsonSerializers.kt) the fake answers with. */
export type PhoenixdClass = "NodeInfo" | "Balance" | "GeneratedInvoice" | "PaymentSent" | "PaymentFailed" | "IncomingPayment" | "OutgoingPayment";

export type PhoenixdAnswer = { route: string; className: PhoenixdClass; body: Record<string, unknown> };

export type PhoenixdRequest = { method: string; path: string; contentType: string | undefined; form: Record<string, string>; access: "full" | "limited" | null };

export type FakePhoenixd = FakeServer & {
  node: FakeNode;
  /** phoenix.conf's http-password (full access) and http-password-limited-access. */
  password: string;
  limitedPassword: string;
  /** NodeParams.chain as GET /getinfo writes it; by default the node's network's name. */
  chain: string | undefined;
  version: string;
  feeCreditSat: number;
  /** Routes ("GET getinfo", "GET payments/outgoingbyhash") that never answer. */
  hang: Set<string>;
  requests: PhoenixdRequest[];
  answers: PhoenixdAnswer[];
  /** A customer pays one of our invoices, phoenixd keeping `feeMsat` of it (a liquidity fee). */
  receive(hash: string, feeMsat?: bigint): void;
};

const CHAIN_OF: Record<Network, string> = { bitcoin: "mainnet", testnet: "testnet", signet: "signet", regtest: "regtest" };

const UNAUTHORIZED = "Invalid authentication (use basic auth with the http password set in phoenix.conf)";

// Satoshi fields: MilliSatoshi.truncateToSatoshi().
const sats = (msat: bigint) => Number(msat / 1000n);

/** A Ktor BadRequestException (MissingRequestParameterException, ParameterConversionException, badRequest()). */
class BadRequest extends Error {}
const missing = (name: string) => new BadRequest(`Request parameter ${name} is missing`);
const invalidType = (name: string, type: string) => new BadRequest(`Request parameter ${name} couldn't be parsed/converted to ${type}`);

function optionalLong(form: URLSearchParams, name: string): number | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidType(name, "integer");
  return Number(value);
}

function hex32(value: string, name: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw invalidType(name, "hex32");
  return value.toLowerCase();
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "text/plain; charset=UTF-8", ...headers }).end(text);
}

/**
 * `port` lets a test bring "the same phoenixd" back on the address it had after taking it down (its passwords
 * are the same in every fake).
 */
export async function startFakePhoenixd(node = new FakeNode(), options: { port?: number } = {}): Promise<FakePhoenixd> {
  const paymentIds = new Map<string, string>();
  const received = new Map<string, { feeMsat: bigint; at: number }>();
  const state = {
    node,
    password: "f".repeat(64),
    limitedPassword: "1".repeat(64),
    chain: undefined as string | undefined,
    version: "0.6.2-fake",
    feeCreditSat: 0,
    hang: new Set<string>(),
    requests: [] as PhoenixdRequest[],
    answers: [] as PhoenixdAnswer[],
  };

  // Each JSON answer is checked against JsonSerializers.kt as it is sent; what breaks it goes to the server's
  // `violations` (close() then rejects), as every fake's answers do.
  function sendJson(res: http.ServerResponse, route: string, className: PhoenixdClass, body: Record<string, unknown>): void {
    if (res.destroyed || res.writableEnded) return;
    state.answers.push({ route, className, body });
    server.checked.count++;
    for (const v of answerViolations(className, body)) server.violations.push(`${route} → ${className}: ${v}`);
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body, null, 4));
  }

  // ApiType.OutgoingPayment(LightningOutgoingPayment), responded as ApiType (so with `type`).
  const outgoing = (p: FakePayment) => {
    if (!paymentIds.has(p.hash)) paymentIds.set(p.hash, randomUUID());
    const completed = p.status !== "pending";
    return {
      type: "outgoing_payment",
      subType: "lightning",
      paymentId: paymentIds.get(p.hash)!,
      paymentHash: p.hash,
      ...(p.status === "succeeded" ? { preimage: p.preimage } : {}),
      isPaid: p.status === "succeeded",
      sent: sats(p.amountMsat + p.feeMsat),
      fees: Number(p.feeMsat),
      invoice: p.invoice,
      ...(completed ? { completedAt: p.createdAt * 1000 + 500 } : {}),
      createdAt: p.createdAt * 1000,
    };
  };

  // ApiType.IncomingPayment(Bolt11IncomingPayment), responded as ApiType (so with `type`).
  const incoming = (i: FakeInvoice) => {
    const receipt = i.settled ? (received.get(i.hash) ?? { feeMsat: 0n, at: i.createdAt * 1000 + 500 }) : undefined;
    const expiresAt = (i.createdAt + i.expiry) * 1000;
    return {
      type: "incoming_payment",
      subType: "lightning",
      paymentHash: i.hash,
      preimage: i.preimage,
      description: i.description,
      invoice: i.invoice,
      isPaid: i.settled,
      isExpired: Date.now() > expiresAt,
      requestedSat: sats(i.amountMsat),
      receivedSat: receipt ? sats(i.amountMsat - receipt.feeMsat) : 0,
      fees: receipt ? Number(receipt.feeMsat) : 0,
      expiresAt,
      ...(receipt ? { completedAt: receipt.at } : {}),
      createdAt: i.createdAt * 1000,
    };
  };

  // PaymentSent(event): amounts truncated to sats.
  const paymentSent = (p: FakePayment) => ({
    recipientAmountSat: sats(p.amountMsat),
    routingFeeSat: sats(p.feeMsat),
    paymentId: paymentIds.get(p.hash) ?? (paymentIds.set(p.hash, randomUUID()), paymentIds.get(p.hash)!),
    paymentHash: p.hash,
    paymentPreimage: p.preimage,
  });

  const paymentFailed = (p: FakePayment) => ({ paymentHash: p.hash, reason: p.failure ?? "failed" });

  const ROUTES: Record<string, "GET" | "POST"> = {
    getinfo: "GET",
    getbalance: "GET",
    createinvoice: "POST",
    payinvoice: "POST",
    "payments/incoming": "GET",
    "payments/outgoingbyhash": "GET",
  };
  const FULL_ACCESS_ONLY = new Set(["payinvoice"]);

  const server = await serveFake(async (req, res, raw) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname.replace(/^\/+/, "");
    // The lookups' {paymentHash}; GET payments/incoming without one (the listing) is not simulated.
    const [, base, param] = /^(payments\/incoming|payments\/outgoingbyhash)\/([^/]+)$/.exec(path) ?? [null, path, undefined];
    const route = base!;
    if (!(route in ROUTES) || (route.startsWith("payments/") && param === undefined)) return sendText(res, 404, "Unknown endpoint (check api doc)");
    if (req.method !== ROUTES[route]) return sendText(res, 405, "Invalid http method (use the correct GET/POST)");

    const header = req.headers.authorization ?? "";
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
    const decoded = basic ? Buffer.from(basic[1], "base64").toString("utf8") : null;
    const password = decoded !== null && decoded.includes(":") ? decoded.slice(decoded.indexOf(":") + 1) : null;
    const access = password === state.password ? "full" : password === state.limitedPassword ? "limited" : null;
    const contentType = req.headers["content-type"];
    const form = req.method === "POST" && contentType?.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(raw) : new URLSearchParams();
    state.requests.push({ method: req.method!, path, contentType, form: Object.fromEntries(form), access });
    const challenge = { "www-authenticate": 'Basic realm="Ktor Server", charset=UTF-8' };
    if (access === null || (FULL_ACCESS_ONLY.has(route) && access !== "full")) return sendText(res, 401, UNAUTHORIZED, challenge);
    if (state.hang.has(`${req.method} ${route}`)) return; // never answered
    // call.receiveParameters() reads form fields only: a JSON body is refused (as Ktor's content negotiation
    // finds no converter from it to Parameters).
    if (req.method === "POST" && raw !== "" && !contentType?.startsWith("application/x-www-form-urlencoded")) return sendText(res, 415, "Unsupported Media Type");

    try {
      switch (route) {
        case "getinfo":
          return sendJson(res, route, "NodeInfo", {
            nodeId: node.pubkey,
            channels: [
              {
                state: "Normal",
                channelId: "c".repeat(64),
                balanceSat: sats(node.balanceMsat),
                inboundLiquiditySat: 2_000_000,
                capacitySat: sats(node.balanceMsat) + 2_000_000,
                fundingTxId: "d".repeat(64),
              },
            ],
            chain: state.chain ?? CHAIN_OF[node.network],
            blockHeight: 850_000,
            version: state.version,
          });
        case "getbalance":
          return sendJson(res, route, "Balance", { balanceSat: sats(node.balanceMsat), feeCreditSat: state.feeCreditSat });
        case "createinvoice": {
          const amountSat = optionalLong(form, "amountSat");
          const description = form.get("description");
          if (description !== null && description.length > 128) throw new BadRequest("Request parameter description is too long (max 128 characters)");
          const descriptionHash = form.get("descriptionHash");
          if (descriptionHash !== null) hex32(descriptionHash, "descriptionHash");
          if ((description === null) === (descriptionHash === null)) throw new BadRequest("Must provide either a description or descriptionHash");
          const expirySeconds = optionalLong(form, "expirySeconds");
          // The fake signs only invoices with an amount and a description (all Sluice asks for).
          if (amountSat === undefined || description === null) throw new Error("fake phoenixd: only invoices with an amount and a description are simulated");
          const invoice = node.createInvoice(BigInt(amountSat) * 1000n, description, expirySeconds ?? 3600);
          return sendJson(res, route, "GeneratedInvoice", { amountSat, paymentHash: invoice.hash, serialized: invoice.invoice });
        }
        case "payments/incoming": {
          const hash = hex32(param!, "paymentHash");
          const invoice = node.invoices.get(hash);
          return invoice ? sendJson(res, route, "IncomingPayment", incoming(invoice)) : sendText(res, 404, "Not found");
        }
        case "payments/outgoingbyhash": {
          const hash = hex32(param!, "paymentHash");
          node.lookups.push(hash);
          const payment = node.payments.get(hash);
          return payment ? sendJson(res, route, "OutgoingPayment", outgoing(payment)) : sendText(res, 404, "Not found");
        }
        case "payinvoice": {
          // getOptionalAmount(), then getInvoice("invoice"), then the amount: override ?: invoice.amount ?: missing.
          if (form.has("sendAll") && form.has("amountSat")) throw new BadRequest("Cannot use both amountSat and sendAll request parameters");
          if (form.has("sendAll")) throw new Error("fake phoenixd: sendAll is not simulated");
          const overrideSat = optionalLong(form, "amountSat");
          const text = form.get("invoice");
          if (text === null) throw missing("invoice");
          let amountMsat: bigint | null;
          try {
            amountMsat = decodeInvoice(text).amountMsat;
          } catch {
            throw invalidType("invoice", "bolt11invoice");
          }
          if (overrideSat === undefined && amountMsat === null) throw missing("amountSat");
          // phoenixd has no idempotency: a repeated call is another attempt. The fake counts it (payCalls) and,
          // having no second record to make, answers with the first attempt's state.
          const { payment, behaviour } = node.startPayment(text);
          if (behaviour === "hang") return; // never answered; the payment stays pending
          if (behaviour === "drop") return void req.socket.destroy();
          if (behaviour === "server_error") return sendText(res, 500, "java.lang.IllegalStateException: peer disconnected");
          const answer = () => {
            if (payment.status === "succeeded") sendJson(res, route, "PaymentSent", paymentSent(payment));
            else sendJson(res, route, "PaymentFailed", paymentFailed(payment));
          };
          // peer.payInvoice() returns only once the payment succeeded or failed.
          if (payment.status === "pending") return node.watch(payment.hash, answer);
          return answer();
        }
      }
    } catch (error) {
      return sendText(res, error instanceof BadRequest ? 400 : 500, (error as Error).message);
    }
  }, undefined, options.port);

  return Object.assign(state, {
    url: server.url,
    violations: server.violations,
    checked: server.checked,
    close: server.close,
    receive(hash: string, feeMsat = 0n) {
      node.receive(hash);
      node.balanceMsat -= feeMsat;
      received.set(hash, { feeMsat, at: Date.now() });
    },
  });
}
