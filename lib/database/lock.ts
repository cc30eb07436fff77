// Who owns an embedded (PGlite) data folder. Kept apart from embedded.ts so that reading the lock never
// loads PGlite itself (the Next.js server only ever connects to the server another process runs).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export type LockInfo = { pid: number; url: string; startedAt: string };

export const LOCK_FILE = "database.lock.json";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The embedded database server that another live process runs for this data folder, if any. */
export function findRunningEmbeddedDatabase(dataDir: string): LockInfo | undefined {
  const file = path.join(dataDir, LOCK_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
    return info.pid !== process.pid && info.url && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}
