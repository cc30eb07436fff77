// A PostgreSQL cluster of the fault suite's own, in a temporary folder, so that the suite can stop and restart
// the server under traffic without disturbing any other database. Uses the PostgreSQL server binaries that
// `.ci/run` installs from Debian (postgresql); as root the server runs as the `postgres` user (initdb refuses
// to run as root).
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/database/migrate";

export type Cluster = { dir: string; port: number; url: string };

export function postgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions.map((v) => path.join(base, v, "bin")).filter((d) => existsSync(path.join(d, "initdb"))).pop();
  if (!bin) {
    throw new Error(
      "The fault suite needs the PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin: " +
        "install Debian's `postgresql` package (.ci/run does).",
    );
  }
  return bin;
}

function run(command: string, args: string[]): string {
  const asPostgres = process.getuid?.() === 0;
  const [file, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// pg_ctl without blocking this process's event loop (traffic keeps flowing while the server stops and starts).
async function pgCtl(cluster: Cluster, ...args: string[]): Promise<void> {
  const command = path.join(postgresBin(), "pg_ctl");
  const argv = ["-D", path.join(cluster.dir, "data"), ...args];
  const asPostgres = process.getuid?.() === 0;
  await promisify(execFile)(asPostgres ? "runuser" : command, asPostgres ? ["-u", "postgres", "--", command, ...argv] : argv);
}

export async function createCluster(port: number): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "sluice-faults-pg-"));
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), 0);
  const cluster = { dir, port, url: `postgresql://postgres@127.0.0.1:${port}/postgres` };
  run(path.join(postgresBin(), "initdb"), ["-D", path.join(dir, "data"), "-A", "trust", "-U", "postgres"]);
  await startCluster(cluster);
  return cluster;
}

export async function startCluster(cluster: Cluster): Promise<void> {
  const options = `-p ${cluster.port} -k ${cluster.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
  await pgCtl(cluster, "-l", path.join(cluster.dir, "server.log"), "-w", "-o", options, "start");
}

/** A fast shutdown: open connections are cut, in-progress transactions roll back (as on a crash or failover). */
export async function stopCluster(cluster: Cluster): Promise<void> {
  await pgCtl(cluster, "-m", "fast", "-w", "stop");
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
  await stopCluster(cluster).catch(() => undefined);
  rmSync(cluster.dir, { recursive: true, force: true });
}
