import { mkdtempSync, mkdirSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import { listMigrations, migrationState } from "@/lib/database/migrations";
import { db } from "@/lib/db";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;

beforeAll(async () => {
  server = await serveRoutes([{ pattern: "/api/health", module: healthRoute }]);
});
afterAll(() => server.close());

describe("GET /api/health", () => {
  it("answers the version, a reachable database and every migration applied", async () => {
    const res = await fetch(`${server.url}/api/health`);
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
