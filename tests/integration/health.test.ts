import { mkdtempSync, mkdirSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import { resolveDatabaseUrl, setDatabaseUrl } from "@/lib/database/connection";
import { listMigrations, migrationState } from "@/lib/database/migrations";
import { db, disconnectDb } from "@/lib/db";
import { freePort } from "@/lib/free-port";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let merchant: TestMerchant;

beforeAll(async () => {
  server = await serveRoutes([{ pattern: "/api/health", module: healthRoute }]);
  merchant = await createTestMerchant();
});
afterAll(() => server.close());

const health = (authorization?: string) => fetch(`${server.url}/api/health`, { headers: authorization ? { Authorization: authorization } : {} });

describe("GET /api/health", () => {
  it("tells a caller without a key the status only: no version, database or migration", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("refuses details to a key it does not know, as the REST API does", async () => {
    const res = await health("Bearer sk_not_a_real_key");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "api_key_invalid" } });
  });

  it("answers a read-only key the version, a reachable database and every migration applied", async () => {
    const res = await health(`Bearer ${merchant.readOnlyKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    const migrations = listMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(body).toMatchObject({
      status: "ok",
      database: { reachable: true, kind: "postgresql" },
      migrations: { applied: migrations.length, pending: [], latest: migrations.at(-1), up_to_date: true },
    });
    expect(typeof body.version).toBe("string");
    expect(body.database.latency_ms).toBeGreaterThanOrEqual(0);
  });
});

describe("GET /api/health with the database out of reach", () => {
  it("answers 503 and the status only, with or without a key (a key cannot be checked without the database)", async () => {
    const url = resolveDatabaseUrl();
    await disconnectDb();
    setDatabaseUrl(`postgresql://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    try {
      const answers = [await health(), await health(`Bearer ${merchant.key}`)];
      expect(answers.map((res) => res.status)).toEqual([503, 503]);
      expect(await Promise.all(answers.map((res) => res.json()))).toEqual([{ status: "down" }, { status: "down" }]);
    } finally {
      await disconnectDb();
      setDatabaseUrl(url);
    }
  });
});

describe("migrationState", () => {
  it("reports a migration folder the database has not applied as pending", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sluice-migrations-"));
    cpSync(path.join(process.cwd(), "prisma", "migrations"), dir, { recursive: true });
    mkdirSync(path.join(dir, "99991231000000_future"));
    const state = await migrationState(db(), dir);
    expect(state.pending).toEqual(["99991231000000_future"]);
    expect(state.applied).toBe(listMigrations().length);
  });
});
