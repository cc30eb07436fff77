import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/postcss";
import postcss from "postcss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The build compiles app/globals.css with @tailwindcss/postcss (postcss.config.mjs), and next build reads every
// file and folder the plugin reports as a dependency: reading the embedded database's Unix socket in a data folder
// inside the project (SLUICE_DATA_DIR=./data, not git-ignored) fails the build. So the build scans only the app's
// own sources: nothing in such a folder is a dependency, and no class name written there reaches the CSS.
const root = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));
const globalsCss = path.join(root, "app", "globals.css");

// Built at run time so that no source file, this one included, holds it.
const probeValue = `0.${Date.now()}em`;

let probeDir: string;
let socket: Server;

beforeAll(async () => {
  probeDir = mkdtempSync(path.join(root, "tailwind-probe-"));
  writeFileSync(path.join(probeDir, "page.html"), `<div class="tracking-[${probeValue}]"></div>\n`);
  socket = createServer();
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.listen(path.join(probeDir, ".s.PGSQL.5432"), resolve);
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (socket?.listening ? socket.close(() => resolve()) : resolve()));
  if (probeDir) rmSync(probeDir, { recursive: true, force: true });
});

describe("app/globals.css", () => {
  it("compiles from the app's own sources, whatever else sits in the project folder", async () => {
    // next build runs in the project root, the plugin's default base.
    const result = await postcss([tailwindcss({ base: root })]).process(readFileSync(globalsCss, "utf8"), { from: globalsCss });

    const readByBuild: string[] = result.messages.flatMap((m) => (m.type === "dependency" ? [m.file] : m.type === "dir-dependency" ? [m.dir] : []));
    expect(readByBuild.filter((p) => !path.relative(probeDir, p).startsWith(".."))).toEqual([]);
    // Classes the pages really use, from components/ and from app/; none written only in the probe folder.
    expect(result.css).toMatch(/\.ring-brand-100\s*\{/);
    expect(result.css).toMatch(/\.scroll-mt-4\s*\{/);
    expect(result.css).toMatch(/\.tabular-nums\s*\{/);
    expect(result.css.includes(probeValue), `tracking-[${probeValue}] from the probe folder is in the CSS`).toBe(false);
  });
});
