import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./tests/support/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "artifacts/playwright",
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  // The suites share two running Sluice servers and change their data, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "artifacts/playwright-report.json" }]],
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    screenshot: "only-on-failure",
    trace: "off",
  },
});
