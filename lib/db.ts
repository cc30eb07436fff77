// The one Prisma client. Opened lazily (never at import time: `next build` imports modules in workers).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { resolveDatabaseUrl } from "./database/connection";

export type Db = PrismaClient;

const holder = globalThis as unknown as { sluiceDb?: PrismaClient; sluiceBulkPool?: { url: string; pool: pg.Pool } };

export function db(): PrismaClient {
  holder.sluiceDb ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: resolveDatabaseUrl(), max: 10, allowExitOnIdle: true }),
  });
  return holder.sluiceDb;
}

/**
 * A small pool of plain `pg` connections for bulk reads (the exports), which take their rows as arrays of
 * text straight from the driver: on a million rows Prisma's per-value conversions cost more than the
 * database's own work. Everything else goes through Prisma.
 */
export function bulkReadPool(): pg.Pool {
  const url = resolveDatabaseUrl();
  if (holder.sluiceBulkPool?.url !== url) {
    void holder.sluiceBulkPool?.pool.end().catch(() => undefined);
    const pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true });
    // An idle connection cut by the server (a restart, a failover) is dropped from the pool and reported
    // here; without a listener pg re-throws it as an uncaught 'error' event and the whole process dies.
    pool.on("error", (error) => console.error(`[db] idle export connection lost: ${error.message}`));
    holder.sluiceBulkPool = { url, pool };
  }
  return holder.sluiceBulkPool.pool;
}

export async function disconnectDb(): Promise<void> {
  const client = holder.sluiceDb;
  const bulk = holder.sluiceBulkPool;
  holder.sluiceDb = undefined;
  holder.sluiceBulkPool = undefined;
  await Promise.all([client?.$disconnect(), bulk?.pool.end()]);
}

/** A client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
