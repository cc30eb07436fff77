// `npm start`'s embedded PostgreSQL server over a data folder's life: the CLI finds it and prints its URL
// (for pg_dump), a second `npm start` on the same folder is refused, a launcher killed with kill -9 leaves the
// server running and the next start stops and restarts it with the data intact, and a SIGTERM stops it all.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { processTree } from "../../lib/process-tree";
import { startSluice, stopSluice, type StartedSluice } from "./servers";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);

function cli(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

async function merchants(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>("SELECT name FROM merchants ORDER BY name")).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

test.describe("the embedded PostgreSQL server under npm start", () => {
  test.setTimeout(300_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-lifecycle-"));
  const started: StartedSluice[] = [];
  test.afterAll(async () => {
    for (const s of started) await stopSluice(s.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("is found by the CLI, refused to a second start, restarted after a kill -9 of the launcher, and stopped by SIGTERM", async () => {
    const first = await startSluice("lifecycle-1", {}, dataDir);
    started.push(first);
    expect(first.output()).toContain(`Database: embedded PostgreSQL in ${dataDir}`);

    // db:url prints the running server's URL with its credentials; pg (as pg_dump would) reaches it.
    const printed = cli(dataDir, "db:url");
    expect(printed.status, printed.stderr).toBe(0);
    const url = printed.stdout.trim();
    expect(url).toMatch(/^postgresql:\/\/sluice:[^@]+@localhost:5432\/sluice\?host=/);
    expect(new URL(url).searchParams.get("host")).toBe(path.join(dataDir, "postgres"));
    expect(await merchants(url)).toEqual(["Demo Shop"]);

    // A second npm start on the same folder: refused, and the first keeps serving.
    const second = await startSluice("lifecycle-2", {}, dataDir).then(
      () => "started",
      (error: Error) => error.message,
    );
    expect(second).toContain(`The data folder ${dataDir} is already in use by Sluice process`);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);

    // kill -9 of the launcher and its Next.js server (everything but the database server and its backends), as
    // when the machine's memory runs out: the database server lives on.
    const postmaster = postmasterPid(dataDir);
    const doomed = processTree(first.child.pid!).filter((pid) => !processTree(postmaster).includes(pid));
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    for (const pid of doomed) process.kill(pid, "SIGKILL");
    await exited;
    expect(isAlive(postmaster)).toBe(true);
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow(); // the Next.js server is gone too

    const third = await startSluice("lifecycle-3", {}, dataDir);
    started.push(third);
    expect(third.output()).toContain(`A database server left running by an earlier start (pid ${postmaster}) is being stopped and started again.`);
    expect(isAlive(postmaster)).toBe(false);
    expect(third.output()).not.toContain("A demo merchant was created"); // the data survived
    const health = await fetch(`${third.url}/api/health`);
    expect(await health.json()).toEqual({ status: "ok" });

    // SIGTERM: Next.js, then the database, stop cleanly; nothing is left running.
    const newPostmaster = postmasterPid(dataDir);
    expect(await stopSluice(third.child)).toBe(0);
    expect(isAlive(newPostmaster)).toBe(false);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    const after = cli(dataDir, "db:url");
    expect(after.status).toBe(1);
    expect(after.stderr).toContain("No Sluice is running on");
    // The CLI on a stopped Sluice starts the server for itself and stops it again.
    expect(execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", "sim:mode", "--mode", "normal"], {
      env: { ...process.env, SLUICE_DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    })).toContain("Simulator mode: normal.");
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
  });
});
