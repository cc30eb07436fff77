// The one Prisma client. Opened lazily (never at import time: `next build` imports modules in workers).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
// An import back up into lib/database/ (named in tests/unit/layers.test.ts): the client opens the URL the
// database layer resolves.
import { resolveDatabaseUrl } from "./database/connection";

export type Db = PrismaClient;

const holder = globalThis as unknown as { sluiceDb?: PrismaClient; sluicePool?: pg.Pool; sluiceBulkPool?: { url: string; pool: pg.Pool } };

function open(): { client: PrismaClient; pool: pg.Pool } {
  if (!holder.sluiceDb || !holder.sluicePool) {
    // 20 connections: the LNURL callbacks, the payments they start and the API share them; with 10, requests
    // queued for a connection while the database had CPU to spare (the benchmark's callbacks: 105 → 119 req/s).
    const pool = new pg.Pool({ connectionString: resolveDatabaseUrl(), max: 20, allowExitOnIdle: true });
    // An idle connection cut by the server (a restart, a failover) is dropped from the pool and reported
    // here; without a listener pg re-throws it as an uncaught 'error' event and the whole process dies.
    pool.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
    holder.sluicePool = pool;
    holder.sluiceDb = new PrismaClient({ adapter: new PrismaPg(pool) });
  }
  return { client: holder.sluiceDb, pool: holder.sluicePool };
}

export function db(): PrismaClient {
  return open().client;
}

/**
 * The connections under db(), for the hot paths that speak SQL to them directly (lib/database/sql.ts): the
 * same pool, so the two share one limit of connections.
 */
export function pool(): pg.Pool {
  return open().pool;
}

/**
 * A small pool of plain `pg` connections for bulk reads (the exports), which take their rows as arrays of
 * text straight from the driver: on a million rows Prisma's per-value conversions cost more than the
 * database's own work.
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
  const shared = holder.sluicePool;
  const bulk = holder.sluiceBulkPool;
  holder.sluiceDb = undefined;
  holder.sluicePool = undefined;
  holder.sluiceBulkPool = undefined;
  // Prisma leaves a pool it was given open: end it after the client.
  await Promise.all([client?.$disconnect().then(() => shared?.end()), bulk?.pool.end()]);
}

/** A client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
