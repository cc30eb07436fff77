import { disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import { logToStderr } from "./log";
import { openDatabase, type OpenDatabase } from "./open-database";

/**
 * Runs `work` against DATABASE_URL, the running Sluice's embedded PostgreSQL server, or that server started
 * here (the CLI and scripts) and stopped afterwards.
 */
export async function withDatabase<T>(work: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase(env(), { reuseRunning: true, log: logToStderr });
  try {
    return await work(database);
  } finally {
    await disconnectDb();
    await database.close();
  }
}
