// Sign in with Lightning end to end in the browser: the demo owner links a test wallet (Node code with its own
// random secp256k1 key, speaking LUD-04 over fetch) on Settings: the page notices the wallet's signature by
// itself, shows the key's fingerprint and links it only once the owner confirms with the password; after
// signing out, the wallet signs the sign-in page's QR code and the page signs in by itself. A wallet linked
// to nobody is refused, in the wallet and on the page.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { expect, test, type Page } from "@playwright/test";
import { keyFingerprint } from "../../lib/lnurl-auth/key-fingerprint";
import { decodeLnurl } from "../../lib/lnurl/codec";
import { demoPassword, demoUrl, signIn } from "./demo-server";
import { axeScan } from "./axe";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A Lightning wallet's LNURL-auth: read the LNURL, sign k1 with the linking key, call back. */
class TestWallet {
  private readonly secretKey = secp256k1.utils.randomSecretKey();
  readonly key = hex(secp256k1.getPublicKey(this.secretKey, true));

  async scan(lnurl: string): Promise<{ url: URL; reply: { status: string; reason?: string } }> {
    const url = new URL(decodeLnurl(lnurl));
    const k1 = url.searchParams.get("k1")!;
    const sig = secp256k1.sign(Buffer.from(k1, "hex"), this.secretKey, { prehash: false, format: "der" });
    const callback = new URL(url);
    callback.searchParams.set("sig", hex(sig));
    callback.searchParams.set("key", this.key);
    const res = await fetch(callback);
    expect(res.status).toBe(200);
    return { url, reply: (await res.json()) as { status: string; reason?: string } };
  }
}

async function shownLnurl(page: Page): Promise<string> {
  const text = page.getByTestId("lnurl-auth-lnurl");
  await expect(text).toHaveText(/^LNURL1[0-9A-Z]+$/);
  return (await text.textContent())!.trim();
}

async function expectAccessible(page: Page) {
  const { violations } = await axeScan(page);
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
}

test("a wallet linked on Settings signs the demo owner in from the sign-in page", async ({ page }) => {
  const wallet = new TestWallet();
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Link a wallet" }).click();

  const link = await wallet.scan(await shownLnurl(page));
  expect(link.url.origin).toBe(new URL(demoUrl()).origin);
  expect(link.url.searchParams.get("tag")).toBe("login");
  expect(link.url.searchParams.get("action")).toBe("link");
  expect(link.reply).toEqual({ status: "OK" });
  // No reload: the page notices by itself, shows the key that signed, and links nothing before the password.
  await expect(page.getByRole("heading", { name: "Is this your wallet?" })).toBeVisible();
  await expect(page.getByTestId("proposed-fingerprint")).toHaveText(keyFingerprint(wallet.key));
  await expect(page.getByTestId("proposed-key")).toHaveText(wallet.key);
  await expectAccessible(page);
  await page.screenshot({ path: "artifacts/screenshots/lnurl-auth-confirm.png", fullPage: true });

  const password = page.getByLabel("Your Sluice password");
  await password.fill("not the password");
  await password.press("Enter");
  await expect(page.getByText("That is not your account's password. No wallet was linked.")).toBeVisible();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("linked-key")).toHaveCount(0);

  await password.fill(demoPassword());
  await page.getByRole("button", { name: "Link this wallet" }).click();
  await expect(page.getByTestId("linked-key")).toHaveText(wallet.key);
  await expect(page.getByTestId("linked-fingerprint")).toHaveText(keyFingerprint(wallet.key));
  await expect(page.getByTestId("linked-wallet")).toContainText("Never");
  await expectAccessible(page);
  await page.screenshot({ path: "artifacts/screenshots/lnurl-auth-linked.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  const lnurl = await shownLnurl(page);
  await expect(page.getByRole("img", { name: "QR code to sign in with a Lightning wallet" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "artifacts/screenshots/lnurl-auth-signin.png", fullPage: true });

  const login = await wallet.scan(lnurl);
  expect(login.url.searchParams.get("action")).toBe("login");
  expect(login.reply).toEqual({ status: "OK" });
  await expect(page).toHaveURL(`${demoUrl()}/`);
  await expect(page.getByTestId("merchant-name")).toHaveText("Demo Shop");

  // Settings now shows when the wallet last signed in; unlinking it offers linking again.
  await page.goto(`${demoUrl()}/settings`);
  await expect(page.getByTestId("linked-key")).toHaveText(wallet.key);
  await expect(page.getByTestId("linked-wallet")).not.toContainText("Never");
  await page.getByRole("button", { name: "Unlink wallet" }).click();
  await page.getByLabel("Your Sluice password").fill("not the password");
  await page.getByRole("button", { name: "Yes, unlink" }).click();
  await expect(page.getByText("That is not your account's password. The wallet is still linked.")).toBeVisible();
  await expect(page.getByTestId("linked-key")).toHaveText(wallet.key);
  await page.getByLabel("Your Sluice password").fill(demoPassword());
  await page.getByRole("button", { name: "Yes, unlink" }).click();
  await expect(page.getByRole("button", { name: "Link a wallet" })).toBeVisible();
  await expect(page.getByTestId("linked-key")).toHaveCount(0);
});

test("a wallet linked to nobody is refused, in the wallet and on the sign-in page (on a phone)", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${demoUrl()}/signin`);
  const { reply } = await new TestWallet().scan(await shownLnurl(page));
  expect(reply).toEqual({
    status: "ERROR",
    reason: "This wallet is not linked to any Sluice account. Sign in with your password and link it under Settings first.",
  });
  await expect(page.getByRole("alert").filter({ hasText: "not linked" })).toHaveText(reply.reason!);
  await expect(page).toHaveURL(/\/signin/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(page);
  await page.screenshot({ path: "artifacts/screenshots/lnurl-auth-refused-375.png", fullPage: true });
});
