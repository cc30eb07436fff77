// `npm run bench:export -- [--on embedded,postgresql] [--email E] [--runs N] [--cpu-prof]`: times the withdraws
// CSV export (GET /api/v1/exports/withdraws?format=csv, the real route handler) over real HTTP against
// PostgreSQL's own `COPY (SELECT …) TO STDOUT WITH CSV HEADER` of the very same query, in one run on the
// embedded PostgreSQL server of the data folder (SLUICE_DATA_DIR) and, when DATABASE_URL is set, on that
// PostgreSQL server. Prints figures; it is not a test. Seed each database first:
// `npm run seed:bulk -- --rows 1000000` (with DATABASE_URL unset for the embedded one).
//
// Processes, so that every figure belongs to the right one:
// - the export server: this file with --serve, started as `node --import tsx` (the tsx CLI would run it in a
//   grandchild): the real route handlers served by tests/support/serve-routes.ts, without the background
//   jobs (the expiry sweep would expire the seeded unpaid withdraws during the runs). Its peak RSS (VmHWM,
//   reset before each run through /proc/<pid>/clear_refs) is the export's;
// - the embedded database server, postgres processes of its own: the one a running Sluice serves for the
//   data folder, or one started here for the runs and stopped after them. Its memory is the postmaster's and
//   its children's together, after the runs;
// - this process: the HTTP client (counts bytes and lines) and psql for COPY, on the same server as the export.
// --cpu-prof: the export server runs with `node --cpu-prof`; its profile is summarised at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { treeMemory } from "@/lib/process-tree";
import { summariseProfile } from "./bench/profile";

const { values } = parseArgs({
  options: {
    email: { type: "string", default: "bulk@sluice.test" },
    runs: { type: "string", default: "3" },
    "cpu-prof": { type: "boolean", default: false },
    on: { type: "string" },
    serve: { type: "boolean", default: false },
  },
});

const SCRIPT = fileURLToPath(import.meta.url);
const PSQL = process.env.PSQL ?? "psql";

// ---------------------------------------------------------------------------------------------------------
// The child mode.

async function serve(): Promise<void> {
  const { ROUTES } = await import("@/tests/support/routes");
  const { serveRoutes } = await import("@/tests/support/serve-routes");
  const server = await serveRoutes(ROUTES);
  // A normal exit, so that --cpu-prof writes its profile.
  process.on("SIGTERM", () => process.exit(0));
  console.log(`listening ${server.url}`);
}

// ---------------------------------------------------------------------------------------------------------
// Measuring.

type Child = { child: ChildProcess; match: string; output: () => string };
const children: ChildProcess[] = [];

async function startChild(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", SCRIPT, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const match = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited (${code}):\n${output}`));
    });
  });
  return { child, match, output: () => output };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** kB figures of /proc/<pid>/status, as MB. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

/** The database server's memory in MB, its postmaster and every backend together (see treeMemory). */
function serverMemory(postmaster: number): { processes: number; rss: number; pss: number } {
  const { processes, rssBytes, pssBytes } = treeMemory(postmaster);
  return { processes, rss: rssBytes / 1048576, pss: pssBytes / 1048576 };
}

/** Resets VmHWM to the current RSS (Linux clear_refs 5); false where that is not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

function countLines(chunk: Buffer): number {
  let lines = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  return lines;
}

type ExportRun = { status: number; ttfbMs: number; totalMs: number; bytes: number; lines: number; complete: boolean };

function runExport(url: string, key: string): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(`${url}/api/v1/exports/withdraws?format=csv`, { headers: { authorization: `Bearer ${key}` } }, (response) => {
      let first = 0;
      let bytes = 0;
      let lines = 0;
      response.on("data", (chunk: Buffer) => {
        if (!first) first = performance.now();
        bytes += chunk.length;
        lines += countLines(chunk);
      });
      response.on("error", reject);
      response.on("close", () =>
        resolve({ status: response.statusCode ?? 0, ttfbMs: first - started, totalMs: performance.now() - started, bytes, lines, complete: response.complete }),
      );
    });
    request.on("error", reject);
  });
}

type CopyRun = { totalMs: number; bytes: number; lines: number; ok: boolean; error: string };

function runCopy(url: string, sql: string): Promise<CopyRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    // The password goes in the environment, not on psql's command line where any local user could read it.
    const target = new URL(url);
    const password = decodeURIComponent(target.password);
    target.password = "";
    const psql = spawn(PSQL, [target.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `COPY (${sql}) TO STDOUT WITH CSV HEADER`], {
      env: password ? { ...process.env, PGPASSWORD: password } : process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let bytes = 0;
    let lines = 0;
    let error = "";
    psql.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      lines += countLines(chunk);
    });
    psql.stderr.on("data", (c: Buffer) => (error += c.toString()));
    psql.on("error", (e) => (error += e.message));
    psql.on("close", (code) => resolve({ totalMs: performance.now() - started, bytes, lines, ok: code === 0, error: error.trim() }));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------------------

const HEAD = ["database", "run", "export s", "rows/s", "TTFB ms", "MB/s", "RSS before MB", "peak RSS MB", "COPY s", "COPY rows/s", "ratio export/COPY"];
const WIDTHS = HEAD.map((h) => Math.max(h.length, 10));
const line = (cells: string[]) => console.log(cells.map((c, i) => (i < 2 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i]))).join("  "));

type Target = "embedded" | "postgresql";

/** Measures one database; returns its median line for the summary. */
async function measure(target: Target, postgresUrl: string | undefined): Promise<string[]> {
  const { env } = await import("@/lib/env");
  const { setDatabaseUrl } = await import("@/lib/database/connection");
  const { startEmbeddedDatabase } = await import("@/lib/database/embedded");
  const { db, disconnectDb } = await import("@/lib/db");
  const { createApiKey } = await import("@/lib/api-keys/create-api-key");
  const { isId } = await import("@/lib/ids");
  const { withdrawExportSql } = await import("@/lib/export/withdraw-rows");

  const runs = Number(values.runs);
  const config = env();
  const label = target;
  let url: string;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  if (target === "postgresql") {
    if (!postgresUrl) throw new Error("Measuring PostgreSQL needs DATABASE_URL.");
    url = postgresUrl;
  } else {
    // The server a running Sluice serves for the folder, else one started here (stopped after the runs).
    embedded = await startEmbeddedDatabase(config.dataDir, { whenInUse: "reuse", log: (l) => console.log(`[sluice] ${l}`) });
    url = embedded.url;
    console.log(
      embedded.owned
        ? `Started the embedded PostgreSQL server for ${config.dataDir} (pid ${embedded.pid}); it stops after the runs.`
        : `Using the embedded PostgreSQL server (pid ${embedded.pid}) that a running Sluice serves for ${config.dataDir} (its background jobs keep running).`,
    );
  }
  setDatabaseUrl(url);

  let keyId: string | undefined;
  let server: Child | undefined;
  try {
    const user = await db().user.findUnique({ where: { email: values.email! }, select: { merchantId: true } });
    if (!user) throw new Error(`No user ${values.email}: seed one first (npm run seed:bulk -- --rows 1000000 --email ${values.email}).`);
    const merchantId = user.merchantId;
    if (!isId("merchant", merchantId)) throw new Error(`Unexpected merchant id ${merchantId}.`);
    const withdraws = await db().withdraw.count({ where: { merchantId } });
    const version = (await db().$queryRaw<{ version: string }[]>`SELECT version()`)[0].version;
    const key = await createApiKey({ merchantId, name: "bench:export", scope: "read_only" });
    keyId = key.id;

    const profileDir = values["cpu-prof"] ? mkdtempSync(path.join(os.tmpdir(), "sluice-export-prof-")) : undefined;
    server = await startChild(
      ["--serve"],
      /listening (http:\S+)/,
      { ...process.env, DATABASE_URL: url, SLUICE_DATABASE_KIND: target },
      profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [],
    );
    const pid = server.child.pid!;

    // The export's own query (lib/export/withdraw-rows.ts) as one statement: the same 25 columns formatted
    // the same way, the same join and order, without batches; its parameters written in as literals.
    const asOf = new Date();
    const query = withdrawExportSql({ merchantId, asOf }, null);
    const literal = (value: unknown) => `'${(value instanceof Date ? value.toISOString() : String(value)).replaceAll("'", "''")}'`;
    const copySql = query.text.replace(/\$(\d+)/g, (_, n: string) => literal(query.values[Number(n) - 1])).replace(/\s+/g, " ");

    console.log(`\nDatabase: ${embedded ? `embedded PostgreSQL in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)"}: ${version}`);
    console.log(`Data: ${withdraws} withdraws of ${values.email}; ${runs} runs, each the export then COPY; load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    const canReset = resetPeak(pid);
    if (!canReset) console.log("Note: /proc/<pid>/clear_refs is not writable here; peak RSS is the server's peak since it started.");
    console.log(`Export server pid ${pid}, RSS at start ${memory(pid).rss.toFixed(0)} MB.\n`);

    line(HEAD);

    type Result = { totalS: number; rowsPerS: number; ttfbMs: number; mbPerS: number; before: number; peak: number; copyS: number; copyRowsPerS: number; ratio: number };
    const results: Result[] = [];
    const problems: string[] = [];
    let copyBytes = 0;
    let exportBytes = 0;
    for (let run = 1; run <= runs; run++) {
      resetPeak(pid);
      const before = memory(pid).rss;
      let sampled = before;
      const sampler = setInterval(() => (sampled = Math.max(sampled, memory(pid).rss)), 50);
      const result = await runExport(server.match, key.key);
      clearInterval(sampler);
      const peak = Math.max(memory(pid).hwm, sampled);
      const rows = result.lines - 1; // the header line
      if (result.status !== 200 || !result.complete || rows !== withdraws) {
        problems.push(`run ${run}: export answered ${result.status}, ${result.complete ? "complete" : "INCOMPLETE"}, ${rows} rows of ${withdraws}`);
      }
      const copy = await runCopy(url, copySql);
      if (!copy.ok || copy.lines - 1 !== withdraws) problems.push(`run ${run}: COPY ${copy.ok ? "" : `failed (${copy.error}), `}${copy.lines - 1} rows of ${withdraws}`);
      copyBytes = copy.bytes;
      exportBytes = result.bytes;
      const r: Result = {
        totalS: result.totalMs / 1000,
        rowsPerS: rows / (result.totalMs / 1000),
        ttfbMs: result.ttfbMs,
        mbPerS: result.bytes / 2 ** 20 / (result.totalMs / 1000),
        before,
        peak,
        copyS: copy.totalMs / 1000,
        copyRowsPerS: (copy.lines - 1) / (copy.totalMs / 1000),
        ratio: result.totalMs / copy.totalMs,
      };
      results.push(r);
      line([label, String(run), r.totalS.toFixed(2), r.rowsPerS.toFixed(0), r.ttfbMs.toFixed(1), r.mbPerS.toFixed(1), r.before.toFixed(0), r.peak.toFixed(0), r.copyS.toFixed(2), r.copyRowsPerS.toFixed(0), `${r.ratio.toFixed(2)}×`]);
    }
    const m = (f: (r: Result) => number) => median(results.map(f));
    const medians = [label, "median", m((r) => r.totalS).toFixed(2), m((r) => r.rowsPerS).toFixed(0), m((r) => r.ttfbMs).toFixed(1), m((r) => r.mbPerS).toFixed(1), m((r) => r.before).toFixed(0), m((r) => r.peak).toFixed(0), m((r) => r.copyS).toFixed(2), m((r) => r.copyRowsPerS).toFixed(0), `${m((r) => r.ratio).toFixed(2)}×`];
    line(medians);
    console.log(
      `\nBytes: export ${(exportBytes / 2 ** 20).toFixed(1)} MB COPY ${(copyBytes / 2 ** 20).toFixed(1)} MB (the same 25 columns; the export also neutralises formula cells). ` +
        `Peak RSS: the export server's VmHWM${canReset ? " (reset before each run)" : ""}. Load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}.`,
    );
    if (embedded) {
      const server = serverMemory(embedded.pid);
      console.log(
        `Embedded database server after the runs: ${server.processes} processes (postmaster pid ${embedded.pid} and its children), ` +
          `PSS ${server.pss.toFixed(0)} MB together (RSS summed ${server.rss.toFixed(0)} MB, shared buffers counted in each process).`,
      );
    }
    console.log(`Goal: within 3× of COPY, peak RSS under 300 MB: median ratio ${m((r) => r.ratio).toFixed(2)}×, peak ${m((r) => r.peak).toFixed(0)} MB.`);
    if (problems.length) {
      console.log(`\nPROBLEMS:\n  ${problems.join("\n  ")}`);
      process.exitCode = 1;
    }

    await stopChild(server.child);
    if (profileDir) {
      const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
      if (file) summariseProfile(path.join(profileDir, file), "the export server");
      else console.log(`No CPU profile was written to ${profileDir}.`);
    }
    return medians;
  } finally {
    if (server) await stopChild(server.child);
    if (keyId) await db().apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } }).catch(() => undefined);
    await disconnectDb();
    setDatabaseUrl(undefined);
    await embedded?.stop(); // only a server started here: a running Sluice's is left alone
  }
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error("--runs must be a whole number from 1 to 50.");
  const postgresUrl = process.env.DATABASE_URL || undefined;
  const targets = (values.on ?? (postgresUrl ? "embedded,postgresql" : "embedded")).split(",").map((t) => t.trim());
  for (const t of targets) if (t !== "embedded" && t !== "postgresql") throw new Error(`--on takes embedded and/or postgresql, not "${t}".`);
  const cpus = os.cpus();
  console.log(`Machine: ${cpus.length} cores (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`);
  const summary: string[][] = [];
  for (const target of targets as Target[]) summary.push(await measure(target, postgresUrl));
  if (summary.length > 1) {
    console.log("\nSummary (medians):");
    line(HEAD);
    summary.forEach(line);
  }
}

process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
});

if (!values.serve) {
  // Ctrl-C or a kill: exit through the exit handlers, which stop the export server and an embedded database
  // server started here (it runs in a process group of its own, so the terminal's Ctrl-C does not reach it).
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(signal === "SIGINT" ? 130 : 143));
}

const mode = values.serve ? serve() : main();
mode.catch((error) => {
  console.error("[bench:export]", error instanceof Error ? error.message : error);
  process.exit(1);
});
