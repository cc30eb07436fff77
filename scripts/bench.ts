// `npm run bench`: Sluice's LNURL endpoints and REST API against lnurl-node, an empty Next.js route handler
// and bare node:http, on loopback, each server in its own process and each load generator in another.
// Sluice runs as `npm start` runs it: its own embedded PostgreSQL server in a fresh data folder (no DATABASE_URL).
// Options: --runs N (3), --duration S (5), --connections C (20); --cpu-prof runs only Sluice on its embedded
// server (its four cases and the empty handler), with the server's CPU profiled (scripts/bench/cpu-profile.mjs) and
// summarises where its time goes (the Node.js side only: the queries run in the postgres processes, which are
// not profiled). BENCH_POSTGRES_URL or DATABASE_URL adds Sluice on that external PostgreSQL server (it
// writes a bench merchant and its withdraws into that database).
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { formatMsatAsSats } from "@/lib/money";
import { signBenchInvoice } from "./bench/invoices";
import { autocannon, endToEnd, median, oneUseUrls, type Run } from "./bench/measure";
import { runToEnd, startServer, stopServer, tsxBin } from "./bench/processes";
import { summariseProfile } from "./bench/profile";
import { buildIfStale } from "./launcher/build";
import { log } from "./launcher/log";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, duration: { type: "string", default: "5" }, connections: { type: "string", default: "20" }, "cpu-prof": { type: "boolean", default: false } } });
const PROFILE = values["cpu-prof"];
const RUNS = Number(values.runs);
const SECONDS = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const AMOUNT_MSAT = 1000n;
const work = mkdtempSync(path.join(tmpdir(), "sluice-bench-"));
// As root, the embedded server runs as the system user postgres, which must be able to enter every folder
// above its data folder: others may enter this one, not list it.
chmodSync(work, 0o711);
const EMBEDDED = "Sluice (embedded PostgreSQL)";
const EXTERNAL = "Sluice (PostgreSQL)";
const GOALS: [string, number][] = [
  ["1. LNURL first step", 0.8],
  ["2. callback round trip", 0.5],
  ["3. withdraws paid end to end", 0.25],
  ["4. POST /api/v1/withdraws", 0.5],
];
const P99_GOAL_MS = 100;

type Row = { kase: string; target: string; runs: Run[]; skipped?: string };
const rows: Row[] = [];

async function measure(kase: string, target: string, once: (i: number) => Promise<Run>) {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await once(i);
    log(`${kase} · ${target} · run ${i + 1}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms${run.failures ? `, ${run.failures} failed (${run.note ?? "non-2xx or errors"})` : ""}`);
    runs.push(run);
  }
  rows.push({ kase, target, runs });
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates withdraws over the REST API, takes each one's first step and signs an invoice: callback URLs. */
async function sluiceCallbacks(base: string, apiKey: string, count: number): Promise<string[]> {
  const urls: string[] = [];
  const one = async () => {
    const w = await json<{ withdraw_methods_options: { lnurl: { withdraw_request: string } } }>(`${base}/api/v1/withdraws`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ amount: formatMsatAsSats(AMOUNT_MSAT), currency: "SATS", ttl: 3600 }),
    });
    const first = await json<{ callback: string; k1: string; maxWithdrawable: number }>(decodeLnurl(w.withdraw_methods_options.lnurl.withdraw_request));
    const url = new URL(first.callback);
    url.searchParams.set("k1", first.k1);
    url.searchParams.set("pr", signBenchInvoice(BigInt(first.maxWithdrawable)));
    urls.push(url.toString());
  };
  let left = count;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (left-- > 0) await one();
  }));
  return urls;
}

async function benchSluice(label: string, port: number, databaseUrl: string | undefined, withEmpty: boolean) {
  const profileDir = PROFILE ? mkdtempSync(path.join(work, "profile-")) : undefined;
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(work, "data-"));
  const env = {
    PORT: String(port),
    PUBLIC_URL: base,
    SLUICE_DATA_DIR: dataDir,
    SLUICE_DEMO: "false",
    DATABASE_URL: databaseUrl,
    API_RATE_LIMIT_PER_KEY: "0",
    API_RATE_LIMIT_PER_IP: "0",
    NEXTAUTH_SECRET: "bench-only-secret-bench-only-secret-0123",
    ...(profileDir ? { NODE_OPTIONS: `--import ${path.resolve("scripts/bench/cpu-profile.mjs")}`, BENCH_CPU_PROFILE_DIR: profileDir } : {}),
  };
  log(`Starting ${label} on port ${port}…`);
  const server = await startServer(tsxBin, ["scripts/start.ts"], env, "Sluice is ready");
  try {
    const { apiKey } = JSON.parse((await runToEnd(tsxBin, ["scripts/bench/prepare-merchant.ts"], env)).trim().split("\n").pop()!) as { apiKey: string };
    const auth = { Authorization: `Bearer ${apiKey}` };
    const created = await json<{ withdraw_methods_options: { lnurl: { withdraw_request: string } } }>(`${base}/api/v1/withdraws`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ amount: "1", currency: "SATS", ttl: 3600 }),
    });
    const firstStep = decodeLnurl(created.withdraw_methods_options.lnurl.withdraw_request);
    const check = await json<{ tag?: string }>(firstStep);
    if (check.tag !== "withdrawRequest") throw new Error(`${label}: the first step answered ${JSON.stringify(check)}`);

    // Measured warm, as a long-running server is: two untimed seconds of the same load first (the empty
    // handler below is measured on the same, by then warm, server).
    await autocannon({ url: firstStep }, CONNECTIONS, 2);
    await measure("1. LNURL first step", label, () => autocannon({ url: firstStep }, CONNECTIONS, SECONDS));
    if (withEmpty) await measure("1. LNURL first step", "empty Next.js route handler", () => autocannon({ url: `${base}/api/bench/empty` }, CONNECTIONS, SECONDS));

    // Enough fresh withdraws for a run at the rate of a short trial, plus half again.
    const trial = await oneUseUrls(await sluiceCallbacks(base, apiKey, 100), path.join(work, "trial.txt"), CONNECTIONS, SECONDS);
    const perRun = Math.min(20_000, Math.ceil(Math.max(trial.rps, 50) * SECONDS * 1.5));
    await measure("2. callback round trip", label, async (i) => {
      log(`  preparing ${perRun} withdraws and invoices for run ${i + 1}…`);
      const urls = await sluiceCallbacks(base, apiKey, perRun);
      return oneUseUrls(urls, path.join(work, `callbacks-${port}-${i}.txt`), CONNECTIONS, SECONDS);
    });
    await measure("3. withdraws paid end to end", label, () => endToEnd(base, apiKey, CONNECTIONS, SECONDS));
    await measure("4. POST /api/v1/withdraws", label, () =>
      autocannon({ url: `${base}/api/v1/withdraws`, method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: '{"amount":"1","currency":"SATS"}' }, CONNECTIONS, SECONDS),
    );
  } finally {
    await stopServer(server);
  }
  if (profileDir) {
    // Every process under the launcher writes one; the Next.js server is the one that sampled longest.
    const files = readdirSync(profileDir).map((f) => path.join(profileDir, f));
    const busiest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (busiest) summariseProfile(busiest, `${label}'s busiest process`);
    else console.log("No CPU profile was written.");
  }
}

async function benchLnurlNode(port: number) {
  const base = `http://127.0.0.1:${port}`;
  try {
    createRequire(path.join(process.cwd(), "package.json"))("lnurl");
  } catch (error) {
    for (const kase of ["1. LNURL first step", "2. callback round trip"]) rows.push({ kase, target: "lnurl-node", runs: [], skipped: `lnurl does not load (${(error as Error).message.split("\n")[0]})` });
    return;
  }
  // Each run stops early when the list runs out; the rate is counted over the time it took.
  const perRun = 5_000;
  log(`Starting lnurl-node on port ${port} with ${perRun * RUNS + 1} withdrawRequests…`);
  const server = await startServer(tsxBin, ["scripts/bench/lnurl-node-server.ts"], { PORT: String(port), BENCH_WITHDRAWS: String(perRun * RUNS + 1), BENCH_AMOUNT_MSAT: String(AMOUNT_MSAT) }, "ready", 600_000);
  try {
    const { secrets } = JSON.parse(server.output().split("\n").find((l) => l.startsWith("{"))!) as { secrets: string[] };
    const firstStep = `${base}/lnurl?q=${secrets[0]}`;
    const check = await json<{ tag?: string; callback: string }>(firstStep);
    if (check.tag !== "withdrawRequest") throw new Error(`lnurl-node: the first step answered ${JSON.stringify(check)}`);
    await measure("1. LNURL first step", "lnurl-node", () => autocannon({ url: firstStep }, CONNECTIONS, SECONDS));
    await measure("2. callback round trip", "lnurl-node", async (i) => {
      const urls = secrets.slice(1 + i * perRun, 1 + (i + 1) * perRun).map((k1) => {
        const url = new URL(check.callback);
        url.searchParams.set("k1", k1);
        url.searchParams.set("pr", signBenchInvoice(AMOUNT_MSAT));
        return url.toString();
      });
      return oneUseUrls(urls, path.join(work, `lnurl-node-${i}.txt`), CONNECTIONS, SECONDS);
    });
  } finally {
    await stopServer(server);
  }
}

async function benchBare(port: number) {
  const server = await startServer(tsxBin, ["scripts/bench/bare-server.ts"], { PORT: String(port) }, "ready");
  try {
    await measure("1. LNURL first step", "bare node:http", () => autocannon({ url: `http://127.0.0.1:${port}/` }, CONNECTIONS, SECONDS));
  } finally {
    await stopServer(server);
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function report() {
  const cpu = cpus();
  console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpu.length} cores (${cpu[0]?.model.trim()}) · Node ${process.version} · ${RUNS} runs × ${SECONDS} s · ${CONNECTIONS} connections`);
  console.log(`Median of the runs, min–max in brackets; × Sluice = target's req/s ÷ ${EMBEDDED}'s in the same case.\n`);
  console.log("| Case | Target | req/s | p50 ms | p99 ms | × Sluice |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  const med = (row: Row, key: keyof Run) => median(row.runs.map((r) => r[key] as number));
  for (const row of rows) {
    if (row.skipped) {
      console.log(`| ${row.kase} | ${row.target} | not measured (${row.skipped}) | | | |`);
      continue;
    }
    const sluice = rows.find((r) => r.kase === row.kase && r.target === EMBEDDED);
    const rps = row.runs.map((r) => r.rps);
    const failed = row.runs.reduce((n, r) => n + r.failures, 0);
    console.log(
      `| ${row.kase} | ${row.target} | ${fmt(med(row, "rps"))} (${fmt(Math.min(...rps))}–${fmt(Math.max(...rps))})${failed ? ` ⚠ ${failed} failed` : ""} | ${fmt(med(row, "p50"), 1)} | ${fmt(med(row, "p99"), 1)} | ${sluice ? `${fmt(med(row, "rps") / med(sluice, "rps"), 2)}×` : ""} |`,
    );
  }
  const rpsOf = (kase: string, target: string) => {
    const row = rows.find((r) => r.kase === kase && r.target === target && r.runs.length);
    return row ? med(row, "rps") : undefined;
  };
  // The goals: each case's rate as a share of the empty Next.js route handler's (the most the framework
  // allows on this machine, so the ratio does not depend on the machine), and the callback's p99.
  const ceiling = rpsOf("1. LNURL first step", "empty Next.js route handler");
  console.log(`\nGoals (${EMBEDDED} ÷ the empty Next.js route handler's ${ceiling ? `${fmt(ceiling)} req/s` : "rate (not measured)"}):`);
  for (const [kase, goal] of GOALS) {
    const s = rpsOf(kase, EMBEDDED);
    console.log(`- ${kase} ≥ ${fmt(goal, 2)}×: ${s && ceiling ? `${fmt(s / ceiling, 2)}× → ${s / ceiling >= goal ? "met" : "NOT met"}` : "not measured"}`);
  }
  const callback = rows.find((r) => r.kase === "2. callback round trip" && r.target === EMBEDDED && r.runs.length);
  const p99 = callback ? med(callback, "p99") : undefined;
  console.log(`- 2. callback round trip p99 < ${P99_GOAL_MS} ms at ${CONNECTIONS} connections: ${p99 === undefined ? "not measured" : `${fmt(p99, 1)} ms → ${p99 < P99_GOAL_MS ? "met" : "NOT met"}`}`);
}

async function main() {
  // A build of its own, in .next-bench, with the empty route (next.config.js); every Sluice started below
  // inherits the flag and serves that build.
  process.env.SLUICE_BENCH_BUILD = "1";
  log(`Build: ${await buildIfStale(process.cwd(), log)}.`);
  if (PROFILE) {
    await benchSluice(EMBEDDED, 43_102, undefined, true);
    return;
  }
  await benchBare(43_100);
  await benchLnurlNode(43_101);
  await benchSluice(EMBEDDED, 43_102, undefined, true);
  const postgres = process.env.BENCH_POSTGRES_URL || process.env.DATABASE_URL;
  if (postgres) await benchSluice(EXTERNAL, 43_103, postgres, false);
  else for (const kase of ["1. LNURL first step", "2. callback round trip", "3. withdraws paid end to end", "4. POST /api/v1/withdraws"]) rows.push({ kase, target: EXTERNAL, runs: [], skipped: "set BENCH_POSTGRES_URL or DATABASE_URL" });
  const order = [EMBEDDED, EXTERNAL, "lnurl-node", "empty Next.js route handler", "bare node:http"];
  rows.sort((a, b) => a.kase.localeCompare(b.kase) || order.indexOf(a.target) - order.indexOf(b.target));
  report();
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
