import { test as base, expect, type Page } from '@playwright/test';
import { autoUnlock, choosePin } from './lock';

/** The demo jeugdprofessional of the e2e server (src/server/demo.ts): schools 1–3. */
export const demoLogin = { username: 'sanne', password: 'demo-schoolnabij' } as const;

/**
 * Log in through the log-in screen, as a user would, choose the PIN (TEST_PIN) and wait for Vandaag.
 * From then on a page load that opens the lock screen is unlocked with that PIN (lock.ts).
 */
export async function logIn(page: Page, url = '/', who: { username: string; password: string } = demoLogin): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Gebruikersnaam').fill(who.username);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  autoUnlock(page);
}

/**
 * The device-only suites: the user is logged in, and the central service is unreachable for sync
 * (as in a school corridor), so the outbox keeps what the test recorded and nothing is pulled in
 * from other tests. The sync suites (sync.spec.ts) use `@playwright/test` directly.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    await logIn(page);
    await use(page);
  },
});

export { expect };
