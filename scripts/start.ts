// `npm start`: configuration, database (the embedded PostgreSQL server unless DATABASE_URL), migrations, the demo account,
// a production build when missing or stale, then `next start`. Stops everything cleanly on Ctrl-C.
import { setTimeout as sleep } from "node:timers/promises";
import { ensureDemoAccount, type DemoAccount } from "@/lib/auth/ensure-demo-account";
import { applyMigrations } from "@/lib/database/migrate";
import { migrationState } from "@/lib/database/migrations";
import { db, disconnectDb } from "@/lib/db";
import { env, resolveAuthSecret } from "@/lib/env";
import { lightning } from "@/lib/lightning/backend";
import { checkLightningNode } from "@/lib/lightning/check-node";
import { buildIfStale } from "./launcher/build";
import { fail, log } from "./launcher/log";
import { spawnNext } from "./launcher/next-process";
import { openDatabase } from "./launcher/open-database";

const root = process.cwd();

async function waitUntilHealthy(host: string, port: number, exited: () => boolean): Promise<void> {
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/api/health`;
  for (let i = 0; i < 600 && !exited(); i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error("Sluice did not become healthy within 60 seconds.");
}

function printDemo(demo: DemoAccount, url: string) {
  const lines = [
    "A demo merchant was created (set SLUICE_DEMO=false to start without one).",
    `Sign in at ${url}/signin`,
    `  email:    ${demo.email}`,
    `  password: ${demo.password}`,
    "This password is shown only once.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  console.log(`\n┌${"─".repeat(width + 2)}┐`);
  for (const line of lines) console.log(`│ ${line.padEnd(width)} │`);
  console.log(`└${"─".repeat(width + 2)}┘\n`);
}

async function main() {
  const config = env();
  log(`Starting Sluice on port ${config.port} (public URL ${config.publicUrl}).`);
  const database = await openDatabase(config, { reuseRunning: false });
  let child: ReturnType<typeof spawnNext> | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child!.once("exit", resolve));
    }
    await disconnectDb().catch(() => undefined);
    await database.close();
    process.exit(code);
  };
  // Ctrl-C, a process manager's stop, or the terminal closing: Next.js first, then the database server. (A
  // signal left unhandled would end this process without stopping the server it started.)
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

  try {
    log(database.kind === "embedded" ? `Database: embedded PostgreSQL in ${config.dataDir}` : "Database: PostgreSQL (DATABASE_URL)");
    // `prisma migrate deploy` costs ~12 s of CLI and schema-engine start even with nothing to do; it runs only
    // when a migration folder is not yet applied (or one failed, which it then reports).
    const { pending } = await migrationState(db());
    if (pending.length > 0) {
      log(`Applying ${pending.length} database migration${pending.length === 1 ? "" : "s"}…`);
      await applyMigrations(database.url, root);
    }
    log("Database migrations are up to date.");
    if (config.lightning.backend !== "simulator") {
      // A real node must answer and be on LIGHTNING_NETWORK before anything is served.
      const node = await checkLightningNode(lightning(), config.lightning.network);
      log(`Lightning: ${node.backend} node "${node.alias}" (${node.pubkey.slice(0, 16)}…) on ${node.network}.`);
    }
    const demo = config.demo ? await ensureDemoAccount() : null;
    await disconnectDb();
    await buildIfStale(root, log);

    const listen = config.listenAddress ? ["-H", config.listenAddress] : [];
    child = spawnNext(root, ["start", "-p", String(config.port), ...listen], {
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      SLUICE_DATABASE_KIND: database.kind,
      NEXTAUTH_SECRET: resolveAuthSecret(config),
      NEXTAUTH_URL: process.env.NEXTAUTH_URL || config.publicUrl,
    });
    child.on("exit", (code) => {
      if (!stopping) {
        log(`The Next.js server stopped (exit code ${code}).`);
        void shutdown(code ?? 1);
      }
    });
    await waitUntilHealthy(config.listenAddress ?? "127.0.0.1", config.port, () => child?.exitCode !== null);
    if (demo) printDemo(demo, config.publicUrl);
    log(`Sluice is ready: ${config.publicUrl}`);
  } catch (error) {
    fail(error);
    await shutdown(1);
  }
}

main().catch((error) => {
  fail(error);
  process.exit(1);
});
