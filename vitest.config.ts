import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// tests/security/ holds one test per security finding plus the role × action walk; they run like integration
// tests (real route handlers, a database of their own per file).
const integration = { include: ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"], setupFiles: ["tests/support/database-setup.ts"] };

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
      {
        extends: true as const,
        test: { name: "integration:pglite", ...integration, globalSetup: ["tests/support/pglite-global-setup.ts"], env: { SLUICE_TEST_DB: "pglite" } },
      },
      // The same integration suite against a real PostgreSQL server, when one is given.
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "integration:postgres",
                ...integration,
                // These two are about PGlite itself.
                exclude: ["tests/integration/embedded-database.test.ts", "tests/integration/pglite-server.test.ts"],
                globalSetup: ["tests/support/postgres-global-setup.ts"],
                env: { SLUICE_TEST_DB: "postgres" },
              },
            },
            {
              extends: true as const,
              test: {
                name: "concurrency:postgres",
                include: ["tests/concurrency/**/*.test.ts"],
                setupFiles: ["tests/support/database-setup.ts"],
                globalSetup: ["tests/support/postgres-global-setup.ts"],
                env: { SLUICE_TEST_DB: "postgres" },
                testTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
