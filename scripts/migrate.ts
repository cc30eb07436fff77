// `npm run db:migrate`: applies the committed migrations to DATABASE_URL or the embedded database.
import { applyMigrations } from "@/lib/database/migrate";
import { env } from "@/lib/env";
import { fail, log } from "./launcher/log";
import { openDatabase } from "./launcher/open-database";

try {
  const database = await openDatabase(env(), { reuseRunning: true });
  try {
    process.stdout.write(await applyMigrations(database.url));
    log("Database migrations are up to date.");
  } finally {
    await database.close();
  }
} catch (error) {
  fail(error);
  process.exitCode = 1;
}
