// The PostgreSQL server the Vitest suites run on: TEST_DATABASE_URL when given, else the embedded server that
// tests/support/database-global-setup.ts starts for the run. Both are reached the same way, through `pg`.
import pg from "pg";
import { inject } from "vitest";

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL || inject("testDatabaseServer");
}

export function databaseUrl(name: string, server: string = serverUrl()): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string, server: string = serverUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
