import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

function nextBin(root: string): string {
  return createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
}

const BASE_ENV = { NEXT_TELEMETRY_DISABLED: "1" };

// Gives route handlers the connection's own address (see peer-address.mjs): without it a client could forge
// X-Forwarded-For and pick its own address for every per-address limit.
const peerHook = (root: string) => pathToFileURL(path.join(root, "scripts", "launcher", "peer-address.mjs")).href;

export function spawnNext(root: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", peerHook(root), nextBin(root), ...args], {
    cwd: root,
    env: { ...process.env, ...BASE_ENV, ...env },
    stdio: "inherit",
  });
}

export async function runNext(root: string, args: string[]): Promise<void> {
  const child = spawnNext(root, args, { NODE_ENV: "production" });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`next ${args.join(" ")} failed with exit code ${code}.`);
}
