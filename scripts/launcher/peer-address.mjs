// Loaded into the Next.js server process with `node --import` (next-process.ts), before Next.js creates its
// server. Route handlers, server actions and next-auth's authorize() see only request headers, and Next.js
// fills X-Forwarded-For from the socket only when the client sent none, so a client could name its own
// address. This writes the connection's own address into a header of ours on every request, replacing any
// value a client sent under that name; lib/web/client-address.ts reads it (and believes it only when this
// hook is installed in the process: the global flag below). Plain JavaScript: it runs before any TypeScript.
import http from "node:http";

/** The header name; lib/web/client-address.ts PEER_HEADER must say the same. */
export const PEER_HEADER = "x-sluice-peer";

/** Sets PEER_HEADER to the socket's remote address (dropping whatever the client sent as PEER_HEADER). */
export function stampPeerAddress(req) {
  delete req.headers[PEER_HEADER];
  const address = req.socket?.remoteAddress;
  if (address) req.headers[PEER_HEADER] = address;
}

if (!globalThis.sluicePeerStamp) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithPeer(event, ...args) {
    if (event === "request") stampPeerAddress(args[0]);
    return emit.call(this, event, ...args);
  };
  globalThis.sluicePeerStamp = true;
}
