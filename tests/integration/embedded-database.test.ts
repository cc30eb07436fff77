// The embedded default: a real PostgreSQL server in the data folder (lib/database/embedded.ts).
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DataFolderBusyError, EmbeddedDatabaseError, PgliteDataFolderError, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/database/embedded";
import { clusterDir, findRunningEmbeddedDatabase, isAlive, passwordFile, runningPostmaster } from "@/lib/database/embedded-layout";

const folders: string[] = [];
const servers: EmbeddedDatabase[] = [];
function dataFolder(parent = tmpdir()): string {
  const dir = mkdtempSync(path.join(parent, "sluice-embedded-"));
  folders.push(dir);
  return dir;
}
async function start(dataDir: string, options: Parameters<typeof startEmbeddedDatabase>[1] = {}) {
  const database = await startEmbeddedDatabase(dataDir, { durable: false, ...options });
  servers.push(database);
  return database;
}
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
const withPassword = (url: string, password: string | null) => {
  const u = new URL(url);
  u.password = password ?? "";
  return u.toString();
};

describe("the embedded PostgreSQL server", () => {
  it("is created on first start with a generated password kept 0600, listens only on a socket in the data folder, and keeps data across restarts", async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir);
    expect(first.owned).toBe(true);
    expect(statSync(passwordFile(dataDir)).mode & 0o777).toBe(0o600);
    const password = readFileSync(passwordFile(dataDir), "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    const postmaster = runningPostmaster(clusterDir(dataDir))!;
    expect(postmaster).toMatchObject({ pid: first.pid, socketDir: clusterDir(dataDir), host: null, status: "ready" });
    expect(existsSync(path.join(clusterDir(dataDir), ".s.PGSQL.5432"))).toBe(true);
    expect(new URL(first.url).searchParams.get("host")).toBe(clusterDir(dataDir));

    expect(await query(first.url, "SELECT current_user AS u, current_database() AS d, current_setting('server_version_num')::int >= 170000 AS v17")).toEqual([
      { u: "sluice", d: "sluice", v17: true },
    ]);
    await expect(query(withPassword(first.url, "wrong"), "SELECT 1")).rejects.toThrow(/password authentication failed/);
    await expect(query(withPassword(first.url, null), "SELECT 1")).rejects.toThrow(/password/);

    await query(first.url, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(findRunningEmbeddedDatabase(dataDir)).toBeUndefined();

    const second = await start(dataDir);
    expect(readFileSync(passwordFile(dataDir), "utf8").trim()).toBe(password);
    expect(await query(second.url, "SELECT body FROM notes")).toEqual([{ body: "kept" }]);
    await second.stop();
  });

  it("is refused to a second `npm start` while a Sluice runs it, and shared with the CLI, which does not stop it", async () => {
    const dataDir = dataFolder();
    const running = await start(dataDir);
    await expect(startEmbeddedDatabase(dataDir, { whenInUse: "refuse" })).rejects.toBeInstanceOf(DataFolderBusyError);
    const cli = await startEmbeddedDatabase(dataDir, { whenInUse: "reuse" });
    expect(cli).toMatchObject({ owned: false, pid: running.pid, url: running.url });
    expect(findRunningEmbeddedDatabase(dataDir)).toEqual({ pid: running.pid, url: running.url });
    await cli.stop();
    expect(await query(running.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("stops and starts again a server whose launcher died with kill -9, keeping its data", async () => {
    const dataDir = dataFolder();
    const owner = spawn(process.execPath, ["--import", "tsx", "tests/support/embedded-owner-main.ts"], {
      env: { ...process.env, SLUICE_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const orphanPid = await new Promise<number>((resolve, reject) => {
      owner.stdout!.on("data", (c: Buffer) => {
        const match = /ready (\d+)/.exec(c.toString());
        if (match) resolve(Number(match[1]));
      });
      owner.on("exit", (code) => reject(new Error(`the owner process exited (${code})`)));
    });
    const url = findRunningEmbeddedDatabase(dataDir)!.url;
    await query(url, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('before the crash')");
    const ownerGone = new Promise((resolve) => owner.once("exit", resolve));
    owner.kill("SIGKILL");
    await ownerGone;
    expect(isAlive(orphanPid)).toBe(true); // kill -9 of the launcher leaves the postmaster running

    const restarted = await start(dataDir, { whenInUse: "refuse" });
    expect(restarted.owned).toBe(true);
    expect(restarted.pid).not.toBe(orphanPid);
    expect(isAlive(orphanPid)).toBe(false);
    expect(await query(restarted.url, "SELECT body FROM notes")).toEqual([{ body: "before the crash" }]);
    await restarted.stop();
  });

  it("loses no acknowledged commit when the server is killed with kill -9, even with fsync off (the test clusters' setting)", async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir, { durable: false });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE acks (n int)");
    let acknowledged = 0;
    for (; acknowledged < 500; acknowledged++) await client.query("INSERT INTO acks VALUES ($1)", [acknowledged]);
    client.on("error", () => undefined); // the crash cuts this connection
    await first.kill();
    await client.end().catch(() => undefined);
    const again = await start(dataDir);
    expect(await query(again.url, "SELECT count(*)::int AS n FROM acks")).toEqual([{ n: acknowledged }]);
    await again.stop();
  });

  it("starts over a postmaster.pid whose process is gone or is now another program", async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir);
    await first.stop();
    for (const pid of [4194305 /* above Linux's default pid_max: no such process */, process.pid /* alive, not a postmaster */]) {
      writeFileSync(path.join(clusterDir(dataDir), "postmaster.pid"), `${pid}\n${clusterDir(dataDir)}\n0\n5432\n${clusterDir(dataDir)}\n\n0 0\nready\n`);
      expect(runningPostmaster(clusterDir(dataDir))).toBeUndefined();
      const again = await start(dataDir, { whenInUse: "refuse" });
      expect(await query(again.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await again.stop();
    }
  });

  it("listens on loopback TCP, with the password, when the data folder's path is too long for a Unix socket", async () => {
    const parent = dataFolder();
    chmodSync(parent, 0o711); // mkdtemp makes it 0700; as root, the server user must be able to enter it
    const deep = path.join(parent, "a-folder-name-long-enough".repeat(2), "to-push-the-socket-path-past-the-limit".repeat(2));
    mkdirSync(deep, { recursive: true });
    const database = await start(deep);
    const url = new URL(database.url);
    expect(url.hostname).toBe("127.0.0.1");
    expect(url.searchParams.get("host")).toBeNull();
    expect(runningPostmaster(clusterDir(deep))).toMatchObject({ socketDir: null, host: "127.0.0.1" });
    expect(await query(database.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await expect(query(withPassword(database.url, "wrong"), "SELECT 1")).rejects.toThrow(/password authentication failed/);
    await database.stop();
  });

  it("refuses a data folder written by the PGlite versions, changing nothing", async () => {
    const dataDir = dataFolder();
    mkdirSync(path.join(dataDir, "pgdata"));
    writeFileSync(path.join(dataDir, "pgdata", "PG_VERSION"), "17\n");
    const error = await startEmbeddedDatabase(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgliteDataFolderError);
    expect((error as Error).message).toMatch(/PGlite.*cannot open that format.*Nothing was changed.*move the folder aside/s);
    expect(existsSync(clusterDir(dataDir))).toBe(false);
    expect(existsSync(passwordFile(dataDir))).toBe(false);
  });

  it("under a folder only its owner may enter: refused with the folder named when Sluice runs as root (the server runs as postgres), served otherwise", async () => {
    const parent = dataFolder();
    chmodSync(parent, 0o700);
    const dataDir = path.join(parent, "data");
    if (process.getuid?.() === 0) {
      const error = await startEmbeddedDatabase(dataDir, { durable: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmbeddedDatabaseError);
      expect((error as Error).message).toContain(`cannot enter ${parent} (mode 700)`);
    } else {
      const database = await start(dataDir);
      expect(await query(database.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await database.stop();
    }
  });
});
