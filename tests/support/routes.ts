// Every Sluice route handler a test talks to over HTTP, with its App Router pattern: each route.ts under
// app/api as found on disk, so no list of routes is kept here. The REST routes among them are held to the one
// route registry (lib/api/registry.ts) by tests/security/route-registry.test.ts.
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Route } from "./serve-routes";

const root = fileURLToPath(new URL("../../", import.meta.url));

// NextAuth's own handler is not served: it needs Next.js's request context, and tests sign people in through
// lib/ (sessions are not how the REST API authenticates).
const NOT_SERVED = new Set(["/api/auth/[...nextauth]"]);

/** The route files under a folder of app/, each with its App Router pattern (route groups dropped). */
function routeFiles(folder: string): { file: string; pattern: string }[] {
  return readdirSync(`${root}${folder}`, { recursive: true, encoding: "utf8" })
    .filter((entry) => entry === "route.ts" || entry.endsWith("/route.ts"))
    .map((entry) => {
      const file = `${folder}/${entry}`;
      const segments = file.split("/").slice(1, -1).filter((s) => !/^\(.*\)$/.test(s));
      return { file, pattern: `/${segments.join("/")}` };
    });
}

// As the App Router picks among routes matching a path: segment by segment, a static name before a
// dynamic [param], and a [...catchAll] last; serveRoutes tries them in this order.
const rank = (segment: string) => (segment.startsWith("[...") ? 2 : segment.startsWith("[") ? 1 : 0);
function byPrecedence(a: string, b: string): number {
  const [x, y] = [a.split("/"), b.split("/")];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return rank(x[i]) - rank(y[i]) || x[i].localeCompare(y[i]);
  }
  return x.length - y.length;
}

export const ROUTES: Route[] = await Promise.all(
  routeFiles("app/api")
    .filter(({ pattern }) => !NOT_SERVED.has(pattern))
    .sort((a, b) => byPrecedence(a.pattern, b.pattern))
    .map(async ({ file, pattern }) => ({ pattern, module: (await import(pathToFileURL(`${root}${file}`).href)) as Route["module"] })),
);
