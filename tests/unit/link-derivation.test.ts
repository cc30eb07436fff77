// Where a withdraw link can come from, checked on the source: a link is derived only by withdrawLinks
// (lib/withdraws/links.ts), which takes a MerchantWithdraw and a LinkGrant. A MerchantWithdraw is made only
// by the merchant-scoped loaders and the insert that creates withdraws; a grant only from an authenticated
// caller (the REST wrapper, the dashboard session, the operator's CLI acting as the owner); and nothing
// derives links other than through serializeWithdraw's link fields. No code tests a JSON value for a
// withdraw's shape (`object === "withdraw"`), so caller-written JSON can never be taken for a withdraw.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((entry) => {
    const rel = path.join(dir, entry);
    if (rel === path.join("lib", "generated")) return [];
    return statSync(path.join(root, rel)).isDirectory() ? sources(rel) : /\.(ts|tsx|mjs)$/.test(entry) ? [rel] : [];
  });
}

const files = ["app", "components", "lib", "scripts"].flatMap(sources).map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));

/** The files that call `name(` (its definition aside). */
function callers(name: string): string[] {
  const call = new RegExp(`(?<![\\w.])${name}\\(`);
  const definition = new RegExp(`function ${name}\\(`);
  return files.filter(({ text }) => text.split("\n").some((line) => call.test(line) && !definition.test(line))).map((f) => f.file).sort();
}

describe("the only ways to a withdraw link", () => {
  it("rows that may carry links are made only by the merchant-scoped loaders and the insert", () => {
    expect(callers("readForMerchant")).toEqual(["lib/withdraws/create-withdraw.ts", "lib/withdraws/load-withdraw.ts"]);
  });

  it("grants are made only from an authenticated caller", () => {
    expect(callers("linkAccessFor")).toEqual(["lib/web/api.ts", "lib/web/session.ts", "scripts/sluice.ts"]);
  });

  it("links are derived only for a withdraw object's link fields", () => {
    expect(callers("withdrawLinks")).toEqual(["lib/withdraws/serialize-withdraw.ts"]);
    expect(callers("linkFields")).toEqual(["lib/batches/batch-result-csv.ts", "lib/withdraws/link-slots.ts", "lib/withdraws/serialize-withdraw.ts"]);
  });

  it("no code looks for withdraw-shaped objects in a JSON value", () => {
    const shapeTests = files.filter(({ text }) => /\.object\s*===\s*["']withdraw["']|\[["']object["']\]\s*===\s*["']withdraw["']/.test(text)).map((f) => f.file);
    expect(shapeTests).toEqual([]);
  });
});
