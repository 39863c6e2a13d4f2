import { expect, type Page } from '@playwright/test';

/** The PIN every browser test sets after its first log-in (SetPinPage). */
export const TEST_PIN = '284716';

/** Choose the PIN on "Kies een pincode", as a user does after the first log-in. */
export async function choosePin(page: Page, pin = TEST_PIN): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Kies een pincode' })).toBeVisible();
  await page.getByLabel('Pincode (minstens 6 cijfers)').fill(pin);
  await page.getByLabel('Herhaal de pincode').fill(pin);
  await page.getByRole('button', { name: 'Pincode instellen' }).click();
}

/** Unlock on "Vergrendeld" with the PIN. */
export async function enterPin(page: Page, pin = TEST_PIN): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  await page.getByLabel('Pincode', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Ontgrendelen', exact: true }).click();
}

const manual = new WeakSet<Page>();

/** For tests of the lock itself: goto and reload no longer unlock by themselves. */
export function unlockManually(page: Page): void {
  manual.add(page);
}

/**
 * The data key lives in memory only, so every full page load (goto, reload) opens the app locked.
 * The suites that are not about the lock should not have to say so on every navigation: after a
 * load, when the lock screen is what shows, this enters the test PIN like the user would.
 */
export function autoUnlock(page: Page): void {
  const patched = page as Page & { __autoUnlock?: boolean };
  if (patched.__autoUnlock) return;
  patched.__autoUnlock = true;
  const after = async () => {
    if (manual.has(page)) return;
    // Wait until the app has rendered something: the lock or log-in form, or the tab bar.
    const rendered = page.locator('form.login-form, ion-tab-bar').first();
    await rendered.waitFor({ state: 'attached' });
    if (await page.locator('#f-pin').count()) {
      await enterPin(page);
      // The app opens (tab bar), or a sync right after unlocking found the device revoked and
      // wiped it: then the log-in form (without a PIN field) is what shows.
      await page.locator('ion-tab-bar, form.login-form:not(:has(#f-pin))').first().waitFor({ state: 'attached' });
    }
  };
  const goto = page.goto.bind(page);
  page.goto = async (...args: Parameters<Page['goto']>) => {
    const res = await goto(...args);
    await after();
    return res;
  };
  const reload = page.reload.bind(page);
  page.reload = async (...args: Parameters<Page['reload']>) => {
    const res = await reload(...args);
    await after();
    return res;
  };
}
