// Starting and stopping the servers and load generators of `npm run bench`, each in its own process.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const root = process.cwd();

// undefined removes a variable (Sluice on its embedded PostgreSQL server must not inherit DATABASE_URL).
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}
export const tsxBin = path.join(root, "node_modules", ".bin", "tsx");
export const autocannonBin = createRequire(path.join(root, "package.json")).resolve("autocannon/autocannon.js");

export type Server = { child: ChildProcess; output: () => string };

/** Spawns a server and resolves once its output contains `ready` (or rejects when it exits first). */
export function startServer(command: string, args: string[], env: Record<string, string | undefined>, ready: string, timeoutMs = 180_000): Promise<Server> {
  const child = spawn(command, args, { cwd: root, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} was not ready within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill("SIGTERM");
  await new Promise((resolve) => server.child.once("exit", resolve));
}

/** Runs a command to completion and returns its stdout; a non-zero exit is an error carrying stderr. */
export function runToEnd(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const child = spawn(command, args, { cwd: root, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(args[0] ?? command)} failed (${code}): ${err || out}`))));
  });
}
