// The contract checks themselves (tests/support/contracts/): every fake node's answers are validated against
// the node's own definition (tests/fixtures/node-apis/), and a fake that answers what its definition does not
// allow fails the suite that used it, at close(). Each check is proven here on a deliberately bad answer.
import { afterEach, describe, expect, it } from "vitest";
import { checkClnRequest, checkSchema, clnContract, clnMethodSchema, CLN_ERROR_CODES } from "../support/contracts/cln-schema";
import { lnbitsContract } from "../support/contracts/lnbits-model";
import { checkSwagger, lndContract } from "../support/contracts/lnd-swagger";
import { ContractViolation, FakeNode, sendJson, serveFake, type Contract, type FakeServer, type Handler } from "../support/fake-lightning";
import { startFakeCln } from "../support/fake-cln";
import { startFakeLnbits } from "../support/fake-lnbits";
import { selfSignedCert, startFakeLnd } from "../support/fake-lnd";

const open: FakeServer[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
});

/** Serves one answer under a contract, asks for it, and returns what close() says. */
async function closeAfter(contract: Contract, handler: Handler, request: { method?: string; path: string; body?: unknown }): Promise<unknown> {
  const server = await serveFake(handler, undefined, 0, contract);
  const answer = await fetch(server.url + request.path, {
    method: request.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  await answer.text();
  return server.close().then(() => null, (e: unknown) => e);
}

describe("LND answers against lnrpc_lightning.swagger.json and lnrpc_routerrpc_router.swagger.json", () => {
  it("refuses int64 as a number, bytes not in base64, an enum value the proto lacks and an unknown field", () => {
    const invoice = { $ref: "#/definitions/lnrpcInvoice" };
    expect(checkSwagger(invoice, { value_msat: "21000", r_hash: Buffer.alloc(32, 1).toString("base64"), state: "SETTLED" })).toEqual([]);
    expect(checkSwagger(invoice, { value_msat: 21000 })).toEqual([expect.stringMatching(/\$\.value_msat: expected a string \(int64\)/)]);
    expect(checkSwagger(invoice, { r_hash: "ab".repeat(32) + "!" })).toEqual([expect.stringMatching(/not base64/)]);
    expect(checkSwagger(invoice, { state: "PAID" })).toEqual([expect.stringMatching(/"PAID" is not one of OPEN, SETTLED, CANCELED, ACCEPTED/)]);
    expect(checkSwagger(invoice, { amount_paid_msat: "1" })).toEqual(["$.amount_paid_msat: not a field of this message"]);
  });

  it("a fake answering a bad getinfo, or a bad stream line, fails at close()", async () => {
    const getinfo = await closeAfter(lndContract, (_req, res) => sendJson(res, 200, { identity_pubkey: "02" + "1".repeat(64), best_header_timestamp: 1700000000, chain: "bitcoin" }), { path: "/v1/getinfo" });
    expect(getinfo).toBeInstanceOf(ContractViolation);
    expect((getinfo as Error).message).toMatch(/GET \/v1\/getinfo → 200: \$\.best_header_timestamp: expected a string \(int64\)/);
    expect((getinfo as Error).message).toMatch(/\$\.chain: not a field of this message/);
    const stream = await closeAfter(
      lndContract,
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ result: { payment_hash: "ab".repeat(32), status: "SUCCEEDED" } }) + "\n" + JSON.stringify({ result: { status: "DONE" } }) + "\n");
      },
      { method: "POST", path: "/v2/router/send", body: {} },
    );
    expect((stream as Error).message).toMatch(/\$\.result\.status: "DONE" is not one of UNKNOWN, IN_FLIGHT, SUCCEEDED, FAILED, INITIATED/);
  });
});

describe("Core Lightning answers against doc/schemas/<method>.json and common_jsonrpc_errors.h", () => {
  it("reads the error codes from the header, and the schemas' CLN types and if/then rules", () => {
    expect(CLN_ERROR_CODES.get(209)).toBe("PAY_UNSPECIFIED_ERROR");
    expect(CLN_ERROR_CODES.get(-3)).toBe("PLUGIN_ERROR");
    expect(CLN_ERROR_CODES.get(200)).toBe("PAY_IN_PROGRESS");
    const listpays = clnMethodSchema("listpays")!.response;
    const pending = { payment_hash: "ab".repeat(32), status: "pending", created_at: 1, created_index: 1 };
    expect(checkSchema(listpays, { pays: [pending] })).toEqual([]);
    // listpays.json: a complete payment must carry amount_sent_msat and preimage.
    expect(checkSchema(listpays, { pays: [{ ...pending, status: "complete" }] })).toEqual(
      expect.arrayContaining(["$.pays[0].amount_sent_msat: required, missing", "$.pays[0].preimage: required, missing"]),
    );
    expect(checkSchema(listpays, { pays: [{ ...pending, payment_hash: "xyz" }] })).toEqual(['$.pays[0].payment_hash: "xyz" is not of type hash']);
    expect(checkClnRequest("xpay", { invstring: "lnbc1", maxfee: 10, retry_for: 60 })).toEqual([]);
    expect(checkClnRequest("xpay", { bolt11: "lnbc1" })).toEqual(expect.arrayContaining(["xpay params.invstring: required, missing", "xpay params.bolt11: not allowed here"]));
  });

  it("a fake answering xpay with pay's fields, or an error code the header lacks, fails at close()", async () => {
    const result = await closeAfter(clnContract, (_req, res) => sendJson(res, 201, { payment_preimage: "ab".repeat(32), status: "complete", amount_msat: 1, amount_sent_msat: 1 }), {
      method: "POST",
      path: "/v1/xpay",
      body: {},
    });
    expect((result as Error).message).toMatch(/POST \/v1\/xpay → 201: \$\.failed_parts: required, missing/);
    expect((result as Error).message).toMatch(/\$\.status: not allowed here/);
    const error = await closeAfter(clnContract, (_req, res) => sendJson(res, 500, { code: 4242, message: "made up" }), { method: "POST", path: "/v1/pay", body: {} });
    expect((error as Error).message).toMatch(/error code 4242 is not defined in common_jsonrpc_errors.h/);
  });
});

describe("LNbits answers against its handlers", () => {
  it("a fake answering a PaymentError status LNbits never writes, or a Payment with a field the model lacks, fails at close()", async () => {
    const refused = await closeAfter(lnbitsContract, (_req, res) => sendJson(res, 520, { detail: "Payment failed", status: "maybe" }), { method: "POST", path: "/api/v1/payments", body: {} });
    expect((refused as Error).message).toMatch(/POST \/api\/v1\/payments → 520: \$\.status/);
    const wallet = await closeAfter(lnbitsContract, (_req, res) => sendJson(res, 401, { detail: "Invalid key." }), { path: "/api/v1/wallet" });
    expect((wallet as Error).message).toMatch(/GET \/api\/v1\/wallet → 401: \$\.detail/);
  });
});

describe("the fakes are checked on every answer", () => {
  it("counts the answers checked, and a conforming run closes cleanly", async () => {
    const node = new FakeNode("regtest");
    const lnd = await startFakeLnd(node, selfSignedCert());
    const cln = await startFakeCln(node);
    const lnbits = await startFakeLnbits(node);
    await fetch(`${cln.url}/v1/getinfo`, { method: "POST", headers: { rune: cln.rune, "content-type": "application/json" }, body: "{}" }).then((r) => r.text());
    await fetch(`${lnbits.url}/api/v1/wallet`, { headers: { "X-Api-Key": lnbits.invoiceKey } }).then((r) => r.text());
    expect(cln.checked.count).toBe(1);
    expect(lnbits.checked.count).toBe(1);
    await expect(Promise.all([lnd.close(), cln.close(), lnbits.close()])).resolves.toBeDefined();
  });
});
