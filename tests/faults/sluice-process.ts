// One Sluice process as production runs it: `next start` on the production build, against the fault suite's
// PostgreSQL, with its background work (expiry sweep, reconciliation, webhooks). Started in a process group
// of its own so that `crash()` is a real kill -9 of everything it runs.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../e2e/servers";

export type SluiceProcess = { name: string; url: string; child: ChildProcess; output: () => string; rssBytes: () => number };

export const PUBLIC_URL = "https://sluice.faults.test";

export async function startSluice(name: string, databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<SluiceProcess> {
  const port = await freePort();
  const next = createRequire(path.join(process.cwd(), "package.json")).resolve("next/dist/bin/next");
  // The hook npm start loads too (scripts/launcher/next-process.ts): handlers see the connection's own address.
  const peerHook = pathToFileURL(path.join(process.cwd(), "scripts", "launcher", "peer-address.mjs")).href;
  const child = spawn(process.execPath, [...nodeArgs, "--import", peerHook, next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: process.cwd(),
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      SLUICE_DATABASE_KIND: "postgresql",
      PUBLIC_URL,
      NEXTAUTH_URL: PUBLIC_URL,
      NEXTAUTH_SECRET: "faults-suite-nextauth-secret-0123456789abcdef",
      LNURL_SECRET_KEY: process.env.LNURL_SECRET_KEY!,
      LIGHTNING_BACKEND: "simulator",
      LIGHTNING_NETWORK: "regtest",
      API_RATE_LIMIT_PER_KEY: "0",
      API_RATE_LIMIT_PER_IP: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Sluice ${name} exited (${child.exitCode}) before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Sluice ${name} did not become healthy in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name, url, child, output: () => output, rssBytes: () => processTreeRss(child.pid!) };
}

/** kill -9 of the whole process group: no shutdown handlers, no finished requests, as on a power cut. */
export async function crash(server: SluiceProcess): Promise<void> {
  await signal(server, "SIGKILL");
}

export async function stop(server: SluiceProcess): Promise<void> {
  await signal(server, "SIGTERM");
}

async function signal(server: SluiceProcess, sig: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  try {
    process.kill(-server.child.pid!, sig);
  } catch {
    server.child.kill(sig);
  }
  await exited;
}

/** Resident memory of a process and its children (Linux /proc). */
function processTreeRss(pid: number): number {
  const rss = (p: number) => {
    try {
      const line = readFileSync(`/proc/${p}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
      return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children listed
  }
  return rss(pid) + children.reduce((sum, c) => sum + processTreeRss(c), 0);
}
