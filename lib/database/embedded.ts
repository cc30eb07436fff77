// The embedded default: a PGlite database in the data folder, served over the PostgreSQL wire protocol so
// that every process (Next.js, the CLI, migrations, tests) reaches it through the same `pg` driver.
// Only one process may ever open a PGlite data folder; a lock file with the owner's pid guarantees it.
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { servePglite } from "./pglite-server";
import { isAlive, LOCK_FILE } from "./lock";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const SOCKET_PORT = 5432;
// Unix socket paths are limited to about 107 bytes; beyond that we listen on loopback TCP instead.
const MAX_SOCKET_PATH = 100;

export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The data folder ${dataDir} is already in use by Sluice process ${pid}.`);
    this.name = "DataFolderBusyError";
  }
}

function acquireLock(dataDir: string): string {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, url: "", startedAt: new Date().toISOString() }), {
        flag: "wx",
        mode: 0o600,
      });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = holderPid(file);
      if (holder !== 0 && isAlive(holder)) throw new DataFolderBusyError(dataDir, holder);
      unlinkSync(file); // left behind by a process that died
    }
  }
  throw new Error(`Could not take the lock ${file}.`);
}

function holderPid(file: string): number {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid;
  } catch {
    return 0;
  }
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = acquireLock(dataDir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir: path.join(dataDir, "pgdata") });
    const socketPath = path.join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
    const useSocket = socketPath.length <= MAX_SOCKET_PATH;
    if (useSocket && existsSync(socketPath)) unlinkSync(socketPath);
    const server = await servePglite(db, useSocket ? { path: socketPath } : { host: "127.0.0.1", port: 0 });
    const url = useSocket
      ? `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(dataDir)}`
      : `postgresql://postgres@${server.address}/postgres`;
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString() }), {
      mode: 0o600,
    });
    const opened = db;
    let stopped = false;
    return {
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await opened.close();
        if (existsSync(lockFile)) unlinkSync(lockFile);
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    if (existsSync(lockFile)) unlinkSync(lockFile);
    throw error;
  }
}
