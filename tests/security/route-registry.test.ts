// The one route registry (lib/api/registry.ts) against what is really served. Every route file under
// app/api/v1 and each method it exports is listed, and nothing is listed without one. Over real HTTP through
// the real handlers, each operation refuses exactly the keys that its action's row of the permission table
// refuses (403 with the API's permission error), lets the others through, asks the table for that very
// action, and answers a status the OpenAPI document (built from the same list) promises; without a key, 401.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { errorObjectSchema, openApiDocument } from "@/lib/api/openapi";
import type { ApiRoute } from "@/lib/api/operation";
import { API_OPERATIONS, appRouterPath, PUBLIC_API_ROUTES } from "@/lib/api/registry";
import { allows, assertAllowed, type Principal } from "@/lib/auth/permissions";
import { answersNoOperation } from "@/lib/web/other-methods";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

// The real check, watched: which action each handler asks the permission table for.
vi.mock("@/lib/auth/permissions", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/permissions")>();
  return { ...actual, assertAllowed: vi.fn(actual.assertAllowed) };
});
const askedFor = vi.mocked(assertAllowed);

const root = process.cwd();
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
// The one route file that is no operation: any other path under /api/v1, with any method, answers
// route_not_found in the API's error shape (tests/integration/public-api.test.ts).
const CATCH_ALL = "/api/v1/[...path]";

type RouteFile = { pattern: string; module: Record<string, unknown> };

/** Every route.ts under app/api/v1 as found on disk, with its App Router pattern and its module. */
async function v1RouteFiles(): Promise<RouteFile[]> {
  const entries = readdirSync(join(root, "app/api/v1"), { recursive: true, encoding: "utf8" }).filter((e) => e === "route.ts" || e.endsWith("/route.ts"));
  return Promise.all(
    entries.map(async (entry) => ({
      pattern: `/api/v1/${dirname(entry)}`.replace(/\/\([^)]*\)/g, ""),
      module: (await import(pathToFileURL(join(root, "app/api/v1", entry)).href)) as Record<string, unknown>,
    })),
  );
}

const routeKey = (route: ApiRoute) => `${route.method} ${appRouterPath(route.path)}`;

describe("the route registry against the route files", () => {
  it("lists every route file under app/api/v1 with each method it exports, and nothing without a file", async () => {
    const files = await v1RouteFiles();
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files.map((f) => f.pattern)).toContain(CATCH_ALL);
    const exported = files
      .filter((f) => f.pattern !== CATCH_ALL)
      .flatMap((f) => Object.keys(f.module).filter((name) => HTTP_METHODS.includes(name) && typeof f.module[name] === "function").map((method) => `${method} ${f.pattern}`));
    // The answers to the methods a route does not serve (405, OPTIONS) are no operations: the rest are.
    const operations = files
      .filter((f) => f.pattern !== CATCH_ALL)
      .flatMap((f) => Object.keys(f.module).filter((name) => HTTP_METHODS.includes(name) && typeof f.module[name] === "function" && !answersNoOperation(f.module[name])).map((method) => `${method} ${f.pattern}`));
    expect(exported.length).toBeGreaterThan(operations.length);
    const listed = [...API_OPERATIONS, ...PUBLIC_API_ROUTES].map(routeKey);
    expect(listed.sort()).toEqual(operations.sort());
  });

  it("is what the test server serves: every route file's own module under its pattern", async () => {
    for (const file of await v1RouteFiles()) {
      expect(ROUTES.find((r) => r.pattern === file.pattern)?.module, file.pattern).toBe(file.module);
    }
  });

  it("gives every operation a unique id and an action a full key may do, and documents each", () => {
    const ids = API_OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    // An operation no key may call does not belong in the API.
    for (const op of API_OPERATIONS) expect(allows("full_key", op.action), op.operationId).toBe(true);
    const paths = openApiDocument("http://sluice.test").paths as Record<string, Record<string, { operationId: string }>>;
    const documented = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`));
    expect(documented.sort()).toEqual(API_OPERATIONS.map((op) => `${op.method} ${op.path} ${op.operationId}`).sort());
  });
});

describe("each operation's action, over HTTP", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let shop: TestMerchant;
  beforeAll(async () => {
    server = await serveRoutes(ROUTES);
    shop = await createTestMerchant();
  });
  afterAll(() => server.close());

  // A request that reaches the handler's permission check and, when allowed, fails its validation or finds
  // nothing: an id of no object, a code that is none, an empty JSON body. Nothing is created.
  function send(route: ApiRoute, key?: string): Promise<Response> {
    const path = route.path.replace("{id}", "xx_00000000000000000000000000").replace("{code}", "not-a-code");
    return fetch(`${server.url}${path}`, {
      method: route.method,
      headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(route.method === "POST" ? { "Content-Type": "application/json" } : {}) },
      body: route.method === "POST" ? "{}" : undefined,
    });
  }

  const documented = openApiDocument("http://sluice.test").paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;

  for (const principal of ["full_key", "read_only_key"] as const satisfies readonly Principal[]) {
    it(`${principal}: refused exactly where the table refuses the operation's action, and the handler asks for that action`, async () => {
      const key = principal === "full_key" ? shop.key : shop.readOnlyKey;
      let refused = 0;
      for (const op of API_OPERATIONS) {
        askedFor.mockClear();
        const res = await send(op, key);
        const text = await res.text();
        const what = `${op.method} ${op.path} as ${principal}: ${res.status} ${text.slice(0, 200)}`;
        // Soft: one run names every operation whose listed action is not the handler's.
        if (allows(principal, op.action)) {
          expect.soft(res.status, what).not.toBe(403);
          expect.soft(res.status, what).toBeLessThan(500);
        } else {
          refused++;
          expect.soft(res.status, what).toBe(403);
          const error = errorObjectSchema.safeParse(JSON.parse(text)).data?.error;
          expect.soft(error?.type, what).toBe("permission_error");
          expect.soft(error?.code, what).toBe(principal === "read_only_key" ? "insufficient_scope" : "forbidden");
        }
        // Keys alike in the table could not tell two actions apart: the handler's own request to the table can.
        expect.soft(askedFor.mock.calls[0], what).toEqual([principal, op.action]);
        // And what it answered is among the responses the document promises for it.
        expect.soft(Object.keys(documented[op.path][op.method.toLowerCase()].responses), what).toContain(String(res.status));
      }
      expect(refused).toBe(API_OPERATIONS.filter((op) => !allows(principal, op.action)).length);
      if (principal === "read_only_key") expect(refused).toBeGreaterThanOrEqual(6);
    });
  }

  it("answers every operation without a key 401, before asking the table", async () => {
    for (const op of API_OPERATIONS) {
      askedFor.mockClear();
      const res = await send(op);
      expect.soft(res.status, routeKey(op)).toBe(401);
      expect.soft(askedFor, routeKey(op)).not.toHaveBeenCalled();
    }
  });

  it("serves the public routes without a key, and asks the table nothing", async () => {
    for (const route of PUBLIC_API_ROUTES) {
      askedFor.mockClear();
      const res = await send(route);
      expect(res.status, routeKey(route)).toBe(200);
      expect(askedFor).not.toHaveBeenCalled();
    }
  });
});
