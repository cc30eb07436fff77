// The outbound module at its boundary, against real loopback servers: what reaches the server, and how each
// failure is classified. "unreachable" (the request surely never left) is what lets a payment be released as
// never sent, so only failures before any connection may carry it.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { discardBody, openRequest, OutboundError, readText, type OutboundRequest } from "@/lib/outbound";
import { classifyFailure } from "@/lib/outbound/outbound-error";
import { selfSignedCert, type Pem } from "../support/fake-lnd";
import { acceptAndClose, misbehavingServer, refusedPort, resetAfterRequest, type Behaviour, type RawServer } from "../support/misbehaving-servers";

const TIMEOUT_MS = 600;

let tls: Pem;
const open: RawServer[] = [];

beforeAll(() => {
  tls = selfSignedCert();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function serve(behaviour: Behaviour | ((req: http.IncomingMessage) => Behaviour), withTls?: Pem): Promise<RawServer> {
  const server = await misbehavingServer(typeof behaviour === "function" ? behaviour : () => behaviour, withTls);
  open.push(server);
  return server;
}

const get = (url: string, extra: Partial<OutboundRequest> = {}) => openRequest({ url: new URL(url), method: "GET", timeoutMs: TIMEOUT_MS, ...extra });

async function failureOf(promise: Promise<unknown>): Promise<Pick<OutboundError, "failure" | "outcome" | "code">> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(OutboundError);
  const { failure, outcome, code } = error as OutboundError;
  return { failure, outcome, code };
}

const ok: Behaviour = { kind: "answer", status: 200, body: '{"ok":true}' };

describe("what reaches the server", () => {
  it("sends the method, path, query, headers and body, and reads the answer", async () => {
    let seen: { method?: string; url?: string; token?: string; body: string } = { body: "" };
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        seen = { method: req.method, url: req.url, token: req.headers["x-api-key"] as string, body };
        res.writeHead(201).end("created");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/payments?out=1`);
      const response = await openRequest({ url, method: "POST", headers: { "X-Api-Key": "k" }, body: '{"a":1}', timeoutMs: TIMEOUT_MS });
      expect({ status: response.status, text: await readText(response) }).toEqual({ status: 201, text: "created" });
      expect(seen).toEqual({ method: "POST", url: "/api/v1/payments?out=1", token: "k", body: '{"a":1}' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("connects to the pinned address (IPv4 or IPv6), whatever DNS says, with the URL's host in the Host header", async () => {
    for (const [listenOn, family] of [["127.0.0.1", 4], ["::1", 6]] as const) {
      const hosts: string[] = [];
      const server = http.createServer((req, res) => {
        hosts.push(req.headers.host ?? "");
        res.end("ok");
      });
      await new Promise<void>((resolve) => server.listen(0, listenOn, resolve));
      const { port } = server.address() as AddressInfo;
      try {
        // service.invalid exists in no DNS: only the pinned address can lead to this server.
        const response = await get(`http://service.invalid:${port}/p`, { pinnedAddress: { address: listenOn, family } });
        expect(await readText(response)).toBe("ok");
        expect(hosts).toEqual([`service.invalid:${port}`]);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it("does not follow a redirect", async () => {
    const server = await serve((req) => (req.url === "/elsewhere" ? ok : { kind: "answer", status: 302, body: "", headers: { location: "/elsewhere" } }));
    const response = await get(`${server.url}/p`);
    await discardBody(response);
    expect(response.status).toBe(302);
    expect(server.hits).toBe(1);
  });

  it("hands a streamed body over as it arrives, and abort() closes the connection", async () => {
    let socketClosed!: () => void;
    const closed = new Promise<void>((resolve) => (socketClosed = resolve));
    const server = await serve((req) => {
      req.socket.on("close", () => socketClosed());
      return { kind: "hang_after_headers", body: '{"result":1}\n' };
    });
    const response = await get(server.url, { timeoutMs: 20_000 });
    const first = await response.body[Symbol.asyncIterator]().next();
    expect(Buffer.from(first.value as Buffer).toString("utf8")).toBe('{"result":1}\n');
    response.abort();
    await closed;
  });
});

describe("TLS", () => {
  it("trusts only the pinned certificate, whatever host name the server is reached by", async () => {
    const server = await serve(ok, tls);
    const port = new URL(server.url).port;
    expect(await readText(await get(server.url, { pinnedCertPem: tls.cert }))).toBe('{"ok":true}');
    // A name the certificate does not carry, reached through a pinned address: still the pinned certificate.
    const byName = await get(`https://node.invalid:${port}/`, { pinnedCertPem: tls.cert, pinnedAddress: { address: "127.0.0.1", family: 4 } });
    expect(byName.status).toBe(200);
    await discardBody(byName);
    expect(server.hits).toBe(2);
  });

  it("a certificate not pinned, or not trusted, fails before anything is sent: unreachable", async () => {
    const server = await serve(ok, tls);
    expect(await failureOf(get(server.url))).toEqual({ failure: "tls", outcome: "unreachable", code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(await failureOf(get(server.url, { pinnedCertPem: selfSignedCert().cert }))).toMatchObject({ failure: "tls", outcome: "unreachable" });
    expect(server.hits).toBe(0);
  });
});

describe("failures", () => {
  it("a refused port is unreachable", async () => {
    expect(await failureOf(get(`http://127.0.0.1:${await refusedPort()}/`))).toEqual({ failure: "refused", outcome: "unreachable", code: "ECONNREFUSED" });
  });

  it("a connection accepted and closed before any answer is cut_off with an unknown outcome: the request may have arrived", async () => {
    const server = await acceptAndClose();
    open.push(server);
    expect(await failureOf(openRequest({ url: new URL(server.url), method: "POST", body: "{}", timeoutMs: TIMEOUT_MS }))).toMatchObject({ failure: "cut_off", outcome: "unknown" });
    expect(server.hits).toBe(1);
  });

  it("a connection reset (RST) once the request arrived is cut_off with an unknown outcome, though its code is ECONNRESET", async () => {
    const server = await resetAfterRequest();
    open.push(server);
    expect(await failureOf(openRequest({ url: new URL(server.url), method: "POST", body: "{}", timeoutMs: TIMEOUT_MS }))).toEqual({
      failure: "cut_off",
      outcome: "unknown",
      code: "ECONNRESET",
    });
    expect(server.hits).toBe(1);
  });

  it("no headers in time is a timeout with an unknown outcome", async () => {
    const server = await serve({ kind: "silent" });
    expect(await failureOf(get(server.url))).toEqual({ failure: "timeout", outcome: "unknown", code: undefined });
  });

  it("headers, then a body that stops, is a timeout while reading", async () => {
    const server = await serve({ kind: "hang_after_headers", body: '{"partial":' });
    const response = await get(server.url);
    expect(response.status).toBe(200);
    expect(await failureOf(readText(response))).toMatchObject({ failure: "timeout", outcome: "unknown" });
  });

  it("the time limit covers the whole exchange: a body that keeps trickling in is cut at the limit", async () => {
    const sockets = new Set<Socket>();
    const server = http.createServer((_req, res) => {
      res.writeHead(200);
      const drip = setInterval(() => res.write("."), 50);
      res.on("close", () => clearInterval(drip));
    });
    server.on("connection", (s: Socket) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const started = performance.now();
      expect(await failureOf(readText(response))).toMatchObject({ failure: "timeout", outcome: "unknown" });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("an answer reset halfway is cut_off with an unknown outcome", async () => {
    const server = await serve({ kind: "reset_mid_body", body: '{"status":"IN_FL' });
    const response = await get(server.url);
    expect(await failureOf(readText(response))).toMatchObject({ failure: "cut_off", outcome: "unknown" });
  });

  it("a body over the size limit is too_large; one at the limit is read", async () => {
    const server = await serve((req) => ({ kind: "answer", status: 200, body: "x".repeat(req.url === "/at" ? 1024 : 1025) }));
    expect(await readText(await get(`${server.url}/at`, { maxBodyBytes: 1024 }))).toHaveLength(1024);
    expect(await failureOf(get(`${server.url}/over`, { maxBodyBytes: 1024 }).then(readText))).toMatchObject({ failure: "too_large", outcome: "unknown" });
  });

  it("refuses a request the module cannot make safely: not http(s), or a pinned address that is not an IP address", async () => {
    await expect(get("ftp://127.0.0.1/")).rejects.toThrow(/only http and https/);
    await expect(get("http://service.invalid/", { pinnedAddress: { address: "service.invalid", family: 4 } })).rejects.toThrow(/an IP address/);
  });
});

describe("classifyFailure", () => {
  const error = (code: string | undefined, message = "boom") => Object.assign(new Error(message), { code });
  it.each([
    // Before any connection: unreachable only for the causes that cannot follow a sent request.
    [error("ECONNREFUSED"), false, "refused", "unreachable"],
    [error("ENOTFOUND"), false, "network", "unreachable"],
    [error("EAI_AGAIN"), false, "network", "unreachable"],
    [error("EHOSTUNREACH"), false, "network", "unreachable"],
    [error("ENETUNREACH"), false, "network", "unreachable"],
    [error("ECONNRESET"), false, "network", "unreachable"],
    [error("ERR_TLS_CERT_ALTNAME_INVALID"), false, "tls", "unreachable"],
    [error("CERT_HAS_EXPIRED", "certificate has expired"), false, "tls", "unreachable"],
    [error(undefined, "the server presented a certificate other than the pinned one"), false, "tls", "unreachable"],
    [error("ETIMEDOUT"), false, "network", "unknown"],
    [error("UND_ERR_CONNECT_TIMEOUT"), false, "timeout", "unknown"],
    // Once connected, whatever the error: the request may have gone out.
    [error("ECONNRESET"), true, "cut_off", "unknown"],
    [error("ECONNREFUSED"), true, "cut_off", "unknown"],
    [error("UND_ERR_SOCKET", "other side closed"), true, "cut_off", "unknown"],
    [error("UND_ERR_HEADERS_TIMEOUT"), true, "timeout", "unknown"],
    [error("UND_ERR_BODY_TIMEOUT"), true, "timeout", "unknown"],
    [error("UND_ERR_RES_EXCEEDED_MAX_SIZE"), true, "too_large", "unknown"],
  ] as const)("%s (connected: %s) is %s, %s", (cause, connected, failure, outcome) => {
    expect(classifyFailure(cause, connected)).toMatchObject({ failure, outcome });
  });
});
