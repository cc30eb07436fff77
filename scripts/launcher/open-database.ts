// The database a launcher or CLI process works on: DATABASE_URL, or the embedded PostgreSQL server for the
// data folder (the one a running Sluice serves, when the caller may share it, or one started here, which
// close() stops).
import { setDatabaseUrl } from "@/lib/database/connection";
import { startEmbeddedDatabase } from "@/lib/database/embedded";
import type { Env } from "@/lib/env";
import { log as logToStdout } from "./log";

export type OpenDatabase = { url: string; kind: "embedded" | "postgresql"; close: () => Promise<void> };

export async function openDatabase(
  config: Env,
  { reuseRunning, log = logToStdout }: { reuseRunning: boolean; log?: (line: string) => void },
): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    setDatabaseUrl(config.databaseUrl);
    return { url: config.databaseUrl, kind: "postgresql", close: async () => {} };
  }
  const embedded = await startEmbeddedDatabase(config.dataDir, { whenInUse: reuseRunning ? "reuse" : "refuse", log });
  setDatabaseUrl(embedded.url);
  return { url: embedded.url, kind: "embedded", close: embedded.stop };
}
