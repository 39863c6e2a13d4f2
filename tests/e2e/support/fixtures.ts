import { test as base, expect, type Page } from '@playwright/test';

/** The demo jeugdprofessional of the e2e server (src/server/demo.ts): schools 1–3. */
export const demoLogin = { username: 'sanne', password: 'demo-schoolnabij' } as const;

/** Log in through the log-in screen, as a user would, and wait for Vandaag. */
export async function logIn(page: Page, url = '/', who: { username: string; password: string } = demoLogin): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Gebruikersnaam').fill(who.username);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
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
