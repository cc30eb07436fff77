// Accessibility scans of a page at rest. axe-core measures colours as they are painted at the moment it
// runs: a scan that overlaps a CSS transition (a button fading from its disabled colour to its enabled one
// as React hydrates the page) measures a colour the page only shows for 150 ms. So every scan first waits for
// the page to have loaded, for the caller's sign that it is interactive, for its title, and for no animation
// or transition to be running; then it runs axe.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export async function pageAtRest(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  // A page that refreshes itself (a live status) swaps its server-rendered parts, the <title> among them, in
  // a React transition; axe run in the middle of one finds no title. At rest the title is back; a page that
  // never has one still fails here.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 10_000 });
  // Two frames in a row without a running animation: one frame could fall between hydration and the
  // transition it starts.
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const running = () => document.getAnimations().some((animation) => animation.playState === "running");
        requestAnimationFrame(() => {
          const first = running();
          requestAnimationFrame(() => resolve(!first && !running()));
        });
      }),
    undefined,
    { timeout: 10_000 },
  );
}

/** axe-core's findings on the page once it is at rest. */
export async function axeScan(page: Page) {
  await pageAtRest(page);
  return new AxeBuilder({ page }).analyze();
}
