import { spawn, type ChildProcess } from "node:child_process";

export type ServerProcess = { url: string; child: ChildProcess; output: () => string };

/** Starts tests/support/route-server-main.ts in its own Node process against DATABASE_URL. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // tsx as a loader inside this one process (its CLI would run the server in a grandchild, out of reach of kill -9).
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/route-server-main.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server process did not start:\n${output}`)), 30_000);
    child.stdout!.on("data", () => {
      const match = /listening (http:\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server process exited (${code}):\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

export async function kill(server: ServerProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill(signal);
  await exited;
}
