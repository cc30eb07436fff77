// Sluice started as a user starts it (`npm start`), against a fake LND over HTTPS with a pinned certificate:
// it refuses to start on a network mismatch, and otherwise shows the node on the Node page.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { FakeNode } from "../support/fake-lightning";
import { startFakeLnd, type FakeLnd } from "../support/fake-lnd";
import { signInTo, startSluice, stopSluice } from "./servers";
import { axeScan } from "./axe";

function lndEnvironment(fake: FakeLnd): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-lnd-"));
  writeFileSync(path.join(dir, "tls.cert"), fake.tls.cert);
  writeFileSync(path.join(dir, "sluice.macaroon"), Buffer.from(fake.macaroonHex, "hex"));
  return {
    LIGHTNING_BACKEND: "lnd",
    LIGHTNING_NETWORK: "regtest",
    LND_REST_URL: fake.url,
    LND_MACAROON_PATH: path.join(dir, "sluice.macaroon"),
    LND_TLS_CERT_PATH: path.join(dir, "tls.cert"),
  };
}

test.describe("a real Lightning backend (fake LND)", () => {
  test.setTimeout(300_000);

  test("Sluice refuses to start when the node is on another network", async () => {
    const fake = await startFakeLnd(new FakeNode("testnet"));
    try {
      const started = await startSluice("lnd-wrong-network", lndEnvironment(fake)).then(
        async (s) => {
          await stopSluice(s.child);
          return null;
        },
        (error: Error) => error.message,
      );
      expect(started).toMatch(/The Lightning node \(lnd, fake-node\) is on testnet, but LIGHTNING_NETWORK=regtest/);
      expect(started).toMatch(/exited with code 1/);
    } finally {
      await fake.close();
    }
  });

  test("the Node page shows the node, its balance and its health", async ({ page }) => {
    const fake = await startFakeLnd(new FakeNode("regtest"));
    fake.node.alias = "shop-lnd";
    const sluice = await startSluice("lnd", lndEnvironment(fake));
    try {
      expect(sluice.output()).toContain(`Lightning: lnd node "shop-lnd" (${fake.node.pubkey.slice(0, 16)}…) on regtest.`);
      await signInTo(page, sluice);
      await expect(page.getByTestId("merchant-name")).toBeVisible();
      // No simulator banner and no demo wallet with a real backend.
      await expect(page.getByText("Simulated Lightning node")).toHaveCount(0);

      await page.goto(`${sluice.url}/node`);
      await expect(page.getByRole("heading", { name: "Lightning node" })).toBeVisible();
      await expect(page.getByTestId("node-health")).toHaveText("Healthy");
      await expect(page.getByTestId("node-backend")).toHaveText("LND (REST)");
      // The release the node's getinfo reported.
      await expect(page.getByTestId("node-version")).toHaveText("0.18.5-beta");
      await expect(page.getByTestId("node-pubkey")).toHaveText(fake.node.pubkey);
      await expect(page.getByTestId("node-balance").locator("[data-msat]")).toHaveAttribute("data-msat", fake.node.balanceMsat.toString());
      const { violations } = await axeScan(page);
      expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
      await page.screenshot({ path: "artifacts/screenshots/node-lnd.png", fullPage: true });

      // The node goes away: the page says so, with the error.
      await fake.close();
      await page.reload();
      await expect(page.getByTestId("node-health")).toHaveText("Unreachable");
      await expect(page.getByTestId("node-last-error")).toContainText("cannot reach");
    } finally {
      await stopSluice(sluice.child);
      await fake.close().catch(() => undefined);
    }
  });
});
