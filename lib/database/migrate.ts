// Applies the committed migrations with `prisma migrate deploy` (WebAssembly schema engine, no binary).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

export class MigrationError extends Error {
  constructor(readonly output: string) {
    super(`Database migration failed:\n${output.trim()}`);
    this.name = "MigrationError";
  }
}

export async function applyMigrations(databaseUrl: string, cwd: string = process.cwd()): Promise<string> {
  const cli = createRequire(`${cwd}/package.json`).resolve("prisma/build/index.js");
  const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new MigrationError(output);
  return output;
}
