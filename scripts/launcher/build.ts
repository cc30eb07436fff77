// `npm start` builds only when the production build is missing or older than the sources.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runNext } from "./next-process";

const INPUT_DIRS = ["app", "components", "lib"];
// proxy.ts and instrumentation.ts are part of the build too: a changed security header must rebuild.
const INPUT_FILES = ["package-lock.json", "package.json", "next.config.js", "proxy.ts", "instrumentation.ts", "tsconfig.json", "postcss.config.mjs", "prisma/schema.prisma"];
const SKIP = new Set(["generated", "node_modules"]);

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  const files = [...INPUT_DIRS.flatMap((d) => [...walk(path.join(root, d))]), ...INPUT_FILES.map((f) => path.join(root, f))];
  for (const file of files.filter((f) => existsSync(f) && statSync(f).isFile()).sort()) {
    hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** The build's folder: the benchmark's build (with its extra route) never shares one with production. */
export function distDir(): string {
  return process.env.SLUICE_BENCH_BUILD === "1" ? ".next-bench" : ".next";
}

export async function buildIfStale(root: string, log: (line: string) => void): Promise<"fresh" | "built"> {
  const wanted = sourceHash(root);
  const stamp = path.join(root, distDir(), "sluice-source-hash");
  const current = existsSync(path.join(root, distDir(), "BUILD_ID")) && existsSync(stamp) ? readFileSync(stamp, "utf8") : "";
  if (current === wanted) return "fresh";
  log(current ? "Sources changed since the last build: building Sluice…" : "No production build yet: building Sluice…");
  await runNext(root, ["build"]);
  writeFileSync(stamp, wanted);
  return "built";
}
