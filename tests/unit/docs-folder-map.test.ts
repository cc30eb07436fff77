// The folder map of docs/architecture.md is the tree: every top-level folder of app/, components/, lib/,
// scripts/ and tests/ has a row, and every row names a folder that exists.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const MAPPED_ROOTS = ["app", "components", "lib", "scripts", "tests"];
/** Folders that tools generate (and git ignores): mapped, but absent until generated. */
const GENERATED = new Set(["lib/generated/"]);

/** The first cell of each row between the map's markers: `lib/api/` and the like. */
function mappedFolders(): string[] {
  const doc = readFileSync(path.join(root, "docs/architecture.md"), "utf8");
  const block = doc.split("<!-- folder-map:start -->")[1]?.split("<!-- folder-map:end -->")[0];
  if (block === undefined) throw new Error("docs/architecture.md lost its folder-map markers");
  return block
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1] ?? line);
}

function foldersOnDisk(): string[] {
  return MAPPED_ROOTS.flatMap((top) =>
    readdirSync(path.join(root, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${top}/${entry.name}/`),
  );
}

describe("the folder map of docs/architecture.md", () => {
  const mapped = mappedFolders();

  it("has one row per folder, each a folder path", () => {
    for (const folder of mapped) expect(folder, "a row's first cell is a folder path ending in /").toMatch(/^[^ ]+\/$/);
    expect(mapped.filter((folder, i) => mapped.indexOf(folder) !== i), "folders with two rows").toEqual([]);
  });

  it("names every top-level folder of app/, components/, lib/, scripts/ and tests/", () => {
    expect(foldersOnDisk().filter((folder) => !mapped.includes(folder)), "folders missing from the map").toEqual([]);
  });

  it("names no folder that does not exist", () => {
    const missing = mapped.filter((folder) => !GENERATED.has(folder) && !(existsSync(path.join(root, folder)) && statSync(path.join(root, folder)).isDirectory()));
    expect(missing, "rows of folders that do not exist").toEqual([]);
  });
});
