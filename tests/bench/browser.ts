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
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    hasTouch: true,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
}

/**
 * Log in as `username` and wait for the first screen after it. If the app asks for a PIN (the PIN
 * lock of the crypto branch: "Kies een pincode"), choose DEMO_PIN twice.
 */
export async function logIn(page: Page, base: string, username = 'sanne', home = 'Vandaag'): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  const homeHeading = page.getByRole('heading', { name: home, level: 1 });
  const pin = page.getByRole('heading', { name: 'Kies een pincode' });
  await homeHeading.or(pin).first().waitFor({ timeout: 60_000 });
  if (await pin.isVisible()) {
    await page.getByLabel(/^Pincode/).fill(DEMO_PIN);
    await page.getByLabel('Herhaal de pincode').fill(DEMO_PIN);
    await page.getByLabel('Herhaal de pincode').press('Enter');
    await homeHeading.waitFor({ timeout: 120_000 });
  }
}
