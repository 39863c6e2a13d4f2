// Browser helpers for the benchmarks: Debian Chromium at phone size with a profile on disk (an
// incognito context keeps IndexedDB in memory, which is not what a phone does), and the log-in as
// the demo jeugdprofessional through the log-in screen, like a user.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, DEMO_PASSWORD, DEMO_PIN } from './support';

export async function phoneContext(): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'schoolnabij-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    hasTouch: true,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  // tsx (esbuild, keepNames) wraps named functions in functions passed to page.evaluate in __name().
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  return context;
}

/**
 * Log in as `username` and wait for the first screen after it. The app then asks for a PIN
 * ("Kies een pincode", the PIN lock): DEMO_PIN twice. `beforePin` runs on that screen, before the
 * PIN is set: rows written to IndexedDB there are sealed by the app's own encryptExistingRows when
 * the PIN is set, as on a device from before encryption. (An app without the PIN lock: it runs
 * after the log-in and its rows stay plain.)
 */
export async function logIn(
  page: Page,
  base: string,
  opts: { username?: string; home?: string; beforePin?: () => Promise<void> } = {},
): Promise<void> {
  const home = page.getByRole('heading', { name: opts.home ?? 'Vandaag', level: 1 });
  await page.goto(`${base}/`);
  await page.getByLabel('Gebruikersnaam').fill(opts.username ?? 'sanne');
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  const pin = page.getByRole('heading', { name: 'Kies een pincode' });
  await home.or(pin).first().waitFor({ timeout: 60_000 });
  if (await pin.isVisible()) {
    await opts.beforePin?.();
    await page.getByLabel(/^Pincode/).fill(DEMO_PIN);
    await page.getByLabel('Herhaal de pincode').fill(DEMO_PIN);
    await page.getByRole('button', { name: 'Pincode instellen' }).click();
    await home.waitFor({ timeout: 600_000 });
  } else {
    await opts.beforePin?.();
  }
}

/** The lock screen after a full page load ("Vergrendeld"): fill in the PIN; the caller taps. */
export async function fillUnlock(page: Page): Promise<boolean> {
  const pin = page.locator('#f-pin');
  await pin.or(page.locator('ion-tab-bar')).first().waitFor({ state: 'attached', timeout: 60_000 });
  if (!(await pin.count())) return false;
  await pin.fill(DEMO_PIN);
  return true;
}

/** Rows in these stores of the app's IndexedDB, counted with the raw API: what is really stored (the rows are ciphertext; the count is not). */
export function countStoredRows(page: Page, stores: readonly string[]): Promise<number> {
  return page.evaluate(
    (names) =>
      new Promise<number>((ok, fail) => {
        const open = indexedDB.open('schoolnabij');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const present = names.filter((t) => open.result.objectStoreNames.contains(t));
          if (present.length === 0) {
            open.result.close();
            ok(0);
            return;
          }
          const tx = open.result.transaction(present);
          let n = 0;
          for (const t of present) {
            const req = tx.objectStore(t).count();
            req.onsuccess = () => (n += req.result);
          }
          tx.oncomplete = () => {
            open.result.close();
            ok(n);
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    [...stores],
  );
}
