// What the fake nodes share: a scripted node (it signs real BOLT11 invoices and decides each payment's fate by
// its payment hash; every fake acts on one) and, for the HTTP ones (LND, Core Lightning, LNbits, phoenixd), a
// loopback HTTP(S) server that can hang requests.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { decodeInvoice, signInvoice, type Network } from "@/lib/bolt11";

/**
 * How the node treats one payment: settle or fail at once, never answer the pay call (the payment stays
 * pending), stay in flight until the test settles or fails it, answer the pay call with a server error, or
 * cut the connection once the pay call has arrived (the payment stays pending).
 */
export type Behaviour = "succeed" | "fail" | "hang" | "in_flight" | "server_error" | "drop";

export type FakePayment = {
  hash: string;
  invoice: string;
  amountMsat: bigint;
  status: "pending" | "succeeded" | "failed";
  feeMsat: bigint;
  preimage: string;
  failure: string | null;
  createdAt: number;
};

/** One of the node's invoices; `receivedMsat` is what the node received for it (0 until it is paid). */
export type FakeInvoice = {
  hash: string;
  invoice: string;
  preimage: string;
  amountMsat: bigint;
  description: string;
  settled: boolean;
  receivedMsat: bigint;
  createdAt: number;
  expiry: number;
};

export class FakeNode {
  readonly privateKey: Uint8Array;
  readonly pubkey: string;
  alias = "fake-node";
  balanceMsat = 5_000_000_000n;
  feeMsat = 1_500n;
  defaultBehaviour: Behaviour = "succeed";
  readonly script = new Map<string, Behaviour>();
  readonly payments = new Map<string, FakePayment>();
  readonly invoices = new Map<string, FakeInvoice>();
  /** Every pay call received, in order (payment hashes). */
  readonly payCalls: string[] = [];
  /**
   * Every lookup of a payment by its hash, in order (payment hashes), whichever fake served it: LND's track,
   * CLN's listpays, LNbits' GET /api/v1/payments/{hash}, phoenixd's GET /payments/outgoingbyhash/{hash}, NWC's
   * lookup_invoice. (LNbits and NWC read invoices through the same call, so a lookup of an invoice counts too.)
   */
  readonly lookups: string[] = [];
  /**
   * What the payees of invoices on the network reveal when paid, by payment hash: a payment settles with the
   * payee's preimage, as on Lightning. A payment to a hash not listed here settles with a random preimage
   * (a payee the test does not know).
   */
  readonly payeePreimages = new Map<string, string>();
  private readonly watchers = new Map<string, (() => void)[]>();

  /** `privateKey`: the node's key, for a node that keeps its identity across restarts (scripts/fake-node.ts); else a new one. */
  constructor(
    public network: Network = "regtest",
    privateKey: Uint8Array = secp256k1.utils.randomSecretKey(),
  ) {
    this.privateKey = privateKey;
    this.pubkey = Buffer.from(secp256k1.getPublicKey(privateKey, true)).toString("hex");
  }

  behaviourOf(hash: string): Behaviour {
    return this.script.get(hash) ?? this.defaultBehaviour;
  }

  createInvoice(amountMsat: bigint, description: string, expiry = 3600): FakeInvoice {
    const preimage = randomBytes(32).toString("hex");
    const hash = createHash("sha256").update(Buffer.from(preimage, "hex")).digest("hex");
    const invoice = signInvoice(
      { network: this.network, amountMsat, paymentHash: hash, paymentSecret: randomBytes(32).toString("hex"), description, expirySeconds: expiry },
      this.privateKey,
    );
    const record = { hash, invoice, preimage, amountMsat, description, settled: false, receivedMsat: 0n, createdAt: Math.floor(Date.now() / 1000), expiry };
    this.invoices.set(hash, record);
    return record;
  }

  /** Records an outgoing payment the first time an invoice is paid; a second call returns the first record. */
  startPayment(invoice: string): { payment: FakePayment; behaviour: Behaviour; repeated: boolean } {
    const decoded = decodeInvoice(invoice);
    this.payCalls.push(decoded.paymentHash);
    const existing = this.payments.get(decoded.paymentHash);
    const behaviour = this.behaviourOf(decoded.paymentHash);
    if (existing) return { payment: existing, behaviour, repeated: true };
    const payment: FakePayment = {
      hash: decoded.paymentHash,
      invoice: decoded.invoice,
      amountMsat: decoded.amountMsat ?? 0n,
      status: "pending",
      feeMsat: 0n,
      preimage: this.payeePreimages.get(decoded.paymentHash) ?? randomBytes(32).toString("hex"),
      failure: null,
      createdAt: Math.floor(Date.now() / 1000),
    };
    this.payments.set(payment.hash, payment);
    if (behaviour === "succeed") this.settle(payment.hash);
    if (behaviour === "fail") this.fail(payment.hash);
    return { payment, behaviour, repeated: false };
  }

  /** Starts a failed payment over, as a node that allows a failed payment to be sent again does. */
  resend(hash: string): Behaviour {
    const payment = this.payments.get(hash)!;
    const behaviour = this.behaviourOf(hash);
    Object.assign(payment, { status: "pending", failure: null, feeMsat: 0n, createdAt: Math.floor(Date.now() / 1000) });
    if (behaviour === "succeed") this.settle(hash);
    if (behaviour === "fail") this.fail(hash);
    return behaviour;
  }

  /** Calls `fn` once when the payment settles or fails (a streaming server writes its final update then). */
  watch(hash: string, fn: () => void): void {
    this.watchers.set(hash, [...(this.watchers.get(hash) ?? []), fn]);
  }

  private resolved(hash: string): void {
    const waiting = this.watchers.get(hash) ?? [];
    this.watchers.delete(hash);
    for (const fn of waiting) fn();
  }

  settle(hash: string): void {
    const payment = this.payments.get(hash)!;
    payment.status = "succeeded";
    payment.feeMsat = this.feeMsat;
    this.balanceMsat -= payment.amountMsat + payment.feeMsat;
    this.resolved(hash);
  }

  fail(hash: string, reason = "no route"): void {
    const payment = this.payments.get(hash)!;
    payment.status = "failed";
    payment.failure = reason;
    this.resolved(hash);
  }

  /**
   * A customer pays one of our invoices: by default its amount; a test may have the node report another
   * amount received (more, as a sender may overpay; or less, as a node that should have refused it).
   */
  receive(hash: string, receivedMsat?: bigint): void {
    const invoice = this.invoices.get(hash)!;
    invoice.settled = true;
    invoice.receivedMsat = receivedMsat ?? invoice.amountMsat;
    this.balanceMsat += invoice.receivedMsat;
  }
}

/** Every fake checks each answer it sends against the node's published definition (tests/support/contracts/). */
export type FakeServer = {
  url: string;
  /** Answers that broke the node's definition; close() rejects while there are any. */
  violations: string[];
  /** How many answers (or streamed lines) were checked. */
  checked: { count: number };
  close(): Promise<void>;
};

/** One answer as the fake sent it: `complete` is false when the connection closed before the answer ended. */
export type Exchange = { method: string; path: string; requestBody: string; status: number; contentType: string; body: string; complete: boolean };

/** The node's definition applied to one answer: the list of what breaks it (empty when it conforms), and how many checks ran. */
export type Contract = (exchange: Exchange) => { violations: string[]; checks: number };

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => unknown;

export class ContractViolation extends Error {
  constructor(violations: string[]) {
    super(`the fake node answered what its definition does not allow:\n${violations.join("\n")}`);
    this.name = "ContractViolation";
  }
}

/** Holds every chunk written to `res`, and hands the whole answer to `done` once, when it ended or its connection closed. */
function recordAnswer(res: http.ServerResponse, done: (body: string, complete: boolean) => void): void {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  let reported = false;
  const report = (complete: boolean) => {
    if (reported) return;
    reported = true;
    done(Buffer.concat(chunks).toString("utf8"), complete);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.write = ((...args: unknown[]) => {
    keep(args[0]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== "function") keep(args[0]);
    report(true);
    return end(...args);
  }) as typeof res.end;
  res.on("close", () => report(false));
}

/**
 * Serves a handler on 127.0.0.1 (on `port`, else any free one); `tls` makes it HTTPS. Hung requests are cut
 * when the server closes. With a `contract`, every answer is checked as it is sent; close() rejects with the
 * violations, so a fake that drifts from its node's definition fails the suite that used it.
 */
export async function serveFake(handler: Handler, tls?: { key: string; cert: string }, port = 0, contract?: Contract): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const violations: string[] = [];
  const checked = { count: 0 };
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const requestBody = Buffer.concat(chunks).toString("utf8");
      if (contract) {
        recordAnswer(res, (body, complete) => {
          if (!res.headersSent && !body) return; // nothing was answered (a hung or dropped call)
          const exchange: Exchange = {
            method: req.method ?? "GET",
            path: req.url ?? "/",
            requestBody,
            status: res.statusCode,
            contentType: String(res.getHeader("content-type") ?? ""),
            body,
            complete,
          };
          try {
            const result = contract(exchange);
            checked.count += result.checks;
            for (const v of result.violations) violations.push(`${exchange.method} ${exchange.path} → ${exchange.status}: ${v}`);
          } catch (error) {
            violations.push(`${exchange.method} ${exchange.path}: the check itself failed: ${(error as Error).message}`);
          }
        });
      }
      Promise.resolve(handler(req, res, requestBody)).catch((error: Error) => {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ detail: error.message }));
      });
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  server.on(tls ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A port already taken (a fixed one asked for) rejects, rather than leaving an unhandled "error" event.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${address.port}`,
    violations,
    checked,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => (violations.length > 0 ? reject(new ContractViolation(violations)) : resolve()));
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** A loopback URL where nothing listens (a port just freed, never connected to). */
export async function unusedUrl(protocol: "http" | "https" = "http"): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `${protocol}://127.0.0.1:${port}`;
}
