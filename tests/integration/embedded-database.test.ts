import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { DataFolderBusyError, startEmbeddedDatabase } from "@/lib/database/embedded";
import { findRunningEmbeddedDatabase, LOCK_FILE } from "@/lib/database/lock";

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded PGlite database", () => {
  it("serves the data folder over the PostgreSQL protocol, keeps data across restarts and refuses a second opener", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-embedded-"));
    const first = await startEmbeddedDatabase(dataDir);
    await query(first.url, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");

    await expect(startEmbeddedDatabase(dataDir)).rejects.toBeInstanceOf(DataFolderBusyError);
    await first.stop();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    const second = await startEmbeddedDatabase(dataDir);
    try {
      expect(await query(second.url, "SELECT body FROM notes")).toEqual([{ body: "kept" }]);
    } finally {
      await second.stop();
    }
  });

  it("takes over a lock left behind by a process that died", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-embedded-"));
    // pid 2^22+1 is above Linux's default pid_max, so no live process has it.
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: 4194305, url: "postgresql://gone", startedAt: "" }));
    expect(findRunningEmbeddedDatabase(dataDir)).toBeUndefined();
    const database = await startEmbeddedDatabase(dataDir);
    try {
      expect(await query(database.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await database.stop();
    }
  });
});
