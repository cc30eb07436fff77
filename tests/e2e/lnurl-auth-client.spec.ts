// LNURL-auth as a client, as a merchant uses it: an owner pastes a service's LNURL-auth code on Developers →
// Services signed in to, Sluice signs in there (the service checks the signature with lnurl-node's verifier),
// and the page lists the domain with its linking key; the REST API signs in to the same domain with the same
// key and lists both sign-ins.
import { expect, test } from "@playwright/test";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { startFakeLnurlAuthService } from "../support/fake-lnurl-auth-service";
import { axeScan } from "./axe";
import { printedSignIn, signInTo, sluiceCli, startSluice, stopSluice } from "./servers";

test("an owner signs in to a service from the dashboard, and the API uses the same key there", async ({ page, request }) => {
  test.setTimeout(300_000);
  // A Sluice of its own that may reach services on loopback (the shared demo server may not).
  const service = await startFakeLnurlAuthService();
  const sluice = await startSluice("lnurl-auth-client", { LNURL_ALLOW_PRIVATE_URLS: "true" });
  try {
    await signInTo(page, sluice);
    await page.goto(`${sluice.url}/developers`);
    await page.getByRole("link", { name: "Services signed in to" }).click();
    await expect(page.getByRole("heading", { name: "Services signed in to", level: 1 })).toBeVisible();
    await expect(page.getByText("Not signed in anywhere yet.")).toBeVisible();

    // A code that is not a login link is explained next to the field, and nothing is sent.
    await page.getByLabel("LNURL-auth code").fill(service.loginUrl().replace("tag=login", "tag=payRequest"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText('its tag is "payRequest", not "login"')).toBeVisible();
    expect(service.calls).toEqual([]);

    await page.getByLabel("LNURL-auth code").fill(service.lnurl());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("service-sign-in-done")).toContainText("Signed in to 127.0.0.1");
    expect(service.signedIn).toHaveLength(1);
    const key = service.signedIn[0].key;
    const row = page.getByTestId("signed-in-service");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("127.0.0.1");
    await expect(row).toContainText(keyFingerprint(key));
    await expect(row).toContainText("Signed in");
    const { violations } = await axeScan(page);
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

    // The same merchant over the API: the same domain sees the same key.
    const printed = sluiceCli(sluice, "apikey:create", "--email", printedSignIn(sluice).email, "--name", "e2e auth");
    const apiKey = /(sk_\S+)/.exec(printed)![1];
    const auth = { Authorization: `Bearer ${apiKey}` };
    const signed = await request.post(`${sluice.url}/api/v1/lnurlauth`, { headers: auth, data: { callback: service.loginUrl() } });
    expect(signed.status()).toBe(200);
    expect(await signed.json()).toMatchObject({ object: "lnurlauth_login", domain: "127.0.0.1", key, status: "ok" });
    const listed = await (await request.get(`${sluice.url}/api/v1/lnurlauth`, { headers: auth })).json();
    expect(listed.data.map((l: { key: string }) => l.key)).toEqual([key, key]);
    await page.reload();
    await expect(row).toContainText("2 attempts");
  } finally {
    await stopSluice(sluice.child);
    await service.close();
  }
});
