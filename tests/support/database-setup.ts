// Every test file gets a database of its own, copied from the migrated template (database-global-setup.ts)
// and dropped when the file is done.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { setDatabaseUrl } from "../../lib/database/connection";
import { disconnectDb } from "../../lib/db";
import { adminQuery, databaseUrl } from "./postgres";

const name = `sluice_test_${randomBytes(6).toString("hex")}`;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("testDatabaseTemplate")}"`);
  const url = databaseUrl(name);
  process.env.DATABASE_URL = url;
  process.env.SLUICE_DATABASE_KIND = "postgresql";
  setDatabaseUrl(url);
});

afterAll(async () => {
  await disconnectDb();
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});
