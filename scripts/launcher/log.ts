import { ConfigError } from "@/lib/env";
import { DataFolderBusyError } from "@/lib/database/embedded";
import { MigrationError } from "@/lib/database/migrate";
import { NodeCheckError } from "@/lib/lightning/check-node";

export function log(line: string): void {
  console.log(`[sluice] ${line}`);
}

/** Prints an error a person can act on; stack traces only for the unexpected. */
export function fail(error: unknown): void {
  if (error instanceof ConfigError || error instanceof DataFolderBusyError || error instanceof MigrationError || error instanceof NodeCheckError) {
    console.error(`[sluice] ${error.message}`);
  } else {
    console.error("[sluice] Unexpected error:", error);
  }
}
