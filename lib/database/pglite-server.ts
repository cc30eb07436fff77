// Serves one PGlite database to many PostgreSQL clients over the wire protocol.
//
// Why not PGLiteSocketServer from @electric-sql/pglite-socket: it queues each protocol *message* on its own,
// so the Parse/Bind/Execute/Sync of two clients interleave and clobber each other's unnamed statement
// ("bind message supplies 2 parameters, but prepared statement requires 3" under concurrent load). Here a
// client's messages up to and including Sync (or a simple Query) form one unit that runs without
// interruption, and while a client holds a transaction open only that client's units run.
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSS_REQUEST = 80877104;
// Message types after which the client waits for an answer: a unit ends there.
const UNIT_END = new Set(["S", "Q", "X", "H", "p", "c", "f"].map((c) => c.charCodeAt(0)));
const TERMINATE = "X".charCodeAt(0);

type Unit = { owner: number; data: Uint8Array; send: (bytes: Uint8Array) => void; done: (error?: unknown) => void };

class UnitQueue {
  private units: Unit[] = [];
  private running = false;
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  push(unit: Unit): void {
    this.units.push(unit);
    void this.drain();
  }

  /** A client went away: drop its queued units and roll back a transaction it left open. */
  async release(owner: number): Promise<void> {
    this.units = this.units.filter((u) => u.owner !== owner || (u.done(new Error("client disconnected")), false));
    if (this.owner === owner && !this.db.closed && this.db.isInTransaction()) {
      // exec takes PGlite's query lock itself (wrapping it in runExclusive would wait on that lock forever).
      await this.db.exec("ROLLBACK").catch(() => undefined);
    }
    if (this.owner === owner) this.owner = null;
    void this.drain();
  }

  private next(): Unit | undefined {
    if (this.db.closed) return undefined;
    if (this.owner !== null && this.db.isInTransaction()) {
      const index = this.units.findIndex((u) => u.owner === this.owner);
      return index === -1 ? undefined : this.units.splice(index, 1)[0];
    }
    return this.units.shift();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let unit = this.next(); unit; unit = this.next()) {
        this.owner = unit.owner;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(unit!.data, { onRawData: unit!.send }));
          unit.done();
        } catch (error) {
          unit.done(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

let nextClientId = 1;

function serveClient(socket: Socket, queue: UnitQueue): void {
  const id = nextClientId++;
  let buffer = Buffer.alloc(0);
  let pending: Buffer[] = [];
  let started = false;
  let closed = false;
  let chain = Promise.resolve();

  const send = (bytes: Uint8Array) => {
    if (!closed && socket.writable && bytes.length > 0) socket.write(Buffer.from(bytes));
  };
  const enqueue = (data: Buffer) =>
    (chain = chain.then(
      () => new Promise<void>((resolve) => queue.push({ owner: id, data: new Uint8Array(data), send, done: () => resolve() })),
    ));

  const close = () => {
    if (closed) return;
    closed = true;
    void queue.release(id);
    socket.destroy();
  };

  socket.setNoDelay(true);
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) socket.write("N");
        else if (code === CANCEL_REQUEST) socket.end();
        else {
          started = true;
          enqueue(Buffer.from(message));
        }
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      const type = buffer[0];
      pending.push(Buffer.from(buffer.subarray(0, length)));
      buffer = buffer.subarray(length);
      if (type === TERMINATE) {
        void chain.then(close);
        return;
      }
      if (UNIT_END.has(type)) {
        enqueue(Buffer.concat(pending));
        pending = [];
      }
    }
  });
  socket.on("error", close);
  socket.on("close", close);
}

export type PgliteServer = { address: string; stop: () => Promise<void> };

/** Listens on a Unix socket path, or on loopback TCP (port 0 picks a free port). */
export async function servePglite(db: PGlite, listen: { path: string } | { host: "127.0.0.1"; port: number }): Promise<PgliteServer> {
  await db.waitReady;
  const queue = new UnitQueue(db);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serveClient(socket, queue);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if ("path" in listen) server.listen(listen.path, resolve);
    else server.listen(listen.port, listen.host, resolve);
  });
  const address = server.address();
  return {
    address: typeof address === "string" ? address : `127.0.0.1:${address?.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
