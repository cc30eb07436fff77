// The OpenAPI document as the tools clients use read it: served by the real route, it must pass
// @apidevtools/swagger-parser's validation and openapi-typescript's generation with no error and no warning,
// and a TypeScript client written against the generated types must type-check under strict options and work
// against the real handlers (create, list, retrieve, cancel a withdraw).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

// Inside the repository, so the client resolves openapi-fetch from its node_modules; under artifacts/, which
// git, the type check and the linter leave alone (the deliberately wrong client must not fail `tsc`).
const generatedRoot = fileURLToPath(new URL("../../artifacts/", import.meta.url));

let server: Awaited<ReturnType<typeof serveRoutes>>;
let dir: string;
beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  await mkdir(generatedRoot, { recursive: true });
  dir = await mkdtemp(`${generatedRoot}openapi-`);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// As much of the document's shape as the tools' types ask for; the tools check the rest.
const documentSchema = z.looseObject({ openapi: z.literal("3.1.0"), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.looseObject({})) });

async function servedDocument() {
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  return documentSchema.parse(await res.json());
}

/** What the tools print while `run` runs: both write their warnings and errors to the console. */
async function consoleDuring<T>(run: () => Promise<T>): Promise<{ result: T; printed: string[] }> {
  const printed: string[] = [];
  const capture = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  const spies = [vi.spyOn(console, "warn").mockImplementation(capture), vi.spyOn(console, "error").mockImplementation(capture)];
  try {
    return { result: await run(), printed };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

async function generatedTypes(): Promise<string> {
  const doc = await servedDocument();
  const { result, printed } = await consoleDuring(async () => astToString(await openapiTS(structuredClone(doc))));
  expect(printed).toEqual([]);
  return result;
}

/**
 * Type-checks the files as a strict project would; the diagnostics, formatted. The generated types are a .ts
 * file, not a .d.ts, so that skipLibCheck does not skip them.
 */
function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("the OpenAPI document, read by client tools", () => {
  it("passes swagger-parser's validation with no warning", async () => {
    const doc = await servedDocument();
    const { printed } = await consoleDuring(() => SwaggerParser.validate(structuredClone(doc)));
    expect(printed).toEqual([]);
  });

  it("generates TypeScript types with openapi-typescript, with no error and no warning", async () => {
    const types = await generatedTypes();
    expect(types).toContain('"/api/v1/withdraws/{id}/cancel"');
    expect(types).toMatch(/JsonValue:/);
  });

  it("types a client that creates, lists, retrieves and cancels a withdraw against the real handlers", async () => {
    await writeFile(`${dir}/api.ts`, await generatedTypes());
    const client = `${dir}/client.ts`;
    await writeFile(
      client,
      `import createClient from "openapi-fetch";
import type { paths } from "./api";

export async function lifecycle(baseUrl: string, key: string) {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: \`Bearer \${key}\` } });
  const created = await api.POST("/api/v1/withdraws", {
    body: { amount: "150", currency: "SATS", metadata: { order: 1042, tags: ["refund", null], nested: { ok: true } } },
  });
  if (!created.data) throw new Error(\`create: \${JSON.stringify(created.error)}\`);
  const id: string = created.data.id;
  const listed = await api.GET("/api/v1/withdraws", { params: { query: { limit: 10 } } });
  if (!listed.data) throw new Error("list");
  const retrieved = await api.GET("/api/v1/withdraws/{id}", { params: { path: { id } } });
  if (!retrieved.data) throw new Error("retrieve");
  const cancelled = await api.POST("/api/v1/withdraws/{id}/cancel", { params: { path: { id } } });
  if (!cancelled.data) throw new Error("cancel");
  return {
    id,
    created: created.data.status,
    metadata: created.data.metadata,
    listed: listed.data.data.map((w) => w.id),
    retrieved: retrieved.data.status,
    cancelled: cancelled.data.status,
  };
}
`,
    );
    expect(typeCheck([client])).toEqual([]);

    const shop = await createTestMerchant(10_000n);
    const { lifecycle } = (await import(pathToFileURL(client).href)) as { lifecycle: (base: string, key: string) => Promise<Record<string, unknown>> };
    const result = await lifecycle(server.url, shop.key);
    expect(result).toEqual({
      id: expect.stringMatching(/^wi_/),
      created: "unpaid",
      metadata: { order: 1042, tags: ["refund", null], nested: { ok: true } },
      listed: [result.id],
      retrieved: "unpaid",
      cancelled: "cancelled",
    });
  });

  it("makes the type check refuse a client that reads a field the document does not have, or sends a wrong body", async () => {
    await writeFile(`${dir}/api.ts`, await generatedTypes());
    const wrong = `${dir}/wrong-client.ts`;
    await writeFile(
      wrong,
      `import createClient from "openapi-fetch";
import type { paths } from "./api";

export async function wrong(baseUrl: string) {
  const api = createClient<paths>({ baseUrl });
  const created = await api.POST("/api/v1/withdraws", { body: { amount: "150", currency: "SATS" } });
  const settled: string | undefined = created.data?.settled_at;
  await api.POST("/api/v1/withdraws", { body: { amount: "150", currency: "EUROS" } });
  return settled;
}
`,
    );
    const diagnostics = typeCheck([wrong]);
    expect(diagnostics).toEqual([
      expect.stringMatching(/^TS2339: Property 'settled_at' does not exist/),
      expect.stringMatching(/^TS(2322|2820): Type '"EUROS"' is not assignable/),
    ]);
  });
});
