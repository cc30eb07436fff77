// Creates a template database on the TEST_DATABASE_URL server, migrated with the real migrations; every
// integration test file gets its own copy, dropped afterwards, and the template is dropped at the end.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../lib/database/migrate";
import { adminQuery, databaseUrl } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const template = `sluice_tpl_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${template}"`);
  await applyMigrations(databaseUrl(template));
  project.provide("postgresTemplate", template);
  return () => adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
}
