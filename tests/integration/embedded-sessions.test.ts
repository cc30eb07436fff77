// Each connection to the embedded database is a session of its own, as on any PostgreSQL server. (The PGlite
// wire-protocol server this replaced shared one backend session between all clients: a SET, a session advisory
// lock or an open transaction of one client reached every other, and a client that sent no password got in.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "@/lib/database/embedded";

let dataDir: string;
let database: { url: string; stop: () => Promise<void> };
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sluice-sessions-"));
  database = await startEmbeddedDatabase(dataDir);
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("sessions on the embedded database", () => {
  it("keeps one client's SET to that client", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query("SET statement_timeout = '1234ms'");
    expect((await a.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("1234ms");
    expect((await b.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("0");
  });

  it("gives a session advisory lock to one client only", async () => {
    const [a, b] = [await connect(), await connect()];
    expect((await a.query("SELECT pg_try_advisory_lock(42) AS got")).rows[0].got).toBe(true);
    expect((await b.query("SELECT pg_try_advisory_lock(42) AS got")).rows[0].got).toBe(false);
    await a.query("SELECT pg_advisory_unlock(42)");
  });

  it("lets other clients commit while one keeps a transaction open, and rolls back only that one", async () => {
    const [a, b] = [await connect(), await connect()];
    await b.query("CREATE TABLE IF NOT EXISTS marks (who text)");
    await a.query("BEGIN");
    await a.query("INSERT INTO marks VALUES ('a, never committed')");
    const committed = b.query("INSERT INTO marks VALUES ('b')").then(() => "committed");
    const waited = new Promise((resolve) => setTimeout(() => resolve("blocked"), 2_000));
    expect(await Promise.race([committed, waited])).toBe("committed");
    await a.query("ROLLBACK");
    expect((await b.query("SELECT who FROM marks")).rows).toEqual([{ who: "b" }]);
  });

  it("answers a failing statement with its error and keeps serving that client", async () => {
    const a = await connect();
    await expect(a.query("SELECT 1/0")).rejects.toThrow(/division by zero/);
    await expect(a.query({ text: "SELECT $1::int AS n", values: ["not a number"] })).rejects.toThrow(/invalid input syntax/);
    expect((await a.query("SELECT 2 AS n")).rows).toEqual([{ n: 2 }]);
  });

  it("lets no client in without the password", async () => {
    const url = new URL(database.url);
    url.username = "postgres";
    url.password = "";
    const stranger = new pg.Client({ connectionString: url.toString() });
    await expect(stranger.connect()).rejects.toThrow(/password|authentication|role/);
    await stranger.end().catch(() => undefined);
  });
});
