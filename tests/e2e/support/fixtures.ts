import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { autoUnlock, choosePin } from './lock';
import { waitForServiceWorkerControl } from './serviceWorker';

/** The password of every demo user of the e2e server (src/server/demo.ts). */
export const DEMO_PASSWORD = 'demo-schoolnabij';

/** The demo jeugdprofessional of the e2e server: schools 1–3. (Also the body of an API log-in.) */
export const demoLogin = { username: 'sanne', password: DEMO_PASSWORD } as const;

export type Role = 'jeugdprofessional' | 'ib' | 'coordinator' | 'beheerder' | 'leerplicht';

/** Someone who can log in: a demo user, or a user a test made with the beheer API. */
export interface Account {
  username: string;
  password: string;
  role: Role;
  /**
   * The authenticator app of a user a test made: filled in by logInAs when it enrols one (the demo
   * accounts need no second factor), then used for the user's log-ins on other devices.
   */
  totp?: { secret: string; lastCounter: number };
}

/** The demo users of the e2e server, one per role (and Sanne, the jeugdprofessional). */
export const demo = {
  sanne: { ...demoLogin, role: 'jeugdprofessional' },
  ib: { username: 'ib.springplank', password: DEMO_PASSWORD, role: 'ib' },
  coordinator: { username: 'coordinator', password: DEMO_PASSWORD, role: 'coordinator' },
  beheer: { username: 'beheer', password: DEMO_PASSWORD, role: 'beheerder' },
  leerplichtHuizen: { username: 'leerplicht.huizen', password: DEMO_PASSWORD, role: 'leerplicht' },
} as const satisfies Record<string, Account>;

/** The h1 of the screen the app opens on for each role after log-in (homeOf in src/app/TabsApp.tsx). */
export const homeHeading: Record<Role, string> = {
  jeugdprofessional: 'Vandaag',
  ib: 'Consultatievragen',
  coordinator: 'Contactpersonen',
  beheerder: 'Gebruikers',
  leerplicht: 'Verzuim',
};

export interface LogInOptions {
  /** Where the log-in screen is opened; the app shows the role's home after log-in. Default '/'. */
  url?: string;
  /** Also wait until the service worker controls the page (needed for offline starts and reloads). */
  serviceWorker?: boolean;
}

/**
 * Log in through the log-in screen, as a user would, choose the PIN (TEST_PIN) and wait for the
 * role's home screen. From then on a page load that opens the lock screen is unlocked with that
 * PIN (lock.ts autoUnlock).
 */
export async function logInAs(page: Page, who: Account, { url = '/', serviceWorker = false }: LogInOptions = {}): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Gebruikersnaam').fill(who.username);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await secondFactorIfAsked(page, who);
  await choosePin(page);
  await expect(page.getByRole('heading', { name: homeHeading[who.role], level: 1 })).toBeVisible();
  autoUnlock(page);
  if (serviceWorker) await waitForServiceWorkerControl(page);
}

/**
 * The first log-in of a user a test made, on a new device, asks for a second factor: the first time
 * the test enrols an authenticator app (reading the secret off the screen, as a user types it into
 * the app), later it types the code that app would show. The demo accounts go straight on.
 */
export async function secondFactorIfAsked(page: Page, who: Account): Promise<void> {
  const asked = page.getByRole('heading', { name: /^Tweede stap/ });
  await expect(page.getByRole('heading', { name: 'Kies een pincode' }).or(asked)).toBeVisible();
  if (!(await asked.isVisible())) return;
  if (!who.totp) {
    await page.getByRole('button', { name: 'Een app voor inlogcodes gebruiken' }).click();
    const secret = page.locator('.secret');
    await expect(secret).toHaveText(/^[A-Z2-7 ]{16,}$/);
    who.totp = { secret: (await secret.innerText()).replace(/\s/g, ''), lastCounter: -1 };
  }
  const { code, counter } = totpCode(who.totp.secret, who.totp.lastCounter);
  who.totp.lastCounter = counter;
  await page.getByLabel('Code uit je app').fill(code);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
}

/** The code an authenticator app shows now (RFC 6238), or the next one if this one was used. */
export function totpCode(secret: string, after = -1): { code: string; counter: number } {
  const counter = Math.max(Math.floor(Date.now() / 30_000), after + 1);
  return {
    code: new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: counter * 30_000 }),
    counter,
  };
}

/** Log in as Sanne (or `who`) at `url`: see logInAs. */
export async function logIn(page: Page, url = '/', who: Account = demo.sanne): Promise<void> {
  await logInAs(page, who, { url });
}

/**
 * A second (third…) phone in the same test: a fresh browser context with the suite's options
 * (baseURL, locale, time zone, phone size from playwright.config.ts, changed by `context`), on which
 * `who` logs in as above.
 */
export async function newDevice(
  browser: Browser,
  who: Account,
  options: LogInOptions & { context?: BrowserContextOptions } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options.context);
  const page = await context.newPage();
  await logInAs(page, who, options);
  return { context, page };
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
