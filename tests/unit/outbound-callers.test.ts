// The three outbound callers against real loopback servers that fail: the Lightning backends' client (whose
// "unreachable" lets a payment be released as never sent, and whose "timeout" keeps it in flight), the LNURL
// service GET and the webhook POST. What each caller answers is what its users see.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BackendError, requestJson, type HttpTarget } from "@/lib/lightning/http";
import { fetchServiceJson } from "@/lib/lnurl-client/fetch-service-json";
import { postWebhook } from "@/lib/webhooks/post-webhook";
import { selfSignedCert, type Pem } from "../support/fake-lnd";
import { acceptAndClose, misbehavingServer, refusedPort, resetAfterRequest, type Behaviour, type RawServer } from "../support/misbehaving-servers";

const TIMEOUT_MS = 600;
const MAX_SERVICE_BODY = 256 * 1024;

let tls: Pem;
const open: RawServer[] = [];

beforeAll(() => {
  tls = selfSignedCert();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function serve(behaviour: Behaviour | ((path: string) => Behaviour), withTls?: Pem): Promise<RawServer> {
  const server = await misbehavingServer((req) => (typeof behaviour === "function" ? behaviour(req.url ?? "/") : behaviour), withTls);
  open.push(server);
  return server;
}

async function closer(): Promise<RawServer> {
  const server = await acceptAndClose();
  open.push(server);
  return server;
}

const ok: Behaviour = { kind: "answer", status: 200, body: JSON.stringify({ alias: "node" }) };

describe("the Lightning backends' client", () => {
  const target = (baseUrl: string, pinnedCertPem?: string): HttpTarget => ({ name: "LND", baseUrl, headers: { "Grpc-Metadata-macaroon": "00" }, pinnedCertPem, timeoutMs: TIMEOUT_MS });

  async function reasonOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    return (error as BackendError).reason;
  }

  it("reads a JSON answer, over TLS pinned to the node's self-signed certificate (named localhost, reached at 127.0.0.1)", async () => {
    const server = await serve(ok, tls);
    expect(await requestJson(target(server.url, tls.cert), "GET", "v1/getinfo")).toEqual({ status: 200, text: '{"alias":"node"}', json: { alias: "node" } });
  });

  it("a refused port is unreachable: the request surely never left", async () => {
    expect(await reasonOf(requestJson(target(`http://127.0.0.1:${await refusedPort()}`), "POST", "v1/pay", { a: 1 }))).toBe("unreachable");
  });

  it("TLS that fails before anything is sent is unreachable: an unpinned self-signed certificate, or another than the pinned one", async () => {
    const server = await serve(ok, tls);
    expect(await reasonOf(requestJson(target(server.url), "POST", "v1/pay", { a: 1 }))).toBe("unreachable");
    expect(await reasonOf(requestJson(target(server.url, selfSignedCert().cert), "POST", "v1/pay", { a: 1 }))).toBe("unreachable");
    expect(server.hits).toBe(0);
  });

  it("a connection accepted and closed without an answer is an unknown outcome (timeout), never unreachable", async () => {
    const server = await closer();
    expect(await reasonOf(requestJson(target(server.url), "POST", "v1/pay", { a: 1 }))).toBe("timeout");
    expect(server.hits).toBe(1);
  });

  it("a connection reset once the request arrived is an unknown outcome (timeout), never unreachable", async () => {
    const server = await resetAfterRequest();
    open.push(server);
    expect(await reasonOf(requestJson(target(server.url), "POST", "v1/pay", { a: 1 }))).toBe("timeout");
    expect(server.hits).toBe(1);
  });

  it("no answer in time, before or after the headers, is an unknown outcome (timeout)", async () => {
    for (const behaviour of [{ kind: "silent" }, { kind: "hang_after_headers", body: '{"partial":' }] as const) {
      const server = await serve(behaviour);
      const started = performance.now();
      expect(await reasonOf(requestJson(target(server.url), "POST", "v1/pay", { a: 1 }))).toBe("timeout");
      // At the limit, not at once (a timer may fire a little early: Node measures from the start of its tick).
      expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS / 2);
      expect(server.hits).toBe(1);
    }
  });

  it("an answer reset halfway is an unknown outcome (timeout)", async () => {
    const server = await serve({ kind: "reset_mid_body", body: '{"status":"IN_FLI' });
    expect(await reasonOf(requestJson(target(server.url), "POST", "v1/pay", { a: 1 }))).toBe("timeout");
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    const server = await serve((path) => (path === "/elsewhere" ? ok : { kind: "answer", status: 307, body: "", headers: { location: "/elsewhere" } }));
    expect(await requestJson(target(server.url), "POST", "v1/pay", { a: 1 })).toMatchObject({ status: 307 });
    expect(server.hits).toBe(1);
  });
});

describe("the LNURL service GET", () => {
  const policy = { allowPrivate: true, timeoutMs: TIMEOUT_MS };

  async function appErrorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, message: (error as AppError).message };
  }

  it("reads a JSON answer of up to 256 KB, and refuses one byte more without reading on", async () => {
    const padded = (size: number) => JSON.stringify({ tag: "payRequest", pad: "x".repeat(size - 29) });
    expect(padded(MAX_SERVICE_BODY)).toHaveLength(MAX_SERVICE_BODY);
    const server = await serve((path) => ({ kind: "answer", status: 200, body: padded(path === "/max" ? MAX_SERVICE_BODY : MAX_SERVICE_BODY + 1) }));
    expect(await fetchServiceJson(`${server.url}/max`, policy)).toMatchObject({ tag: "payRequest" });
    expect(await appErrorOf(fetchServiceJson(`${server.url}/over`, policy))).toEqual({
      code: "lnurl_bad_response",
      message: "The service at 127.0.0.1 sent more than 256 KB.",
    });
  });

  it("refuses a body that never ends at the size limit, not at the time limit", async () => {
    const server = await serve({ kind: "hang_after_headers", body: "x".repeat(MAX_SERVICE_BODY + 1) });
    expect(await appErrorOf(fetchServiceJson(server.url, { ...policy, timeoutMs: 20_000 }))).toMatchObject({ code: "lnurl_bad_response" });
  });

  it("says which way the service could not be reached", async () => {
    const refused = `http://127.0.0.1:${await refusedPort()}/p`;
    expect(await appErrorOf(fetchServiceJson(refused, policy))).toEqual({ code: "lnurl_unreachable", message: "The service at 127.0.0.1 refused the connection." });
    const closed = await closer();
    expect(await appErrorOf(fetchServiceJson(closed.url, policy))).toEqual({ code: "lnurl_unreachable", message: "The service at 127.0.0.1 could not be reached." });
    const tlsServer = await serve(ok, tls);
    expect(await appErrorOf(fetchServiceJson(tlsServer.url, policy))).toEqual({ code: "lnurl_unreachable", message: "The service at 127.0.0.1 has a TLS certificate problem." });
    expect(tlsServer.hits).toBe(0);
  });

  it("gives up at the time limit, before or after the headers, and on an answer cut halfway", async () => {
    for (const behaviour of [{ kind: "silent" }, { kind: "hang_after_headers", body: '{"tag":' }] as const) {
      const server = await serve(behaviour);
      expect(await appErrorOf(fetchServiceJson(server.url, policy))).toEqual({ code: "lnurl_unreachable", message: "The service at 127.0.0.1 did not answer within 1 s." });
    }
    const cut = await serve({ kind: "reset_mid_body", body: '{"tag":' });
    expect(await appErrorOf(fetchServiceJson(cut.url, policy))).toEqual({ code: "lnurl_unreachable", message: "The answer of the service at 127.0.0.1 was cut off." });
  });

  it("does not follow a redirect", async () => {
    const server = await serve((path) => (path === "/elsewhere" ? ok : { kind: "answer", status: 302, body: "", headers: { location: "/elsewhere" } }));
    expect(await appErrorOf(fetchServiceJson(`${server.url}/p`, policy))).toMatchObject({ code: "lnurl_bad_response", message: expect.stringMatching(/redirect \(HTTP 302\)/) });
    expect(server.hits).toBe(1);
  });

  it("connects to the address it checked, with the URL's host name in the Host header", async () => {
    let host: string | undefined;
    const server = await misbehavingServer((req) => {
      host = req.headers.host;
      return ok;
    });
    open.push(server);
    const url = `http://service.invalid:${server.port}/p`;
    expect(await fetchServiceJson(url, { ...policy, resolve: async () => [{ address: "127.0.0.1", family: 4 }] })).toEqual({ alias: "node" });
    expect(host).toBe(`service.invalid:${server.port}`);
  });
});

describe("the webhook POST", () => {
  const target = (url: string) => ({ url: new URL(url), address: "127.0.0.1", family: 4 as const });
  const post = (url: string) => postWebhook(target(url), '{"id":"evt_1"}', { "Content-Type": "application/json" }, TIMEOUT_MS);

  it("records the status of any answer, a redirect included (not followed), with the body read and dropped", async () => {
    const server = await serve((path) =>
      path === "/moved" ? { kind: "answer", status: 301, body: "", headers: { location: "/elsewhere" } } : { kind: "answer", status: 202, body: "x".repeat(MAX_SERVICE_BODY * 4) },
    );
    expect(await post(`${server.url}/hook`)).toMatchObject({ statusCode: 202, error: null });
    expect(await post(`${server.url}/moved`)).toMatchObject({ statusCode: 301, error: null });
    expect(server.hits).toBe(2);
  });

  it("says what went wrong when no answer came", async () => {
    expect(await post(`http://127.0.0.1:${await refusedPort()}/hook`)).toMatchObject({ statusCode: null, error: "Connection refused." });
    expect(await post(`${(await closer()).url}/hook`)).toMatchObject({ statusCode: null, error: "The connection was reset before an answer came." });
    expect(await post(`${(await serve(ok, tls)).url}/hook`)).toMatchObject({ statusCode: null, error: "TLS error: DEPTH_ZERO_SELF_SIGNED_CERT." });
    for (const behaviour of [{ kind: "silent" }, { kind: "hang_after_headers" }] as const) {
      const result = await post(`${(await serve(behaviour)).url}/hook`);
      expect(result).toMatchObject({ statusCode: null, error: "No answer within 1 s." });
      expect(result.latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS / 2);
    }
  });

  it("keeps the status of an answer cut halfway, and says it was cut", async () => {
    expect(await post(`${(await serve({ kind: "reset_mid_body", body: "accep" })).url}/hook`)).toMatchObject({ statusCode: 200, error: "The answer was cut off." });
  });
});
