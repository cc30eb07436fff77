// Which errors mean "the database cannot be reached right now" (answered 503 / "try again"), and which do
// not, on the errors the app's own clients really throw: Prisma over the pg driver adapter (db()) and plain
// pg (the SQL helpers), against a PostgreSQL server of this file's own that is stopped, killed in the middle
// of a query, overfilled, or not there at all.
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseUrl } from "@/lib/database/connection";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/database/embedded";
import { query, sql } from "@/lib/database/sql";
import { isDatabaseUnavailable } from "@/lib/database/unavailable";
import { db, disconnectDb } from "@/lib/db";
import { freePort } from "@/lib/free-port";
import { waitUntil } from "../support/wait-until";

// Few connections, so that filling them up is cheap.
const MAX_CONNECTIONS = 6;
const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-unavailable-"));
let server: EmbeddedDatabase;

async function startServer(): Promise<void> {
  server = await startEmbeddedDatabase(dataDir, { durable: false, maxConnections: MAX_CONNECTIONS });
}

/** Points the app's clients at `url`, with no connection left from before. */
async function pointDbAt(url: string | undefined): Promise<void> {
  await disconnectDb();
  setDatabaseUrl(url);
}

/** The error a call throws; a call that succeeds fails the test. */
async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("The call succeeded; it was expected to fail.");
}

// The three ways the app reaches the database: a Prisma model call, a Prisma raw query, and plain pg. The
// server has no Sluice tables: a model call is only ever made while the server cannot be reached.
const CLIENTS: [string, () => Promise<unknown>][] = [
  ["Prisma model call", () => db().merchant.count()],
  ["Prisma raw query", () => db().$queryRaw`SELECT 1`],
  ["pg, the SQL helpers", () => query(sql`SELECT 1`)],
];

/** Starts a long query through `call`; once the server is running it, gives back its coming failure. */
async function longQueryUnderway(call: () => Promise<unknown>): Promise<{ failure: Promise<unknown> }> {
  const failure = thrown(call);
  const sleeping = async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      return (await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%FROM pg_sleep(60)' AND pid <> pg_backend_pid()")).rows[0].n as number;
    } finally {
      await admin.end();
    }
  };
  await waitUntil("the long query to be running on the server", sleeping, (n) => n === 1, 10);
  return { failure };
}

const LONG_QUERIES: [string, () => Promise<unknown>][] = [
  ["Prisma raw query", () => db().$queryRaw`SELECT 1 AS slept FROM pg_sleep(60)`],
  ["pg, the SQL helpers", () => query(sql`SELECT 1 AS slept FROM pg_sleep(60)`)],
];

beforeAll(async () => {
  await startServer();
  await pointDbAt(server.url);
});

afterAll(async () => {
  await pointDbAt(process.env.DATABASE_URL);
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a database that is up: ordinary errors are not outages", () => {
  it("a unique violation, a check violation, a division by zero, a serialization failure", async () => {
    await db().$executeRawUnsafe("CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY, n int CHECK (n >= 0))");
    await db().$executeRaw`INSERT INTO probe (id, n) VALUES (1, 1)`;
    const errors = [
      await thrown(() => db().$executeRaw`INSERT INTO probe (id, n) VALUES (1, 1)`),
      await thrown(() => db().$executeRaw`UPDATE probe SET n = -1 WHERE id = 1`),
      await thrown(() => db().$queryRaw`SELECT 1 / 0`),
      await thrown(() => query(sql`INSERT INTO probe (id, n) VALUES (1, 1)`)),
      await thrown(() => query(sql`SELECT 1 / 0`)),
    ];
    // Two serializable transactions that each read what the other writes: one of them must fail (40001).
    const [x, y] = [new pg.Client({ connectionString: server.url }), new pg.Client({ connectionString: server.url })];
    await Promise.all([x.connect(), y.connect()]);
    try {
      for (const c of [x, y]) await c.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
      await x.query("SELECT sum(n) FROM probe");
      await y.query("SELECT sum(n) FROM probe");
      await x.query("INSERT INTO probe (id, n) VALUES (2, 1)");
      await y.query("INSERT INTO probe (id, n) VALUES (3, 1)");
      await x.query("COMMIT");
      errors.push(await thrown(() => y.query("COMMIT")));
    } finally {
      await Promise.all([x.end(), y.end()]);
    }
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(["P2010", "P2010", "P2010", "23505", "22012", "40001"]);
    for (const error of errors) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });

  it("errors that are not the database's at all", async () => {
    const missingFile = await thrown(() => readFile(path.join(dataDir, "no-such-file")));
    const bug = await thrown(async () => (undefined as unknown as { x: number }).x);
    for (const error of [missingFile, bug, "ECONNREFUSED", undefined]) expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("a database that cannot be reached", () => {
  it("all connections taken: too many clients (53300)", async () => {
    await disconnectDb();
    const holders = Array.from({ length: MAX_CONNECTIONS }, () => new pg.Client({ connectionString: server.url }));
    await Promise.all(holders.map((c) => c.connect()));
    try {
      for (const [name, call] of CLIENTS) {
        const error = await thrown(call);
        expect(isDatabaseUnavailable(error), `${name}: ${String(error)}`).toBe(true);
      }
    } finally {
      await Promise.all(holders.map((c) => c.end()));
    }
    await disconnectDb();
  });

  it.each(LONG_QUERIES)("the server stopped (fast shutdown) in the middle of a query: %s", async (_name, call) => {
    const { failure } = await longQueryUnderway(call);
    await server.stop();
    try {
      const error = await failure;
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    } finally {
      await startServer();
      await pointDbAt(server.url);
    }
  });

  it.each(LONG_QUERIES)("the server killed (kill -9) in the middle of a query: %s", async (_name, call) => {
    const { failure } = await longQueryUnderway(call);
    await server.kill();
    try {
      const error = await failure;
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    } finally {
      await startServer();
      await pointDbAt(server.url);
    }
  });

  it("the server stopped: a new connection finds its Unix socket gone", async () => {
    // Connections open in the pools first.
    await db().$queryRaw`SELECT 1`;
    await query(sql`SELECT 1`);
    await server.stop();
    try {
      for (const [name, call] of CLIENTS) {
        const error = await thrown(call);
        expect(String(error), name).toMatch(/connect ENOENT .*\.s\.PGSQL\.\d+/);
        expect(isDatabaseUnavailable(error), `${name}: ${String(error)}`).toBe(true);
      }
    } finally {
      await startServer();
      await pointDbAt(server.url);
    }
  });

  it("nothing listening: a loopback port refused, a socket folder with no server", async () => {
    const url = new URL(server.url);
    const tcp = `postgresql://sluice:secret@127.0.0.1:${await freePort()}/sluice`;
    const socket = `postgresql://sluice:secret@/sluice?host=${encodeURIComponent(path.join(dataDir, "no-server-here"))}&port=${url.port || 5432}`;
    try {
      for (const target of [tcp, socket]) {
        await pointDbAt(target);
        for (const [name, call] of CLIENTS) {
          const error = await thrown(call);
          expect(String(error), name).toMatch(target === tcp ? /ECONNREFUSED|Can't reach database server/ : /connect ENOENT/);
          expect(isDatabaseUnavailable(error), `${name} at ${target}: ${String(error)}`).toBe(true);
          // Nested under an error of ours, as a caller rethrows it.
          expect(isDatabaseUnavailable(new Error("export failed", { cause: error }))).toBe(true);
        }
      }
    } finally {
      await pointDbAt(server.url);
    }
  });
});
