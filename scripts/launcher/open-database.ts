// The database a launcher or CLI process works on: DATABASE_URL, the embedded server another Sluice
// process runs for the data folder, or an embedded server this process starts (and must stop).
import { setDatabaseUrl } from "@/lib/database/connection";
import { findRunningEmbeddedDatabase } from "@/lib/database/lock";
import { startEmbeddedDatabase } from "@/lib/database/embedded";
import type { Env } from "@/lib/env";

export type OpenDatabase = { url: string; kind: "pglite" | "postgresql"; close: () => Promise<void> };

export async function openDatabase(config: Env, { reuseRunning }: { reuseRunning: boolean }): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    setDatabaseUrl(config.databaseUrl);
    return { url: config.databaseUrl, kind: "postgresql", close: async () => {} };
  }
  const running = reuseRunning ? findRunningEmbeddedDatabase(config.dataDir) : undefined;
  if (running) {
    setDatabaseUrl(running.url);
    return { url: running.url, kind: "pglite", close: async () => {} };
  }
  const embedded = await startEmbeddedDatabase(config.dataDir);
  setDatabaseUrl(embedded.url);
  return { url: embedded.url, kind: "pglite", close: embedded.stop };
}
