import { chromium } from '@playwright/test';
import { expect, logIn, test } from './support/fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsPage } from './pages/SettingsPage';
import { TodayPage } from './pages/TodayPage';
import { chromiumArgs, chromiumPath } from './support/chromium';
import { waitForServiceWorkerControl } from './support/serviceWorker';

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
}

interface Manifest {
  name: string;
  short_name: string;
  lang: string;
  theme_color: string;
  background_color: string;
  display: string;
  start_url: string;
  scope: string;
  icons: ManifestIcon[];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1'), 'PNG signature').toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('the web app manifest makes the app installable: names, Dutch, standalone, theme colour and real icons', async ({ page }) => {
  await new TodayPage(page).open();
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href!, page.url());
  const response = await page.request.get(manifestUrl.href);
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as Manifest;

  expect(manifest).toMatchObject({
    name: expect.stringContaining('Schoolnabij'),
    short_name: 'Schoolnabij',
    lang: 'nl',
    display: 'standalone',
    start_url: '/',
    scope: '/',
  });
  expect(manifest.short_name.length, 'short_name fits under an icon').toBeLessThanOrEqual(12);
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  // The browser colours its UI from the page too: both must agree.
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color);

  const sizes = manifest.icons.map((i) => i.sizes);
  expect(sizes).toContain('192x192');
  expect(sizes).toContain('512x512');
  expect(
    manifest.icons.some((i) => (i.purpose ?? 'any').split(' ').includes('maskable')),
    'a maskable icon',
  ).toBe(true);

  for (const icon of manifest.icons) {
    const res = await page.request.get(new URL(icon.src, manifestUrl).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type'], icon.src).toBe('image/png');
    const [w, h] = icon.sizes.split('x').map(Number);
    expect(pngSize(await res.body()), `${icon.src} is ${icon.sizes}`).toEqual({ width: w, height: h });
  }
});

test('a service worker controls the app, serves it offline, and never answers /api/ with the app shell', async ({ page, context }) => {
  await new TodayPage(page).open();
  await waitForServiceWorkerControl(page);
  const registration = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { scope: r?.scope, active: r?.active?.scriptURL, state: r?.active?.state };
  });
  expect(registration).toEqual({ scope: new URL('/', page.url()).href, active: new URL('/sw.js', page.url()).href, state: 'activated' });

  await context.setOffline(true);
  // Any app address is served from the cache...
  const leerlingen = await page.goto('/leerlingen');
  expect(leerlingen?.ok()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Leerlingen' })).toBeVisible();
  // ...but an API address is left to the network, which is not there: it fails, no index.html.
  const api = await page.goto('/api/v1/pull').then(
    (response) => ({ failed: false, status: response?.status(), type: response?.headers()['content-type'] }),
    (error: Error) => ({ failed: true, message: error.message }),
  );
  expect(api).toMatchObject({ failed: true, message: expect.stringContaining('ERR_INTERNET_DISCONNECTED') });
});

test('Instellingen shows whether storage is persistent and how much is used of the quota', async ({ page }) => {
  const settings = await new SettingsPage(page).open();
  await expect(settings.storage).toBeVisible();
  await expect(settings.fact('Blijvende opslag')).toHaveText(/^(Ja|Nee|Niet beschikbaar).+/);
  await expect(settings.fact('Gebruikt')).toHaveText(/^\d+(,\d)? (kB|MB|GB) van \d+(,\d)? (kB|MB|GB)$/);
  await expect(settings.fact('Synchronisatie')).toHaveText('Niets wacht op synchronisatie');
});

test('Chromium finds no installability errors', async ({ baseURL }, testInfo) => {
  // Off-the-record contexts (Playwright's default) are never installable: use a real profile.
  const profile = mkdtempSync(join(tmpdir(), 'schoolnabij-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    baseURL: baseURL!,
    viewport: { width: 390, height: 844 },
    locale: 'nl-NL',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    await logIn(page);
    await new TodayPage(page).open();
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string; errorArguments: { name: string; value: string }[] }[];
    };
    await testInfo.attach('installability-errors.json', {
      body: JSON.stringify(installabilityErrors, null, 2),
      contentType: 'application/json',
    });
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
