// Migrates one in-memory PGlite database with the real migrations (through `prisma migrate deploy`, as
// production does) and keeps a dump of it; every integration test file then starts from a copy.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../lib/database/migrate";
import { servePglite } from "../../lib/database/pglite-server";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "sluice-pglite-template-"));
  const db = await PGlite.create();
  const server = await servePglite(db, { host: "127.0.0.1", port: 0 });
  try {
    await applyMigrations(`postgresql://postgres@${server.address}/postgres`);
  } finally {
    await server.stop();
  }
  const dump = await db.dumpDataDir("none");
  await db.close();
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
