// Starts Sluice exactly as a user does (`npm start`'s launcher: embedded PostgreSQL, migrations, production
// build when stale, `next start`) in a fresh data folder, and reads what it prints.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { freePort } from "../../lib/free-port";
import { tmpdir } from "node:os";
import path from "node:path";

export { freePort };

export type StartedSluice = { url: string; dataDir: string; child: ChildProcess; output: () => string };

export async function startSluice(
  name: string,
  env: Record<string, string>,
  dataDir: string = mkdtempSync(path.join(tmpdir(), `sluice-e2e-${name}-`)),
): Promise<StartedSluice> {
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: "", PORT: String(port), SLUICE_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Sluice (${name}) did not start in time:\n${output}`)), 240_000);
    const check = () => {
      if (output.includes("Sluice is ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Sluice (${name}) exited with code ${code} before it was ready:\n${output}`));
    });
  });
  return { url: `http://localhost:${port}`, dataDir, child, output: () => output };
}

export async function stopSluice(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  return exited;
}

/** The demo merchant's sign-in that a server printed on its first start. */
export function printedSignIn(sluice: StartedSluice): { email: string; password: string } {
  const email = /email:\s+(\S+)/.exec(sluice.output())?.[1];
  const password = /password:\s+(\S+)/.exec(sluice.output())?.[1];
  if (!email || !password) throw new Error(`The demo sign-in was not printed:\n${sluice.output()}`);
  return { email, password };
}

/** The admin CLI (`npm run sluice -- …`) on a server's data folder; what it printed. */
export function sluiceCli(sluice: StartedSluice, ...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: sluice.dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

/** Signs a browser in to a spec's own server as its demo merchant, and waits for the overview. */
export async function signInTo(page: Page, sluice: StartedSluice): Promise<void> {
  const { email, password } = printedSignIn(sluice);
  await page.goto(`${sluice.url}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${sluice.url}/`, { timeout: 15_000 });
}
