// Migration state: the folders under prisma/migrations compared with what the database has applied.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db";

export type MigrationState = { applied: number; pending: string[]; latest: string | null };

export function migrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export function listMigrations(dir: string = migrationsDir()): string[] {
  return readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export async function migrationState(client: Db, dir: string = migrationsDir()): Promise<MigrationState> {
  const known = listMigrations(dir);
  const table = await client.$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  const rows = table[0]?.present
    ? await client.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    : [];
  const applied = new Set(rows.map((r) => r.migration_name));
  const appliedKnown = known.filter((name) => applied.has(name));
  return {
    applied: appliedKnown.length,
    pending: known.filter((name) => !applied.has(name)),
    latest: appliedKnown.at(-1) ?? null,
  };
}
