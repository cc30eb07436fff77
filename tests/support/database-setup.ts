// Every integration test file gets a database of its own with the real migrations applied: a fresh
// in-memory PGlite served over the wire protocol, or a fresh database on the real PostgreSQL server.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { servePglite } from "../../lib/database/pglite-server";
import { setDatabaseUrl } from "../../lib/database/connection";
import { disconnectDb } from "../../lib/db";
import { adminQuery, databaseUrl } from "./postgres";

async function openPglite(): Promise<{ url: string; close: () => Promise<void> }> {
  const template = readFileSync(inject("pgliteTemplate"));
  const db = await PGlite.create({ loadDataDir: new Blob([template]) });
  const server = await servePglite(db, { host: "127.0.0.1", port: 0 });
  return {
    url: `postgresql://postgres@${server.address}/postgres`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function openPostgres(): Promise<{ url: string; close: () => Promise<void> }> {
  const name = `sluice_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("postgresTemplate")}"`);
  return { url: databaseUrl(name), close: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const database = process.env.SLUICE_TEST_DB === "postgres" ? await openPostgres() : await openPglite();
  close = database.close;
  process.env.DATABASE_URL = database.url;
  process.env.SLUICE_DATABASE_KIND = process.env.SLUICE_TEST_DB === "postgres" ? "postgresql" : "pglite";
  setDatabaseUrl(database.url);
});

afterAll(async () => {
  await disconnectDb();
  await close?.();
});
