// Where the database is: a URL chosen by this process (the launcher or CLI that started the embedded server,
// or a test), else DATABASE_URL, else the embedded PostgreSQL server a running Sluice serves for the data
// folder.
import { env } from "../env";
import { findRunningEmbeddedDatabase } from "./embedded-layout";

export class DatabaseNotRunningError extends Error {
  constructor(dataDir: string) {
    super(
      `No database: DATABASE_URL is not set and no Sluice process serves the embedded database in ${dataDir}. ` +
        "Start Sluice with `npm start`, or set DATABASE_URL.",
    );
    this.name = "DatabaseNotRunningError";
  }
}

let chosenUrl: string | undefined;

export function setDatabaseUrl(url: string | undefined): void {
  chosenUrl = url;
}

export function resolveDatabaseUrl(): string {
  if (chosenUrl) return chosenUrl;
  const config = env();
  if (config.databaseUrl) return config.databaseUrl;
  const running = findRunningEmbeddedDatabase(config.dataDir);
  if (running) return running.url;
  throw new DatabaseNotRunningError(config.dataDir);
}
