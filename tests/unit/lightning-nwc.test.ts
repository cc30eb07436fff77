// Contract tests of the Nostr Wallet Connect adapter (lib/lightning/nwc/) against a relay and a wallet service
// on loopback (tests/support/fake-nwc.ts), both held to the NIP texts vendored in tests/fixtures/node-apis/nwc/
// (nostr-protocol/nips db5fe3de, public domain). Followed:
//   nip-47.md "Nostr Wallet Connect URI" — nostr+walletconnect://<pubkey>?relay=…&secret=…[&lud16=…], and its
//     example connection string;
//   nip-47.md "Info Event" / "Encryption" — kind 13194, `encryption` tag "nip44_v2 nip04"; no tag: NIP-04; the
//     request says its scheme in its own `encryption` tag; the appendix's example info event;
//   nip-47.md "Request and Response Events" — kind 23194 with a `p` tag to the wallet, optional `expiration`;
//     kind 23195 with `e` the request's id; { result_type, error: { code, message } | null, result };
//   nip-47.md "Commands" — pay_invoice, make_invoice, lookup_invoice, get_balance, get_info: request params and
//     response fields (checked on every exchange by tests/support/nwc-definition.ts); "Error codes";
//   nip-44.md "Tests and code" — the example test vector (sec1, sec2, conversation_key, nonce, payload);
//   nip-01.md — EVENT/OK (with "<prefix>: " on false), REQ/EOSE/CLOSE, replaceable and ephemeral kinds.
import * as nip44 from "nostr-tools/nip44";
import { finalizeEvent, generateSecretKey, getEventHash, getPublicKey, verifyEvent } from "nostr-tools/pure";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { checkLightningNode, NodeCheckError } from "@/lib/lightning/check-node";
import { BackendError } from "@/lib/lightning/http";
import { nwcBackend, REQUIRED_METHODS, type NwcConfig } from "@/lib/lightning/nwc";
import { chooseEncryption } from "@/lib/lightning/nwc/client";
import { parseNwcUrl } from "@/lib/lightning/nwc/connection-uri";
import { FakeNode, unusedUrl } from "../support/fake-lightning";
import { nwcConnectionOf, startFakeWallet, type FakeWallet } from "../support/fake-nwc";
import { nip47Definition, readNwcFixture } from "../support/nwc-definition";

const hexToBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

const connectionOf = nwcConnectionOf;

let wallet: FakeWallet;
const payee = new FakeNode("regtest");

function backend(overrides: Partial<NwcConfig> = {}, w = wallet) {
  return nwcBackend({ connection: connectionOf(w.nwcUrl), network: "regtest", timeoutMs: 2000, payGraceMs: 300, ...overrides });
}

function pay(invoice: string, b = backend(), timeoutSeconds = 1) {
  const decoded = decodeInvoice(invoice);
  return b.payInvoice({ invoice, paymentHash: decoded.paymentHash, amountMsat: decoded.amountMsat!, feeLimitMsat: 10_000n, timeoutSeconds });
}

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackendError);
  return error as BackendError;
}

const invoiceOf = (sats: bigint) => payee.createInvoice(sats * 1000n, "payout").invoice;

describe("the NIP texts the adapter follows", () => {
  it("reads nip-47.md's example connection string", () => {
    const example = /```sh\n(nostr\+walletconnect:\/\/\S+)\n```/.exec(readNwcFixture("nip-47.md"))![1];
    expect(connectionOf(example)).toEqual({
      walletPubkey: "b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4",
      relays: ["wss://relay.damus.io"],
      secret: "71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c",
      lud16: undefined,
    });
  });

  it("refuses connection URIs NIP-47 does not allow, naming what is wrong and none of the URI", () => {
    const secret = "ab".repeat(32);
    const pubkey = "cd".repeat(32);
    const cases: [string, RegExp][] = [
      [`https://${pubkey}?relay=wss://r.example&secret=${secret}`, /nostr\+walletconnect:\/\//],
      [`nostr+walletconnect://${pubkey.slice(2)}?relay=wss://r.example&secret=${secret}`, /public key/],
      [`nostr+walletconnect://${pubkey}?secret=${secret}`, /relay=/],
      [`nostr+walletconnect://${pubkey}?relay=https://r.example&secret=${secret}`, /wss:\/\//],
      [`nostr+walletconnect://${pubkey}?relay=ws://r.example&secret=${secret}`, /ws:\/\/ is allowed only on/],
      [`nostr+walletconnect://${pubkey}?relay=wss://r.example&secret=${secret.slice(1)}`, /secret=/],
    ];
    for (const [url, problem] of cases) {
      const parsed = parseNwcUrl(url);
      expect(parsed.ok, url).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problem).toMatch(problem);
        expect(parsed.problem).not.toContain(secret.slice(0, 16));
      }
    }
  });

  it("reads nip-47.md's example info event: NIP-44 v2 from its encryption tag, NIP-04 without one", () => {
    const text = readNwcFixture("nip-47.md");
    const example = JSON.parse(/### Example NIP-47 info event\n\n```yaml\n([\s\S]*?)```/.exec(text)![1]);
    // The example is illustrative: its id is not the hash of its fields, so a signature check (nostr-tools'
    // verifyEvent, which the adapter applies to every event a relay sends) refuses it.
    expect(getEventHash(example)).not.toBe(example.id);
    expect(verifyEvent(example)).toBe(false);
    expect(example.kind).toBe(13194);
    expect(example.content.split(" ")).toEqual(expect.arrayContaining([...REQUIRED_METHODS]));
    expect(chooseEncryption(example.tags.find((t: string[]) => t[0] === "encryption")[1])).toBe("nip44_v2");
    expect(chooseEncryption("nip04")).toBe("nip04");
    expect(chooseEncryption(undefined)).toBe("nip04");
  });

  it("nostr-tools' NIP-44 v2 reproduces nip-44.md's example test vector", () => {
    const vector = JSON.parse(/Example of a test vector from the file:\n\n```json\n([\s\S]*?)```/.exec(readNwcFixture("nip-44.md"))![1]);
    const key = nip44.v2.utils.getConversationKey(hexToBytes(vector.sec1), getPublicKey(hexToBytes(vector.sec2)));
    expect(Buffer.from(key).toString("hex")).toBe(vector.conversation_key);
    expect(nip44.v2.encrypt(vector.plaintext, key, hexToBytes(vector.nonce))).toBe(vector.payload);
    const back = nip44.v2.utils.getConversationKey(hexToBytes(vector.sec2), getPublicKey(hexToBytes(vector.sec1)));
    expect(nip44.v2.decrypt(vector.payload, back)).toBe(vector.plaintext);
  });

  it("reads each command's request params and response fields from nip-47.md", () => {
    const definition = nip47Definition();
    expect(definition.methods.pay_invoice).toEqual({ params: ["invoice", "amount", "metadata"], result: ["preimage", "fees_paid"] });
    expect(definition.methods.get_info.result).toEqual(expect.arrayContaining(["network", "methods", "pubkey", "alias"]));
    expect(definition.methods.lookup_invoice.params).toEqual(["payment_hash", "invoice"]);
    expect(definition.errorCodes).toEqual(expect.arrayContaining(["PAYMENT_FAILED", "NOT_FOUND", "UNSUPPORTED_ENCRYPTION", "INTERNAL", "OTHER"]));
  });
});

describe("the NWC adapter against a wallet service on a loopback relay", () => {
  beforeEach(async () => {
    wallet = await startFakeWallet(new FakeNode("regtest"));
  });
  afterEach(async () => {
    expect(wallet.violations).toEqual([]);
    await wallet.close();
  });

  it("passes the start-up check: get_info answers on the right network with every method Sluice calls, over NIP-44 v2", async () => {
    const info = await checkLightningNode(backend(), "regtest");
    expect(info).toEqual({ backend: "nwc", network: "regtest", pubkey: wallet.node.pubkey, alias: "fake-node", version: null, livemode: false });
    const request = wallet.requests.find((r) => r.method === "get_info")!;
    expect(request.encryption).toBe("nip44_v2");
    expect(request.tags).toEqual(expect.arrayContaining([["p", wallet.walletPubkey], ["encryption", "nip44_v2"]]));
    expect(wallet.checked.count).toBeGreaterThan(0);
  });

  it("refuses to start when the connection may not call what Sluice needs, naming the missing methods", async () => {
    wallet.methods = ["pay_invoice", "get_balance", "get_info"];
    const error = await checkLightningNode(backend(), "regtest").then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(NodeCheckError);
    expect((error as Error).message).toMatch(/does not allow lookup_invoice, make_invoice \(get_info lists only pay_invoice, get_balance, get_info\)/);
    expect((error as Error).message).not.toContain(connectionOf(wallet.nwcUrl).secret);
  });

  it("refuses to start on another network than LIGHTNING_NETWORK", async () => {
    wallet.network = "mainnet";
    await expect(checkLightningNode(backend(), "regtest")).rejects.toThrow(/is on Bitcoin|LIGHTNING_NETWORK=regtest/);
  });

  it("speaks NIP-04 to a wallet service whose info event has no encryption tag", async () => {
    await wallet.publishInfo(undefined);
    expect(await backend().getBalance()).toEqual({ msat: wallet.node.balanceMsat });
    const request = wallet.requests.at(-1)!;
    expect(request).toMatchObject({ method: "get_balance", encryption: "nip04" });
    expect(request.tags.some((t) => t[0] === "encryption")).toBe(false);
    expect(wallet.relay.received.at(-1)!.content).toContain("?iv=");
  });

  it("creates an invoice, and reads it back unpaid, then paid with the amount the wallet reports", async () => {
    const b = backend();
    const created = await b.createInvoice({ amountMsat: 21_000n, description: "deposit", expirySeconds: 600 });
    expect(decodeInvoice(created.invoice)).toMatchObject({ amountMsat: 21_000n, paymentHash: created.paymentHash });
    expect(wallet.requests.at(-1)).toMatchObject({ method: "make_invoice", params: { amount: 21000, description: "deposit", expiry: 600 } });
    expect(await b.lookupInvoice(created.paymentHash)).toEqual({ settled: false, amountMsat: 21_000n, receivedMsat: 0n });
    wallet.node.receive(created.paymentHash, 20_000n);
    expect(await b.lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_000n, receivedMsat: 20_000n });
    expect(await b.lookupInvoice("ee".repeat(32))).toBeNull();
  });

  it("pays once with an expiring request, records the fee, and never pays the same hash again", async () => {
    const invoice = invoiceOf(2000n);
    const hash = decodeInvoice(invoice).paymentHash;
    const outcome = await pay(invoice);
    expect(outcome).toEqual({ status: "succeeded", preimage: wallet.node.payments.get(hash)!.preimage, feeMsat: 1_500n });
    const request = wallet.requests.find((r) => r.method === "pay_invoice")!;
    expect(request.params).toEqual({ invoice });
    const expiration = Number(request.tags.find((t) => t[0] === "expiration")![1]);
    expect(expiration).toBeGreaterThan(Math.floor(Date.now() / 1000));
    expect(await pay(invoice)).toMatchObject({ status: "succeeded" });
    expect(wallet.node.payCalls).toEqual([hash]);
    expect(await backend().lookupPayment(hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("PAYMENT_FAILED is a failure once lookup_invoice agrees", async () => {
    const invoice = invoiceOf(1000n);
    wallet.node.script.set(decodeInvoice(invoice).paymentHash, "fail");
    expect(await pay(invoice)).toEqual({ status: "failed", reason: "The wallet service could not pay: PAYMENT_FAILED (no route)" });
  });

  it.each(["RATE_LIMITED", "NOT_IMPLEMENTED", "INSUFFICIENT_BALANCE", "QUOTA_EXCEEDED"])(
    "%s, a refusal, fails the payment without paying",
    async (code) => {
      wallet.errors.set("pay_invoice", code);
      expect(await pay(invoiceOf(1000n))).toMatchObject({ status: "failed", reason: expect.stringContaining(code) });
      expect(wallet.node.payCalls).toEqual([]);
    },
  );

  it.each([
    ["UNAUTHORIZED", "unauthorized"],
    ["RESTRICTED", "unauthorized"],
    ["UNSUPPORTED_ENCRYPTION", "status"],
  ])("%s, credentials or encryption refused, is never the payment's failure: thrown, the payment waits", async (code, reason) => {
    wallet.errors.set("pay_invoice", code);
    const error = await rejection(pay(invoiceOf(1000n)));
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(code);
    expect(wallet.node.payCalls).toEqual([]);
  });

  it.each(["INTERNAL", "OTHER", "NOT_FOUND", "SOMETHING_NEW"])("%s leaves the outcome unknown: thrown, never a failure", async (code) => {
    wallet.errors.set("pay_invoice", code);
    const error = await rejection(pay(invoiceOf(1000n)));
    expect(error.reason).toBe("status");
    expect(error.message).toMatch(/outcome is unknown/);
    // The fake's own check sees a code NIP-47 does not define (which a newer wallet service might send).
    if (code === "SOMETHING_NEW") expect(wallet.violations.splice(0)).toEqual(["pay_invoice: error code SOMETHING_NEW is not NIP-47's"]);
  });

  it("no response in time is in flight; the payment is then resolved by lookup_invoice alone", async () => {
    const invoice = invoiceOf(3000n);
    const hash = decodeInvoice(invoice).paymentHash;
    wallet.node.script.set(hash, "hang");
    expect(await pay(invoice)).toEqual({ status: "in_flight" });
    const b = backend();
    expect(await b.lookupPayment(hash)).toEqual({ status: "in_flight" });
    // Paying again while it is pending sends nothing.
    expect(await pay(invoice)).toEqual({ status: "in_flight" });
    expect(wallet.node.payCalls).toEqual([hash]);
    wallet.node.settle(hash);
    expect(await b.lookupPayment(hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("an INTERNAL error while paying leaves the payment to the lookup, which later finds it failed", async () => {
    const invoice = invoiceOf(1000n);
    const hash = decodeInvoice(invoice).paymentHash;
    wallet.node.script.set(hash, "server_error");
    expect((await rejection(pay(invoice))).reason).toBe("status");
    expect(await backend().lookupPayment(hash)).toEqual({ status: "in_flight" });
    wallet.node.fail(hash);
    expect(await backend().lookupPayment(hash)).toMatchObject({ status: "failed" });
    expect(await backend().lookupPayment("ab".repeat(32))).toEqual({ status: "not_found" });
  });

  it("ignores responses the wallet service did not sign: a forged signature, or another key's event", async () => {
    const invoice = invoiceOf(1000n);
    wallet.node.script.set(decodeInvoice(invoice).paymentHash, "hang");
    const forger = generateSecretKey();
    wallet.relay.onEvent = (request) => {
      if (request.kind !== 23194 || !request.tags.some((t) => t[0] === "expiration")) return;
      const body = JSON.stringify({ result_type: "pay_invoice", error: { code: "PAYMENT_FAILED", message: "forged" }, result: null });
      const content = nip44.v2.encrypt(body, nip44.v2.utils.getConversationKey(forger, request.pubkey));
      const signed = finalizeEvent({ kind: 23195, created_at: Math.floor(Date.now() / 1000), tags: [["p", request.pubkey], ["e", request.id]], content }, forger);
      wallet.relay.inject(signed);
      wallet.relay.inject({ ...signed, pubkey: wallet.walletPubkey });
    };
    // Neither forgery is taken for the wallet's answer: the payment stays in flight, never failed.
    expect(await pay(invoice)).toEqual({ status: "in_flight" });
  });

  it("a relay that goes silent is an unknown outcome (thrown as a timeout), and nothing is paid", async () => {
    const b = backend({ timeoutMs: 500 });
    await b.getInfo();
    wallet.relay.silent = true;
    expect((await rejection(pay(invoiceOf(1000n), b))).reason).toBe("timeout");
    expect(wallet.node.payCalls).toEqual([]);
  });

  it("a relay that refuses every request: unreachable, and nothing is paid", async () => {
    const b = backend();
    await b.getInfo();
    wallet.relay.refuse = true;
    const error = await rejection(pay(invoiceOf(1000n), b));
    expect(error.reason).toBe("unreachable");
    expect(error.message).toMatch(/every relay refused/);
    expect(wallet.node.payCalls).toEqual([]);
  });

  it("a relay that cannot be reached is unreachable, named by its host only", async () => {
    const dead = (await unusedUrl()).replace("http:", "ws:");
    const url = wallet.nwcUrl.replace(encodeURIComponent(wallet.relay.url), encodeURIComponent(dead));
    const error = await rejection(nwcBackend({ connection: connectionOf(url), network: "regtest", timeoutMs: 1000 }).getBalance());
    expect(error.reason).toBe("unreachable");
    expect(error.message).toContain(new URL(dead).host);
    expect(error.message).not.toContain(connectionOf(url).secret);
  });
});
