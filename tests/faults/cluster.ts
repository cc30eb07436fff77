// The fault suite's own PostgreSQL server: the embedded server `npm start` runs (lib/database/embedded.ts), in
// a temporary data folder, started by the suite's test process so that the scenarios can stop it (a fast
// shutdown), kill it (kill -9 of the postmaster, as on a crash) and start it again under traffic, on the same
// Unix socket and so the same URL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../lib/database/embedded";
import { applyMigrations } from "../../lib/database/migrate";
import { treeMemory } from "../../lib/process-tree";

export type Cluster = { dataDir: string; url: string; server: EmbeddedDatabase };

// Two Sluice processes with pools of 10, the test's own connections, and headroom for the restart.
const options = { durable: false, maxConnections: 200 } as const;

/** A new cluster with Sluice's database migrated. */
export async function createCluster(): Promise<Cluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-faults-"));
  const server = await startEmbeddedDatabase(dataDir, options);
  const cluster = { dataDir, url: server.url, server };
  try {
    await applyMigrations(cluster.url);
  } catch (error) {
    await destroyCluster(cluster);
    throw error;
  }
  return cluster;
}

export async function startCluster(cluster: Cluster): Promise<void> {
  cluster.server = await startEmbeddedDatabase(cluster.dataDir, options);
  if (cluster.server.url !== cluster.url) throw new Error(`The restarted server answers at ${cluster.server.url}, not ${cluster.url}.`);
}

/** A fast shutdown: open connections are cut, in-progress transactions roll back (as on a failover). */
export async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.server.stop();
}

/** kill -9 of the postmaster: a crash; the next start recovers from the write-ahead log. */
export async function killCluster(cluster: Cluster): Promise<void> {
  await cluster.server.kill();
}

/** A new, migrated database on the cluster; returns its URL. */
export async function createDatabase(cluster: Cluster, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return url.toString();
}

export async function destroyCluster(cluster: Cluster): Promise<void> {
  await cluster.server.stop().catch(() => undefined);
  rmSync(cluster.dataDir, { recursive: true, force: true });
}

/** Memory of the server: its postmaster and every backend (Linux /proc). PSS shares shared memory out fairly. */
export function clusterMemory(cluster: Cluster): { rssBytes: number; pssBytes: number; processes: number } {
  return treeMemory(cluster.server.pid);
}
