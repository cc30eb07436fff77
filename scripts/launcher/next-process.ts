import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

function nextBin(root: string): string {
  return createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
}

const BASE_ENV = { NEXT_TELEMETRY_DISABLED: "1" };

export function spawnNext(root: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin(root), ...args], {
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
