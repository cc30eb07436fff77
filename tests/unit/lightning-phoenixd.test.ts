// Contract tests of the phoenixd adapter against a fake phoenixd (tests/support/fake-phoenixd.ts), both held to
// phoenixd's own API definition, vendored in tests/fixtures/node-apis/phoenixd/ (ACINQ/phoenixd 402c2eac,
// Apache-2.0) and read by tests/support/phoenixd-definition.ts. Followed (line numbers of the vendored files,
// pinned by the first test below):
//   Api.kt:86 Json { explicitNulls = false } — a null field is left out;
//   Api.kt:98 install(StatusPages) — exceptions as their message (400 for a missing or unreadable parameter),
//     :102 401 "Invalid authentication (…)", :111 NoContent → 404 "Not found", 404 "Unknown endpoint (…)";
//   Api.kt:117 install(Authentication) — basic { fullAccessPassword | limitedAccessPassword },
//     basic("full-access") { fullAccessPassword only }; the user name is not looked at;
//   Api.kt:146 get("getinfo") — NodeInfo, chain = nodeParams.chain.name.lowercase();
//   Api.kt:156 get("getbalance") — Balance(balanceSat, feeCreditSat);
//   Api.kt:179 post("createinvoice") — form amountSat, description (max 128) | descriptionHash, expirySeconds;
//     answers GeneratedInvoice(amountSat, paymentHash, serialized);
//   Api.kt:239 get("payments/incoming/{paymentHash}") — IncomingPayment (receivedSat: what arrived, after fees)
//     or NoContent;
//   Api.kt:273 get("payments/outgoingbyhash/{paymentHash}") — the best attempt (Succeeded > Pending > Failed) as
//     OutgoingPayment (isPaid, completedAt, fees in msat) or NoContent;
//   Api.kt:288 authenticate("full-access", strategy = Required) { :289 post("payinvoice") … } — form
//     amountSat/sendAll (getOptionalAmount), invoice (getInvoice: missing or unreadable → 400) read before
//     peer.payInvoice; answers PaymentSent or PaymentFailed, both HTTP 200; the limited password is 401 here;
//   JsonSerializers.kt: :48 Channel, :72 NodeInfo, :81 Balance, :89 GeneratedInvoice, :112 PaymentSent,
//     :124 PaymentFailed, :131 IncomingPayment, :173 OutgoingPayment.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { decodeInvoice } from "@/lib/bolt11";
import { checkLightningNode, NodeCheckError } from "@/lib/lightning/check-node";
import { BackendError } from "@/lib/lightning/http";
import { phoenixdBackend, type PhoenixdConfig } from "@/lib/lightning/phoenixd";
import {
  phoenixdBalance,
  phoenixdChannel,
  phoenixdGeneratedInvoice,
  phoenixdIncomingPayment,
  phoenixdNodeInfo,
  phoenixdOutgoingPayment,
  phoenixdPaymentFailed,
  phoenixdPaymentSent,
} from "@/lib/lightning/phoenixd/shapes";
import { FakeNode, serveFake, type FakeServer, unusedUrl } from "../support/fake-lightning";
import { startFakePhoenixd, type FakePhoenixd, type PhoenixdClass } from "../support/fake-phoenixd";
import { answerViolations, API_KT, apiRoute, apiRoutes, JSON_SERIALIZERS_KT, jsonFieldsOf, serialNameOf } from "../support/phoenixd-definition";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObject = z.ZodObject<any>;

const SHAPES: Record<PhoenixdClass | "Channel", AnyObject> = {
  NodeInfo: phoenixdNodeInfo,
  Channel: phoenixdChannel,
  Balance: phoenixdBalance,
  GeneratedInvoice: phoenixdGeneratedInvoice,
  PaymentSent: phoenixdPaymentSent,
  PaymentFailed: phoenixdPaymentFailed,
  IncomingPayment: phoenixdIncomingPayment,
  OutgoingPayment: phoenixdOutgoingPayment,
};

let fake: FakePhoenixd;
const extra: FakeServer[] = [];

function backend(overrides: Partial<PhoenixdConfig> = {}) {
  return phoenixdBackend({ url: fake.url, password: fake.password, network: "regtest", timeoutMs: 2000, payGraceMs: 300, ...overrides });
}

function pay(invoice: string, timeoutSeconds = 5, b = backend()) {
  const decoded = decodeInvoice(invoice);
  return b.payInvoice({ invoice, paymentHash: decoded.paymentHash, amountMsat: decoded.amountMsat!, feeLimitMsat: 10_000n, timeoutSeconds });
}

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackendError);
  return error as BackendError;
}

beforeEach(async () => {
  fake = await startFakePhoenixd(new FakeNode("regtest"));
});
// Every answer the fake gave in the test: the adapter's shape reads it, and it is what phoenixd defines.
afterEach(async () => {
  for (const { className, body } of fake.answers) {
    expect(SHAPES[className].safeParse(body).success, `${className}: ${JSON.stringify(body)}`).toBe(true);
    // JsonSerializers.kt's class, field for field (the fake also checks this as it answers: close() rejects on any).
    expect(answerViolations(className, body), `${className}: ${JSON.stringify(body)}`).toEqual([]);
  }
  await fake.close();
});
afterAll(async () => {
  await Promise.all(extra.map((s) => s.close()));
});

describe("phoenixd's API definition (Api.kt, JsonSerializers.kt)", () => {
  it("the lines cited above are where the vendored files have those handlers and classes", () => {
    const lines = Object.fromEntries(apiRoutes().map((r) => [r.path, r.line]));
    expect(lines).toMatchObject({ getinfo: 146, getbalance: 156, createinvoice: 179, "payments/incoming/{paymentHash}": 239, "payments/outgoingbyhash/{paymentHash}": 273, payinvoice: 289 });
    const at = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
    expect([86, 98, 102, 111, 117, 288]).toEqual(
      ["explicitNulls = false", "install(StatusPages)", "status(HttpStatusCode.Unauthorized)", "status(HttpStatusCode.NoContent)", "install(Authentication)", 'authenticate("full-access"'].map((n) => at(API_KT, n)),
    );
    const classes = ["Channel", "NodeInfo", "Balance", "GeneratedInvoice", "PaymentSent", "PaymentFailed", "IncomingPayment", "OutgoingPayment"];
    expect(classes.map((c) => at(JSON_SERIALIZERS_KT, `data class ${c}`))).toEqual([48, 72, 81, 89, 112, 124, 131, 173]);
  });

  it("the adapter's shapes are JsonSerializers.kt's classes field for field, nullable ones optional", () => {
    for (const [className, shape] of Object.entries(SHAPES)) {
      const fields = jsonFieldsOf(className);
      const keys = Object.keys(shape.shape).filter((k) => k !== "type");
      expect(keys.sort(), className).toEqual(fields.map((f) => f.json).sort());
      for (const field of fields) expect(shape.shape[field.json].isOptional(), `${className}.${field.json}`).toBe(field.nullable);
    }
    // The payment lookups are responded as ApiType: their `type` is the class's @SerialName.
    expect(serialNameOf("IncomingPayment")).toBe("incoming_payment");
    expect(serialNameOf("OutgoingPayment")).toBe("outgoing_payment");
  });

  it("the fake's own check of each answer names what breaks JsonSerializers.kt: an unknown field, a missing one, a null, a wrong type", () => {
    const balance = { balanceSat: 1, feeCreditSat: 0 };
    expect(answerViolations("Balance", balance)).toEqual([]);
    expect(answerViolations("Balance", { ...balance, extra: 1 })).toEqual(["Balance has no field extra"]);
    expect(answerViolations("Balance", { balanceSat: 1 })).toEqual(["Balance.feeCreditSat is not nullable but missing"]);
    expect(answerViolations("Balance", { ...balance, feeCreditSat: null })).toEqual(["Balance.feeCreditSat is written as null"]);
    const outgoing = { type: "incoming_payment", subType: "lightning", paymentId: "x", paymentHash: "a".repeat(64), isPaid: false, sent: 1, fees: 0, invoice: "lnbcrt1", createdAt: 1 };
    expect(answerViolations("OutgoingPayment", outgoing)).toEqual(['OutgoingPayment.type is "incoming_payment", not "outgoing_payment"']);
  });

  it("the routes the adapter calls exist with that method, and only payinvoice needs the full-access password", () => {
    const used = { getinfo: "GET", getbalance: "GET", createinvoice: "POST", payinvoice: "POST", "payments/incoming/{paymentHash}": "GET", "payments/outgoingbyhash/{paymentHash}": "GET" };
    for (const [path, method] of Object.entries(used)) {
      const route = apiRoute(path);
      expect(route.method, path).toBe(method);
      expect(route.fullAccessOnly, path).toBe(path === "payinvoice");
    }
    // Api.kt: authenticate("full-access", strategy = AuthenticationStrategy.Required) { post("payinvoice") … }
    expect(apiRoutes().filter((r) => r.fullAccessOnly).map((r) => r.path)).toEqual(
      expect.arrayContaining(["payinvoice", "payoffer", "paylnaddress", "lnurlpay", "sendtoaddress", "closechannel"]),
    );
    // Api.kt: post("payinvoice") reads the invoice before paying, so one without it pays nothing (the start-up check).
    const payinvoice = apiRoute("payinvoice").body;
    expect(payinvoice.indexOf('getInvoice("invoice")')).toBeLessThan(payinvoice.indexOf("peer.payInvoice"));
    expect(apiRoute("createinvoice").formParameters.sort()).toEqual(["amountSat", "description", "descriptionHash", "expirySeconds", "externalId", "webhookUrl"]);
  });

  it("the adapter sends form fields that Api.kt reads, form-encoded, with HTTP Basic and an empty user name", async () => {
    const b = backend();
    await b.getInfo();
    const created = await b.createInvoice({ amountMsat: 21_000n, description: "deposit", expirySeconds: 900 });
    await b.lookupInvoice(created.paymentHash);
    await pay(new FakeNode().createInvoice(5_000n, "payout").invoice, 5, b);
    for (const request of fake.requests) {
      expect(request.access).toBe("full");
      if (request.method !== "POST") continue;
      expect(request.contentType).toBe("application/x-www-form-urlencoded");
      const route = apiRoute(request.path);
      for (const name of Object.keys(request.form)) expect(route.formParameters, `${request.path} ${name}`).toContain(name);
    }
    expect(fake.requests.find((r) => r.path === "createinvoice")?.form).toEqual({ amountSat: "21", description: "deposit", expirySeconds: "900" });

    let authorization: string | undefined;
    const spy = await serveFake((req, res) => {
      authorization = req.headers.authorization;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ balanceSat: 1, feeCreditSat: 0 }));
    });
    extra.push(spy);
    await backend({ url: spy.url, password: "s3cret:with-colon" }).getBalance();
    expect(authorization).toBe(`Basic ${Buffer.from(":s3cret:with-colon").toString("base64")}`);
  });
});

describe("phoenixd adapter", () => {
  it("reads the node key and network (getinfo's chain) and the balance", async () => {
    const info = await backend().getInfo();
    expect(info).toEqual({ backend: "phoenixd", network: "regtest", pubkey: fake.node.pubkey, alias: "phoenixd", version: "0.6.2-fake", livemode: false });
    fake.node.balanceMsat = 1_234_567n;
    // Balance.balanceSat: whole sats, rounded down by phoenixd.
    expect(await backend().getBalance()).toEqual({ msat: 1_234_000n });
  });

  it("maps phoenixd's chain names, and a node on another network than configured stops the start", async () => {
    fake.chain = "mainnet";
    expect(await backend().getInfo()).toMatchObject({ network: "bitcoin", livemode: true });
    const refused = await checkLightningNode(backend(), "regtest").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeCheckError);
    expect((refused as Error).message).toMatch(/is on Bitcoin mainnet, but LIGHTNING_NETWORK=regtest/);
    for (const chain of ["testnet", "testnet3", "testnet4"]) {
      fake.chain = chain;
      expect((await backend().getInfo()).network).toBe("testnet");
    }
    fake.chain = "liquid";
    const unknown = await rejection(backend().getInfo());
    expect(unknown.reason).toBe("malformed");
    expect(unknown.message).toMatch(/"liquid", which Sluice does not support/);
    fake.chain = undefined;
    await expect(checkLightningNode(backend(), "regtest")).resolves.toMatchObject({ backend: "phoenixd", network: "regtest" });
  });

  it("start-up proves the password can pay with a pay call that carries no invoice: phoenixd answers 400, nothing is paid", async () => {
    // Api.kt:289 post("payinvoice"): getInvoice("invoice") throws MissingRequestParameterException (400) before peer.payInvoice.
    await backend().getInfo();
    const probes = fake.requests.filter((r) => r.path === "payinvoice");
    expect(probes).toEqual([expect.objectContaining({ form: {}, access: "full" })]);
    expect(fake.node.payCalls).toEqual([]);
    expect(fake.node.payments.size).toBe(0);
    // Once proven, not asked again by the same backend (the Node page calls getInfo on every read).
    const b = backend();
    await b.getInfo();
    await b.getInfo();
    expect(fake.requests.filter((r) => r.path === "payinvoice")).toHaveLength(2);
  });

  it("the limited-access password: reads work, but start-up refuses it plainly, and it never pays", async () => {
    // Api.kt:117 basic { … limitedAccessPassword -> limitedAccessUser } opens the reads; Api.kt:288
    // authenticate("full-access", strategy = Required) around :289 post("payinvoice") answers it 401.
    const limited = backend({ password: fake.limitedPassword });
    expect(await limited.getBalance()).toEqual({ msat: fake.node.balanceMsat });
    const error = await rejection(limited.getInfo());
    expect(error.reason).toBe("misconfigured");
    expect(error.message).toMatch(/PHOENIXD_PASSWORD is phoenixd's limited-access password \(http-password-limited-access in phoenix\.conf\)/);
    expect(error.message).toMatch(/Set PHOENIXD_PASSWORD to the full-access password, http-password in phoenix\.conf\./);
    const refused = await checkLightningNode(limited, "regtest").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeCheckError);
    expect((refused as Error).message).toMatch(/limited-access password.*Sluice will not start\.$/s);

    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    expect((await rejection(pay(invoice.invoice, 5, limited))).reason).toBe("unauthorized");
    expect(fake.node.payCalls).toEqual([]);
  });

  it("a wrong password is unauthorized for every call, and pays nothing", async () => {
    const wrong = backend({ password: "not-the-password" });
    expect((await rejection(wrong.getInfo())).reason).toBe("unauthorized");
    expect((await rejection(wrong.getBalance())).reason).toBe("unauthorized");
    expect((await rejection(wrong.lookupPayment("1".repeat(64)))).reason).toBe("unauthorized");
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    expect((await rejection(pay(invoice.invoice, 5, wrong))).reason).toBe("unauthorized");
    expect(fake.node.payCalls).toEqual([]);
    const refused = await checkLightningNode(wrong, "regtest").catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/Cannot talk to the Lightning node \(LIGHTNING_BACKEND=phoenixd\).*refused our credentials \(HTTP 401\)/);
    expect((refused as Error).message).not.toContain("not-the-password");
  });

  it("creates an invoice and reads it back, settled with the amount phoenixd received after its fees", async () => {
    // Api.kt:179 post("createinvoice"), Api.kt:239 get("payments/incoming/{paymentHash}"); JsonSerializers.kt:131
    // IncomingPayment.receivedSat = payment.amount.truncateToSatoshi().
    const created = await backend().createInvoice({ amountMsat: 21_000n, description: "deposit", expirySeconds: 900 });
    const decoded = decodeInvoice(created.invoice);
    expect(decoded.amountMsat).toBe(21_000n);
    expect(decoded.paymentHash).toBe(created.paymentHash);
    expect(created.expiresAt).toEqual(new Date(decoded.expiresAt * 1000));
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: false, amountMsat: 21_000n, receivedMsat: 0n });
    // A liquidity fee of 1,500 msat: IncomingPayment.receivedSat = 19,500 msat truncated to 19 sats.
    fake.receive(created.paymentHash, 1_500n);
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_000n, receivedMsat: 19_000n });
    expect(await backend().lookupInvoice("0".repeat(64))).toBeNull();
  });

  it("refuses millisat invoice amounts, and cuts a description to phoenixd's 128 characters", async () => {
    await expect(backend().createInvoice({ amountMsat: 1_500n, description: "x", expirySeconds: 60 })).rejects.toThrow(/whole sats/);
    const long = "Deposit to " + "€".repeat(200);
    const created = await backend().createInvoice({ amountMsat: 1_000n, description: long, expirySeconds: 60 });
    const sent = fake.requests.find((r) => r.path === "createinvoice")!.form.description;
    expect(sent).toHaveLength(128);
    expect(sent.endsWith("…")).toBe(true);
    expect(fake.node.invoices.get(created.paymentHash)!.description).toBe(sent);
  });

  it("pays an invoice once: succeeded with the preimage and the fee in msat from the payment record", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    const outcome = await pay(invoice.invoice);
    const paid = fake.node.payments.get(invoice.hash)!;
    // PaymentSent.routingFeeSat says 1 (sat, truncated); OutgoingPayment.fees says 1,500 msat.
    expect(fake.answers.find((a) => a.className === "PaymentSent")!.body.routingFeeSat).toBe(1);
    expect(outcome).toEqual({ status: "succeeded", preimage: paid.preimage, feeMsat: 1_500n });
    expect(fake.node.payCalls).toEqual([invoice.hash]);
    expect(fake.requests.find((r) => r.path === "payinvoice" && r.form.invoice)!.form).toEqual({ invoice: invoice.invoice });
    expect(await backend().lookupPayment(invoice.hash)).toEqual(outcome);
  });

  it("never sends a payment twice: a second pay call for a hash paid or pending answers from the lookup", async () => {
    // Api.kt:289 post("payinvoice") calls peer.payInvoice on every call: no idempotency. Api.kt:273
    // get("payments/outgoingbyhash/{paymentHash}") tells whether an attempt exists.
    const paidInvoice = new FakeNode().createInvoice(50_000n, "payout");
    const first = await pay(paidInvoice.invoice);
    expect(await pay(paidInvoice.invoice)).toEqual(first);
    expect(fake.node.payCalls).toEqual([paidInvoice.hash]);

    const pending = new FakeNode().createInvoice(60_000n, "payout");
    fake.node.script.set(pending.hash, "hang");
    expect(await pay(pending.invoice, 1)).toEqual({ status: "in_flight" });
    expect(await pay(pending.invoice, 1)).toEqual({ status: "in_flight" });
    expect(fake.node.payCalls.filter((h) => h === pending.hash)).toHaveLength(1);
  });

  it("a definite failure (PaymentFailed) is a failure, confirmed by the lookup", async () => {
    // Api.kt:296 PaymentNotSent → PaymentFailed (HTTP 200); Api.kt:273 an attempt Failed (not paid, completedAt set).
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "fail");
    expect(await pay(invoice.invoice)).toEqual({ status: "failed", reason: "phoenixd could not pay the invoice: no route" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "failed", reason: "phoenixd reports the payment failed." });
  });

  it("an invoice phoenixd cannot read (HTTP 400) is a failure: nothing was paid", async () => {
    const outcome = await backend().payInvoice({ invoice: "lnbcrt1notaninvoice", paymentHash: "2".repeat(64), amountMsat: 1_000n, feeLimitMsat: 0n, timeoutSeconds: 5 });
    expect(outcome).toEqual({ status: "failed", reason: "phoenixd refused the invoice: Request parameter invoice couldn't be parsed/converted to bolt11invoice" });
    expect(fake.node.payCalls).toEqual([]);
  });

  it("a pay call that never answers is in flight, never failed, until the lookup learns the outcome", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "hang");
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("a pay call still waiting on the payment at the timeout is in flight; the lookup then sees it fail", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.fail(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "failed" });
  });

  it("a connection cut after the pay call arrived is in flight, never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "drop");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded" });
    expect(fake.node.payCalls).toEqual([invoice.hash]);
  });

  it("a server error while paying is an unknown outcome (thrown), never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "server_error");
    expect((await rejection(pay(invoice.invoice))).reason).toBe("status");
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
  });

  it("when the lookup before paying cannot be answered, nothing is sent", async () => {
    fake.hang.add("GET payments/outgoingbyhash");
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    expect((await rejection(pay(invoice.invoice, 5, backend({ timeoutMs: 300 })))).reason).toBe("timeout");
    expect(fake.node.payCalls).toEqual([]);
  });

  it("a payment phoenixd never recorded is not_found; an unreachable phoenixd is thrown as unreachable", async () => {
    expect(await backend().lookupPayment("1".repeat(64))).toEqual({ status: "not_found" });
    const url = await unusedUrl();
    expect((await rejection(backend({ url }).lookupPayment("1".repeat(64)))).reason).toBe("unreachable");
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    expect((await rejection(pay(invoice.invoice, 5, backend({ url })))).reason).toBe("unreachable");
  });

  it("an unknown route's 404 is not 'no such payment', and an answer of another shape is malformed", async () => {
    const odd = await serveFake((req, res) => {
      if (req.url?.endsWith("3".repeat(64))) return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ isPaid: "yes" }));
      return res.writeHead(404, { "content-type": "text/plain" }).end("Unknown endpoint (check api doc)");
    });
    extra.push(odd);
    expect((await rejection(backend({ url: odd.url }).lookupPayment("4".repeat(64)))).reason).toBe("status");
    expect((await rejection(backend({ url: odd.url }).lookupInvoice("4".repeat(64)))).reason).toBe("status");
    expect((await rejection(backend({ url: odd.url }).lookupPayment("3".repeat(64)))).reason).toBe("malformed");
  });
});
