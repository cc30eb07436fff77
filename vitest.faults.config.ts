// The fault suite (`npm run test:faults`): real `next start` processes on an embedded PostgreSQL server of its own,
// which the tests crash, restart and overload. Kept out of `vitest run`'s projects: it needs the production
// build, and its scenarios run one after the other.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    name: "faults",
    environment: "node",
    include: ["tests/faults/**/*.test.ts"],
    globalSetup: ["tests/faults/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 600_000,
    reporters: ["default", ["json", { outputFile: "artifacts/faults-report.json" }]],
  },
});
