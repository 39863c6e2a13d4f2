import { expect, type Page } from '@playwright/test';

/**
 * Wait until the service worker is active, then make sure it controls this page. The app's worker
 * does not claim open pages (registerType 'prompt'), so the first visit needs one reload: exactly
 * what a user gets on the second start of the app.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
  }
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), {
      message: 'the service worker controls the page',
    })
    .toMatch(/\/sw\.js$/);
}
