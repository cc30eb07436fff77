// `npm run db:migrate`: applies the committed migrations to DATABASE_URL or the embedded database.
import { applyMigrations } from "@/lib/database/migrate";
import { fail, log } from "./launcher/log";
import { withDatabase } from "./launcher/with-database";

try {
  await withDatabase(async (database) => {
    process.stdout.write(await applyMigrations(database.url));
    log("Database migrations are up to date.");
  });
} catch (error) {
  fail(error);
  process.exitCode = 1;
}
