import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// Every suite with a database runs on one PostgreSQL server per project: TEST_DATABASE_URL when set, else an
// embedded server started for the run (tests/support/database-global-setup.ts); each file gets its own
// database copied from a migrated template.
const database = { setupFiles: ["tests/support/database-setup.ts"], globalSetup: ["tests/support/database-global-setup.ts"] };
// tests/security/ holds one test per security finding plus the role × action walk; they run like integration
// tests (real route handlers, a database of their own per file).
const integration = { include: ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"], ...database };

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
    // No rate limits unless a test sets them (tests/integration/public-api.test.ts does).
    env: { API_RATE_LIMIT_PER_KEY: "0", API_RATE_LIMIT_PER_IP: "0" },
    reporters: ["default", ["json", { outputFile: "artifacts/vitest-report.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true as const, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      { extends: true as const, test: { name: "integration", ...integration } },
      {
        extends: true as const,
        test: { name: "concurrency", include: ["tests/concurrency/**/*.test.ts"], ...database, testTimeout: 120_000 },
      },
    ],
  },
});
