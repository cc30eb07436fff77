import { disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import { openDatabase, type OpenDatabase } from "./open-database";

/**
 * Runs `work` against DATABASE_URL, the running Sluice's embedded database, or the embedded database opened
 * here (the CLI and scripts), and always closes what it opened.
 */
export async function withDatabase<T>(work: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase(env(), { reuseRunning: true });
  try {
    return await work(database);
  } finally {
    await disconnectDb();
    await database.close();
  }
}
