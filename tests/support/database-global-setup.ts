// The database server of a Vitest run: TEST_DATABASE_URL when it is set, else an embedded PostgreSQL server
// (the same binaries `npm start` runs) in a temporary folder, with fsync off since it is thrown away. One
// template database is migrated once with the real migrations; every test file then gets its own copy
// (CREATE DATABASE … TEMPLATE …, see database-setup.ts), so no test pays for migrations.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../lib/database/embedded";
import { applyMigrations } from "../../lib/database/migrate";
import { adminQuery, databaseUrl } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServer: string;
    testDatabaseTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  let server = process.env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  let dataDir: string | undefined;
  if (!server) {
    dataDir = mkdtempSync(path.join(tmpdir(), "sluice-test-db-"));
    // The 200-way claim race opens that many connections at once.
    const embedded = await startEmbeddedDatabase(dataDir, { durable: false, maxConnections: 300 });
    server = embedded.url;
    stopServer = embedded.stop;
  }
  const template = `sluice_tpl_${randomBytes(4).toString("hex")}`;
  try {
    await adminQuery(`CREATE DATABASE "${template}"`, server);
    await applyMigrations(databaseUrl(template, server));
  } catch (error) {
    await stopServer();
    throw error;
  }
  project.provide("testDatabaseServer", server);
  project.provide("testDatabaseTemplate", template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`, server).catch(() => undefined);
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
