// A Lightning Address / LNURL service on 127.0.0.1, answering as LUD-06 and LUD-16 describe: the first step
// at /.well-known/lnurlp/<user> (and /lnurlp/<user> for plain LNURL-pay links), and a callback that answers
// `{pr, routes: []}` with a real BOLT 11 invoice signed by its own node key. Each user name is a mode that
// misbehaves in one way, so payouts can be tested against every kind of bad service. It also serves an
// LNURL-withdraw first step (/withdraw) and a few broken replies for the scan tests.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signInvoice, type Network } from "@/lib/bolt11";
import { encodeLnurl } from "@/lib/lnurl/codec";

/** How the service behaves for a user: each mode is also the user name that selects it. */
export const PAY_MODES = ["alice", "wrong-amount", "wrong-network", "expired", "hash-mismatch", "refuses", "no-invoice", "withdraw-tag"] as const;
export type PayMode = (typeof PAY_MODES)[number];

export type CallbackRequest = { user: string; amountMsat: bigint; comment: string | null };

export type FakeLnurlPay = {
  url: string;
  /** host:port, the domain of its Lightning Addresses. */
  domain: string;
  network: Network;
  pubkey: string;
  minSendable: number;
  maxSendable: number;
  /** Every callback call, in order. */
  requests: CallbackRequest[];
  /** Every invoice it handed out, by payment hash. */
  invoices: Map<string, string>;
  address: (mode: PayMode) => string;
  /** The bech32 LNURL of a user's pay link, and of the withdraw link. */
  lnurlp: (mode: PayMode) => string;
  lnurlw: () => string;
  metadata: (user: string) => string;
  close: () => Promise<void>;
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": typeof body === "string" ? "text/plain" : "application/json", "Access-Control-Allow-Origin": "*" });
  res.end(text);
}

export async function startFakeLnurlPay(options: { network?: Network; minSendable?: number; maxSendable?: number } = {}): Promise<FakeLnurlPay> {
  const network = options.network ?? "regtest";
  const minSendable = options.minSendable ?? 1_000;
  const maxSendable = options.maxSendable ?? 1_000_000_000;
  const key = secp256k1.utils.randomSecretKey();
  const requests: CallbackRequest[] = [];
  const invoices = new Map<string, string>();
  let base = "";
  let domain = "";

  const metadata = (user: string) => JSON.stringify([["text/plain", `Pay ${user} at the test shop`], ["text/identifier", `${user}@${domain}`]]);

  function invoice(user: PayMode, amountMsat: bigint): string {
    const preimage = randomBytes(32);
    const paymentHash = createHash("sha256").update(preimage).digest("hex");
    const hashOf = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    const now = Math.floor(Date.now() / 1000);
    const pr = signInvoice(
      {
        network: user === "wrong-network" ? (network === "testnet" ? "regtest" : "testnet") : network,
        amountMsat: user === "wrong-amount" ? amountMsat + 1_000n : amountMsat,
        paymentHash,
        paymentSecret: randomBytes(32).toString("hex"),
        descriptionHash: hashOf(user === "hash-mismatch" ? "some other metadata" : metadata(user)),
        expirySeconds: user === "expired" ? 600 : 3600,
        timestamp: user === "expired" ? now - 7200 : now,
      },
      key,
    );
    invoices.set(paymentHash, pr);
    return pr;
  }

  function payRequest(user: PayMode) {
    if (user === "withdraw-tag") return withdrawRequest();
    return { tag: "payRequest", callback: `${base}/lnurlp/${user}/callback`, minSendable, maxSendable, metadata: metadata(user), commentAllowed: 140 };
  }

  function withdrawRequest() {
    return { tag: "withdrawRequest", callback: `${base}/withdraw/callback`, k1: "ab".repeat(32), defaultDescription: "Test voucher", minWithdrawable: 1_000, maxWithdrawable: 50_000 };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    const first = /^\/(?:\.well-known\/lnurlp|lnurlp)\/([a-z0-9\-_.+]+)$/.exec(url.pathname);
    const callback = /^\/lnurlp\/([a-z0-9\-_.+]+)\/callback$/.exec(url.pathname);
    if (first) {
      const user = first[1] as PayMode;
      if (!PAY_MODES.includes(user)) return send(res, 404, { status: "ERROR", reason: `No user ${user} here.` });
      return send(res, 200, payRequest(user));
    }
    if (callback) {
      const user = callback[1] as PayMode;
      const amount = url.searchParams.get("amount") ?? "";
      if (!/^\d+$/.test(amount)) return send(res, 200, { status: "ERROR", reason: "amount is missing" });
      requests.push({ user, amountMsat: BigInt(amount), comment: url.searchParams.get("comment") });
      if (user === "refuses") return send(res, 200, { status: "ERROR", reason: "This shop is closed today." });
      if (user === "no-invoice") return send(res, 200, { routes: [] });
      const amountMsat = BigInt(amount);
      if (amountMsat < minSendable || amountMsat > maxSendable) return send(res, 200, { status: "ERROR", reason: "Amount out of range." });
      return send(res, 200, { pr: invoice(user, amountMsat), routes: [] });
    }
    if (url.pathname === "/withdraw") return send(res, 200, withdrawRequest());
    if (url.pathname === "/not-json") return send(res, 200, "<html>hello</html>");
    if (url.pathname === "/no-tag") return send(res, 200, { hello: "world" });
    if (url.pathname === "/broken-metadata") return send(res, 200, { ...payRequest("alice"), metadata: "not json" });
    if (url.pathname === "/server-error") return send(res, 500, { message: "oops" });
    if (url.pathname === "/channel") return send(res, 200, { tag: "channelRequest", uri: "x@y:9735", callback: `${base}/c`, k1: "00" });
    return send(res, 404, { status: "ERROR", reason: "Not found." });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  domain = `127.0.0.1:${port}`;
  return {
    url: base,
    domain,
    network,
    pubkey: Buffer.from(secp256k1.getPublicKey(key, true)).toString("hex"),
    minSendable,
    maxSendable,
    requests,
    invoices,
    address: (mode) => `${mode}@${domain}`,
    lnurlp: (mode) => encodeLnurl(`${base}/lnurlp/${mode}`),
    lnurlw: () => encodeLnurl(`${base}/withdraw`),
    metadata,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** An address on loopback where nothing listens: a service that cannot be reached. */
export async function unreachableDomain(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
