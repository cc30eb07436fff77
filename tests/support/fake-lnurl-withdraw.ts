// Another service's LNURL-withdraw link on 127.0.0.1 (an LNbits withdraw link, a voucher), answering as LUD-03
// describes: the first step `GET /withdraw/<mode>` → {tag:"withdrawRequest", callback, k1, defaultDescription,
// minWithdrawable, maxWithdrawable} (msat), any number of times; the callback `GET <callback>?k1=…&pr=…` checks
// k1 and the invoice's amount, answers {"status":"OK"} and then pays the invoice, or {"status":"ERROR", reason}
// with HTTP 200. By default it pays through the simulator's own API in-process (the demo customer wallet), so
// Sluice's node really sees the invoice paid; browser tests pass a payer that reaches their server's simulator. Each mode misbehaves in one way; the callback carries a query of its own
// (`?voucher=…`), which a client must keep.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeInvoice } from "@/lib/bolt11";
import { payFromDemoWallet } from "@/lib/lightning/simulator/demo-wallet";
import { encodeLnurl } from "@/lib/lnurl/codec";

/**
 * ok: pays; silent: answers OK and never pays; refuses: the callback answers ERROR; garbled: the callback
 * answers something that is neither OK nor ERROR (and then pays); closed: the first step answers ERROR;
 * pay-link: the first step is a payRequest; bad-range: min above max.
 */
export const WITHDRAW_MODES = ["ok", "silent", "refuses", "garbled", "closed", "pay-link", "bad-range"] as const;
export type WithdrawMode = (typeof WITHDRAW_MODES)[number];

export type WithdrawCallback = { mode: WithdrawMode; k1: string | null; pr: string | null; voucher: string | null; answer: "OK" | "ERROR" | "garbled" };

export type FakeLnurlWithdraw = {
  url: string;
  domain: string;
  k1: string;
  minWithdrawable: number;
  maxWithdrawable: number;
  /** Every callback call, in order. */
  callbacks: WithdrawCallback[];
  /** How many first steps it answered. */
  firstSteps: () => number;
  /** The bech32 LNURL (upper case, as QR codes carry it) and the LUD-17 form of a mode's link. */
  lnurl: (mode: WithdrawMode) => string;
  lnurlw: (mode: WithdrawMode) => string;
  /** Resolves once every payment started so far has finished, with their outcomes. */
  paid: () => Promise<unknown[]>;
  close: () => Promise<void>;
};

function send(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
  res.end(JSON.stringify(body));
}

export async function startFakeLnurlWithdraw(
  options: { minWithdrawable?: number; maxWithdrawable?: number; pay?: (invoice: string) => Promise<unknown> } = {},
): Promise<FakeLnurlWithdraw> {
  const pay = options.pay ?? ((invoice: string) => payFromDemoWallet(invoice));
  const minWithdrawable = options.minWithdrawable ?? 1_000;
  // Not a whole number of sats, on purpose: a client invoices whole sats, so it must round down.
  const maxWithdrawable = options.maxWithdrawable ?? 50_000_500;
  const k1 = randomBytes(32).toString("hex");
  const callbacks: WithdrawCallback[] = [];
  const payments: Promise<unknown>[] = [];
  const used = new Set<string>();
  let firstSteps = 0;
  let base = "";

  function firstStep(mode: WithdrawMode) {
    if (mode === "closed") return { status: "ERROR", reason: "This voucher is no longer valid." };
    const callback = `${base}/withdraw/${mode}/callback?voucher=${mode}-1`;
    if (mode === "pay-link") return { tag: "payRequest", callback, minSendable: 1000, maxSendable: 1000000, metadata: '[["text/plain","Pay us"]]' };
    const [min, max] = mode === "bad-range" ? [maxWithdrawable, minWithdrawable] : [minWithdrawable, maxWithdrawable];
    return { tag: "withdrawRequest", callback, k1, defaultDescription: "Test voucher", minWithdrawable: min, maxWithdrawable: max };
  }

  function callback(mode: WithdrawMode, url: URL): { status: "OK" } | { status: "ERROR"; reason: string } {
    const pr = url.searchParams.get("pr");
    if (url.searchParams.get("k1") !== k1) return { status: "ERROR", reason: "Unknown k1." };
    if (mode === "refuses") return { status: "ERROR", reason: "This voucher has already been used." };
    if (!pr) return { status: "ERROR", reason: "pr is missing." };
    let amount: bigint | null;
    try {
      amount = decodeInvoice(pr).amountMsat;
    } catch {
      return { status: "ERROR", reason: "That is not a valid invoice." };
    }
    if (amount === null || amount < BigInt(minWithdrawable) || amount > BigInt(maxWithdrawable)) return { status: "ERROR", reason: "Amount out of range." };
    if (used.has(mode)) return { status: "ERROR", reason: "This voucher has already been used." };
    used.add(mode);
    return { status: "OK" };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    const match = /^\/withdraw\/([a-z-]+)(\/callback)?$/.exec(url.pathname);
    const mode = match?.[1] as WithdrawMode | undefined;
    if (!match || !mode || !WITHDRAW_MODES.includes(mode)) return send(res, { status: "ERROR", reason: "Not found." });
    if (!match[2]) {
      firstSteps++;
      return send(res, firstStep(mode));
    }
    const reply = callback(mode, url);
    const answer = mode === "garbled" && reply.status === "OK" ? "garbled" : reply.status;
    callbacks.push({ mode, k1: url.searchParams.get("k1"), pr: url.searchParams.get("pr"), voucher: url.searchParams.get("voucher"), answer });
    // LUD-03: answer first, then pay (the payment is counted at once, so paid() cannot miss it).
    if (reply.status === "OK" && mode !== "silent") {
      const answered = new Promise<void>((resolve) => res.on("finish", resolve));
      payments.push(answered.then(() => pay(url.searchParams.get("pr")!)));
    }
    send(res, mode === "garbled" && reply.status === "OK" ? { status: "accepted, probably" } : reply);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    domain: `127.0.0.1:${port}`,
    k1,
    minWithdrawable,
    maxWithdrawable,
    callbacks,
    firstSteps: () => firstSteps,
    lnurl: (mode) => encodeLnurl(`${base}/withdraw/${mode}`),
    lnurlw: (mode) => `lnurlw://127.0.0.1:${port}/withdraw/${mode}`,
    paid: () => Promise.all(payments),
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
