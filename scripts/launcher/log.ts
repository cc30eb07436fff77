import { ConfigError } from "@/lib/env";
import { DataFolderBusyError, EmbeddedDatabaseError, PgliteDataFolderError } from "@/lib/database/embedded";
import { MigrationError } from "@/lib/database/migrate";
import { NodeCheckError } from "@/lib/lightning/check-node";

export function log(line: string): void {
  console.log(`[sluice] ${line}`);
}

/** For commands whose standard output is their answer (the CLI): progress goes to standard error. */
export function logToStderr(line: string): void {
  console.error(`[sluice] ${line}`);
}

const EXPLAINED = [ConfigError, DataFolderBusyError, EmbeddedDatabaseError, PgliteDataFolderError, MigrationError, NodeCheckError];

/** Prints an error a person can act on; stack traces only for the unexpected. */
export function fail(error: unknown): void {
  if (EXPLAINED.some((kind) => error instanceof kind)) {
    console.error(`[sluice] ${(error as Error).message}`);
  } else {
    console.error("[sluice] Unexpected error:", error);
  }
}
