// Sluice's PGlite wire-protocol server under concurrent clients: parameterised statements from many
// connections must not clobber each other, and an open transaction must see no other client's statements.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servePglite, type PgliteServer } from "@/lib/database/pglite-server";

let db: PGlite;
let server: PgliteServer;
let pool: pg.Pool;

beforeAll(async () => {
  db = await PGlite.create();
  server = await servePglite(db, { host: "127.0.0.1", port: 0 });
  pool = new pg.Pool({ connectionString: `postgresql://postgres@${server.address}/postgres`, max: 16 });
  await pool.query("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL CHECK (balance >= 0))");
  await pool.query("INSERT INTO accounts VALUES (1, 100)");
});
afterAll(async () => {
  await pool.end();
  await server.stop();
  await db.close();
});

describe("the PGlite server", () => {
  it("answers 400 concurrent parameterised queries from 16 connections, each with its own parameters", async () => {
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => pool.query("SELECT $1::int * 2 AS doubled, $2::text AS tag, $3::int AS third", [i, `t${i}`, i + 1])),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual({ doubled: i * 2, tag: `t${i}`, third: i + 1 }));
  });

  it("serialises transactions: 50 concurrent debits of 10 against 100 leave exactly 10 winners and never go negative", async () => {
    const debit = async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const { rowCount } = await client.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1", [10, 1]);
        await new Promise((r) => setTimeout(r, 1)); // other clients' statements arrive meanwhile
        await client.query("COMMIT");
        return rowCount === 1;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    };
    const outcomes = await Promise.all(Array.from({ length: 50 }, debit));
    expect(outcomes.filter(Boolean)).toHaveLength(10);
    expect((await pool.query("SELECT balance FROM accounts WHERE id = 1")).rows[0]).toEqual({ balance: 0 });
  });

  it("rolls back a transaction whose client disconnects, and keeps serving the others", async () => {
    const client = new pg.Client({ connectionString: `postgresql://postgres@${server.address}/postgres` });
    client.on("error", () => undefined); // its connection is cut on purpose below
    await client.connect();
    await client.query("BEGIN");
    await client.query("UPDATE accounts SET balance = 999 WHERE id = 1");
    (client as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await pool.query("SELECT balance FROM accounts WHERE id = $1", [1])).rows[0]).toEqual({ balance: 0 });
  });
});
