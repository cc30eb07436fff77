// Serves real App Router route handlers over real HTTP on loopback, so integration tests talk to them as
// a client would (status codes, headers, bodies on the wire), without a Next.js build.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
// The same hook `npm start` loads into Next.js: every request carries its connection's own address.
import { stampPeerAddress } from "../../scripts/launcher/peer-address.mjs";

// `never`: a route's own params type (e.g. { secret: string }) is accepted; the server passes what it matched.
type Handler = (request: Request, context: { params: Promise<never> }) => Response | Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
export type Route = { pattern: string; module: RouteModule };

// "/api/v1/withdraws/[id]" → a regular expression with named groups; "[...path]" catches the rest. Routes
// are tried in order, so a catch-all goes last.
function compile(pattern: string): RegExp {
  const source = pattern
    .replace(/\[\.\.\.(\w+)\]/g, (_m, name: string) => `(?<${name}>.+)`)
    .replace(/\[(\w+)\]/g, (_m, name: string) => `(?<${name}>[^/]+)`)
    .replace(/\.(?=json)/g, "\\.");
  return new RegExp(`^${source}$`);
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  stampPeerAddress(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: hasBody ? "half" : undefined,
  } as RequestInit);
}

// Writes the body as a server should: no faster than the client reads (waiting for "drain" when the socket's
// buffer is full), and cancelling the body when the client goes away before the end, as Next.js does.
async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (response.body) {
    const reader = response.body.getReader();
    const gone = new Promise<void>((resolve) =>
      res.once("close", () => {
        if (!res.writableFinished) void reader.cancel().catch(() => undefined);
        resolve();
      }),
    );
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || res.destroyed) break;
        if (!res.write(value)) await Promise.race([once(res, "drain"), gone]);
      }
    } catch (error) {
      // The body failed part way: the client sees a broken transfer, not a complete file.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (res.destroyed) return;
  }
  res.end();
}

/** Serves on 127.0.0.1:`port` (else any free port). */
export async function serveRoutes(routes: Route[], port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const compiled = routes.map((route) => ({ ...route, regex: compile(route.pattern) }));
  const server = createServer(async (req, res) => {
    const base = `http://${req.headers.host}`;
    const path = new URL(req.url ?? "/", base).pathname;
    const match = compiled.map((r) => ({ r, m: r.regex.exec(path) })).find((x) => x.m);
    const handler = match?.r.module[req.method as keyof RouteModule];
    try {
      if (!match || !handler) {
        await send(res, new Response("Not found", { status: match ? 405 : 404 }));
        return;
      }
      const params = Promise.resolve({ ...(match.m?.groups ?? {}) }) as Promise<never>;
      await send(res, await handler(await toRequest(req, base), { params }));
    } catch (error) {
      console.error(error);
      await send(res, new Response("Unhandled error in route handler", { status: 500 }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
