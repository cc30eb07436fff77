import { db } from "../db";
import { migrationState, type MigrationState } from "../database/migrations";
import { env } from "../env";

export type Health = {
  status: "ok" | "degraded" | "down";
  version: string;
  database: { kind: "embedded" | "postgresql"; reachable: boolean; latency_ms: number | null; error?: string };
  migrations: (MigrationState & { up_to_date: boolean }) | null;
};

export async function checkHealth(version: string): Promise<Health> {
  const kind = env().databaseKind;
  const started = performance.now();
  try {
    await db().$queryRaw`SELECT 1`;
    const latency = Math.round((performance.now() - started) * 10) / 10;
    const migrations = await migrationState(db());
    const upToDate = migrations.pending.length === 0;
    return {
      status: upToDate ? "ok" : "degraded",
      version,
      database: { kind, reachable: true, latency_ms: latency },
      migrations: { ...migrations, up_to_date: upToDate },
    };
  } catch {
    // The reason stays in the server log's domain; clients only learn that the database is unreachable.
    return {
      status: "down",
      version,
      database: { kind, reachable: false, latency_ms: null, error: "The database cannot be reached." },
      migrations: null,
    };
  }
}
