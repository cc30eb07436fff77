// Where the embedded PostgreSQL server keeps things in the data folder, and how any process (the CLI, a
// script, a test) finds the server that a running Sluice started for a folder. Reads files only: it never
// loads or starts the server binaries, so the Next.js server can import it.
//
//   <data folder>/postgres/            the cluster (PostgreSQL's own data directory, with its Unix socket)
//   <data folder>/postgres-password    the generated password of the `sluice` role (0600)
//   <data folder>/postgres.log         the server's log
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const EMBEDDED_USER = "sluice";
export const EMBEDDED_DATABASE = "sluice";
/** The port number names the Unix socket (`.s.PGSQL.5432`); with a socket only, nothing listens on TCP. */
export const SOCKET_PORT = 5432;

export const clusterDir = (dataDir: string) => path.join(/* turbopackIgnore: true */ dataDir, "postgres");
export const passwordFile = (dataDir: string) => path.join(/* turbopackIgnore: true */ dataDir, "postgres-password");
export const serverLogFile = (dataDir: string) => path.join(/* turbopackIgnore: true */ dataDir, "postgres.log");

/** What a live postmaster wrote in `postmaster.pid`: where it listens and whether it accepts connections. */
export type Postmaster = { pid: number; port: number; socketDir: string | null; host: string | null; status: string };

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// /proc/<pid>/cmdline of a postmaster is `<…>/postgres -D <cluster> …`. Where /proc is missing (macOS), a live
// pid is taken at its word.
function isPostmasterOf(pid: number, cluster: string): boolean {
  if (!isAlive(pid)) return false;
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT" || !existsSync("/proc/self");
  }
  const dataArg = argv.indexOf("-D");
  return path.basename(argv[0] ?? "") === "postgres" && dataArg >= 0 && path.resolve(/* turbopackIgnore: true */ argv[dataArg + 1] ?? "") === path.resolve(/* turbopackIgnore: true */ cluster);
}

/**
 * The postmaster serving this cluster, from its `postmaster.pid` (lines: pid, data directory, start time,
 * port, first socket directory, first listen address, shared memory key, status), when that process is alive
 * and is a postmaster of this very cluster (after a crash the pid may belong to anything else).
 */
export function runningPostmaster(cluster: string): Postmaster | undefined {
  let lines: string[];
  try {
    lines = readFileSync(/* turbopackIgnore: true */ path.join(cluster, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterOf(pid, cluster)) return undefined;
  const address = lines[5]?.trim() ?? "";
  return {
    pid,
    port: Number(lines[3]),
    socketDir: lines[4]?.trim() || null,
    host: address === "" ? null : address === "*" || address === "0.0.0.0" ? "127.0.0.1" : address.split(/[ ,]/)[0]!,
    status: lines[7]?.trim() ?? "",
  };
}

/** The connection URL of the embedded server: its Unix socket when it has one, else loopback TCP. */
export function embeddedUrl(server: Pick<Postmaster, "port" | "socketDir" | "host">, password: string): string {
  const credentials = `${EMBEDDED_USER}:${encodeURIComponent(password)}`;
  if (server.socketDir) {
    return `postgresql://${credentials}@localhost:${server.port}/${EMBEDDED_DATABASE}?host=${encodeURIComponent(server.socketDir)}`;
  }
  return `postgresql://${credentials}@${server.host ?? "127.0.0.1"}:${server.port}/${EMBEDDED_DATABASE}`;
}

/** The embedded server a running Sluice serves for this data folder, if any, with the URL to reach it. */
export function findRunningEmbeddedDatabase(dataDir: string): { pid: number; url: string } | undefined {
  const server = runningPostmaster(clusterDir(dataDir));
  if (!server || server.status !== "ready") return undefined;
  let password: string;
  try {
    password = readFileSync(/* turbopackIgnore: true */ passwordFile(dataDir), "utf8").trim();
  } catch {
    return undefined;
  }
  return { pid: server.pid, url: embeddedUrl(server, password) };
}
