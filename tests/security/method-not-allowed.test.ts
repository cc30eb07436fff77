// Every REST route file under app/api/v1, found on disk (so a route added later is held to it too), asked with
// each method it does not serve: 405 in the API's error shape with an Allow header naming exactly the methods
// the file serves, before any key is looked at. HEAD where the route has no GET: the same 405 and Allow, with
// no body. OPTIONS: 204 with the same Allow. The catch-all answers any method route_not_found instead.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorObjectSchema } from "@/lib/api/openapi";
import { answersNoOperation } from "@/lib/web/other-methods";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

const root = process.cwd();
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const CATCH_ALL = "/api/v1/[...path]";

const files = readdirSync(join(root, "app/api/v1"), { recursive: true, encoding: "utf8" }).filter((e) => e === "route.ts" || e.endsWith("/route.ts"));

let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());

/** A path the route's pattern matches: any id, any code. */
const pathOf = (pattern: string) => pattern.replace(/\[(\w+)\]/g, "xx_00000000000000000000000000");

describe("methods a REST route does not serve", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  for (const entry of files) {
    const pattern = `/api/v1/${dirname(entry)}`.replace(/\/\([^)]*\)/g, "");
    if (pattern === CATCH_ALL) continue;
    it(`${pattern}: 405 in the API's error shape with Allow, OPTIONS 204, HEAD without GET 405`, async () => {
      const routeModule = (await import(pathToFileURL(join(root, "app/api/v1", entry)).href)) as Record<string, unknown>;
      const served = METHODS.filter((m) => typeof routeModule[m] === "function" && !answersNoOperation(routeModule[m]));
      expect(served.length, pattern).toBeGreaterThan(0);
      const allow = served.join(", ");
      const url = `${server.url}${pathOf(pattern)}`;
      for (const method of METHODS.filter((m) => !served.includes(m))) {
        const res = await fetch(url, { method });
        const text = await res.text();
        const what = `${method} ${pattern}: ${res.status} ${text.slice(0, 200)}`;
        expect.soft(res.status, what).toBe(405);
        expect.soft(res.headers.get("allow"), what).toBe(allow);
        expect.soft(res.headers.get("content-type"), what).toBe("application/json");
        const error = errorObjectSchema.safeParse(text ? JSON.parse(text) : null).data?.error;
        expect.soft(error && { type: error.type, code: error.code }, what).toEqual({ type: "invalid_request_error", code: "method_not_allowed" });
        expect.soft(error?.message, what).toBe(`${method} is not allowed on ${pathOf(pattern)}; it allows ${allow}.`);
      }
      const options = await fetch(url, { method: "OPTIONS" });
      expect.soft([options.status, options.headers.get("allow")], `OPTIONS ${pattern}`).toEqual([204, allow]);
      if (!served.includes("GET")) {
        const head = await fetch(url, { method: "HEAD" });
        expect.soft([head.status, head.headers.get("allow"), await head.text()], `HEAD ${pattern}`).toEqual([405, allow, ""]);
      }
    });
  }
});
