// Loopback servers that fail the ways a remote server can fail an outbound call: a refused port, a connection
// accepted and closed (or reset once the request arrived) without an answer, an answer that stops after its headers or breaks off halfway, a body
// larger than a caller reads, a redirect, and TLS with a self-signed certificate.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo, Socket } from "node:net";

export type RawServer = {
  url: string;
  port: number;
  /** How many requests (or, for raw TCP servers, connections) arrived. */
  readonly hits: number;
  close(): Promise<void>;
};

async function listen(server: net.Server, sockets: Set<Socket>, protocol: "http" | "https", counter: () => number): Promise<RawServer> {
  server.on(protocol === "https" ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${protocol}://127.0.0.1:${port}`,
    port,
    get hits() {
      return counter();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts each connection and closes it at once, before any answer. */
export async function acceptAndClose(): Promise<RawServer> {
  let hits = 0;
  const server = net.createServer((socket) => {
    hits++;
    socket.destroy();
  });
  return listen(server, new Set(), "http", () => hits);
}

/** A TCP server that reads the start of each request and then resets the connection (RST), with no answer. */
export async function resetAfterRequest(): Promise<RawServer> {
  let hits = 0;
  const server = net.createServer((socket) => {
    socket.once("data", () => {
      hits++;
      socket.resetAndDestroy();
    });
  });
  return listen(server, new Set(), "http", () => hits);
}

export type Behaviour =
  /** Headers and the whole body. */
  | { kind: "answer"; status: number; body: string | Buffer; headers?: Record<string, string> }
  /** Never answers: no status line, no headers. */
  | { kind: "silent" }
  /** Sends its headers (and `body`, if any) and then nothing more, the connection left open. */
  | { kind: "hang_after_headers"; body?: string }
  /** Sends its headers and part of the body, then resets the connection. */
  | { kind: "reset_mid_body"; body: string };

/** An HTTP(S) server on 127.0.0.1 that does what `behave` says for each request; `tls` makes it HTTPS. */
export async function misbehavingServer(behave: (req: http.IncomingMessage) => Behaviour, tls?: { key: string; cert: string }): Promise<RawServer> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const listener: http.RequestListener = (req, res) => {
    hits++;
    req.resume();
    req.on("end", () => {
      const behaviour = behave(req);
      if (behaviour.kind === "answer") {
        res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers }).end(behaviour.body);
      } else if (behaviour.kind === "hang_after_headers") {
        res.writeHead(200, { "content-type": "application/json" });
        if (behaviour.body) res.write(behaviour.body);
        else res.flushHeaders();
      } else if (behaviour.kind === "reset_mid_body") {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(behaviour.body.length * 2) });
        res.write(behaviour.body, () => res.socket?.resetAndDestroy());
      }
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  return listen(server, sockets, tls ? "https" : "http", () => hits);
}

/** A loopback port where nothing listens (a port just freed, never connected to). */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
