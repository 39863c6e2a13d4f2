import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { axeFindings, clippedText, horizontalOverflow, seriousOrWorse, tooSmall, touchTargets } from './support/a11y';
import { demo } from './support/fixtures';
import { choosePin, enterPin } from './support/lock';

/**
 * The start of the app: the first route is the log-in or lock screen in plain HTML, without
 * Ionic (components/AuthShell); the Ionic tabs app is its own chunk, fetched while the user types.
 * Each test starts on a fresh device (empty IndexedDB); sync is blocked, it plays no part here.
 */

const tabsChunk = /\/assets\/TabsApp-[\w-]+\.js$/;

/** Every URL the page requests from now on. */
function requests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

async function fillLogin(page: Page) {
  await page.getByLabel('Gebruikersnaam').fill(demo.sanne.username);
  await page.getByLabel('Wachtwoord').fill(demo.sanne.password);
}

async function checkScreen(page: Page, screen: string, info: TestInfo) {
  expect.soft(seriousOrWorse(await axeFindings(page, screen, info))).toEqual([]);
  expect.soft(tooSmall(await touchTargets(page.locator('main')))).toEqual([]);
  // The screens at 390 and at 360 px wide (the smallest phones we support): look at them.
  await page.screenshot({ path: info.outputPath(`${screen}-390.png`) });
  await page.setViewportSize({ width: 360, height: 740 });
  await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(360);
  expect.soft((await horizontalOverflow(page.locator('body'))).document).toBeLessThanOrEqual(360);
  expect.soft(await page.locator('.auth-shell').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  expect.soft(await clippedText(page.locator('main')), `text cut off at 360 px on ${screen}`).toEqual([]);
  await page.screenshot({ path: info.outputPath(`${screen}-360.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
}

test.beforeEach(async ({ page }) => {
  await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
});

test('the HTML holds a static shell, painted before any script runs', async ({ request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toMatch(/<div id="root">\s*<div class="auth-shell">/);
  expect(html).toContain('Laden…');
  // Styled by the first route's own stylesheet, not by Ionic's.
  expect(html).toMatch(/<link rel="stylesheet"[^>]+href="\/assets\/index-[\w-]+\.css"/);
});

test('the log-in screen loads no Ionic; the first touch in the form fetches the tabs app', async ({ page }) => {
  const urls = requests(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await expect(page.locator('form.login-form')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schoolnabij');
  await expect(page.getByRole('main')).toHaveCount(1);
  // Give a stray lazy import time to show up before asserting it did not happen.
  await page.waitForLoadState('networkidle');
  expect(urls.filter((u) => tabsChunk.test(u))).toEqual([]);
  await expect(page.locator('ion-app, ion-tab-bar, ion-page')).toHaveCount(0);
  expect(await page.evaluate(() => [...document.styleSheets].map((s) => s.href ?? '').filter((h) => h.includes('TabsApp')))).toEqual([]);

  const fetched = page.waitForRequest(tabsChunk);
  await page.getByLabel('Gebruikersnaam').focus();
  await fetched;
  // Fetched, not shown: the log-in screen stays until someone logs in.
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await expect(page.locator('ion-tab-bar')).toHaveCount(0);
});

test('log-in at /inloggen, PIN, Vandaag; a reload locks without Ionic, the PIN opens Vandaag again', async ({ page }, info) => {
  await page.goto('/inloggen');
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await checkScreen(page, 'inloggen', info);
  await fillLogin(page);
  // Between log-in and PIN the data key is in memory only: the app must not load a new page here.
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { name: 'Kies een pincode' })).toBeVisible();
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await checkScreen(page, 'kies-een-pincode', info);
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/vandaag$/);
  await expect(page.locator('ion-tab-bar')).toBeVisible();

  const urls = requests(page);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(urls.filter((u) => tabsChunk.test(u))).toEqual([]);
  await expect(page.locator('ion-app')).toHaveCount(0);
  await checkScreen(page, 'vergrendeld', info);
  await enterPin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await expect(page.locator('ion-tab-bar')).toBeVisible();
  expect(urls.filter((u) => tabsChunk.test(u))).toHaveLength(1);
});

test('a reload while choosing the PIN asks for the log-in again; then the PIN and the app follow', async ({ page }) => {
  await page.goto('/');
  await fillLogin(page);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { name: 'Kies een pincode' })).toBeVisible();
  // The data key was never wrapped by a PIN: after the reload only the server's device key opens it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await expect(page.getByText('Je hebt nog geen pincode gekozen.')).toBeVisible();
  await expect(page.getByText('te vaak fout ingevoerd')).toHaveCount(0);
  await fillLogin(page);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await page.reload();
  await enterPin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
});

test('/inloggen inside the app (a session to renew) logs in without a page load and returns to Vandaag', async ({ page }, info) => {
  await page.goto('/');
  await fillLogin(page);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  // The status strip's "Inloggen" link is a full page load: locked first, then the log-in in the app.
  await page.goto('/inloggen');
  await enterPin(page);
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await expect(page.locator('ion-tab-bar')).toBeVisible();
  await page.screenshot({ path: info.outputPath('inloggen-in-app-390.png') });
  await fillLogin(page);
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/vandaag$/);
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

/** Where the lock screen's parts are: the same with and without Ionic's stylesheets on the page. */
async function lockLayout(page: Page) {
  const box = async (name: string, locator = page.getByRole('heading', { name })) => ({ name, ...(await locator.boundingBox()) });
  return [
    await box('Schoolnabij'),
    await box('Vergrendeld'),
    await box('Pincode', page.getByLabel('Pincode', { exact: true })),
    await box('Ontgrendelen', page.getByRole('button', { name: 'Ontgrendelen' })),
    await box('vergeten', page.getByRole('button', { name: /Pincode vergeten/ })),
  ];
}

test('the lock screen looks the same before Ionic is loaded and after the app ran ("Nu vergrendelen")', async ({ page }, info) => {
  await page.goto('/');
  await fillLogin(page);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  const before = await lockLayout(page);
  await enterPin(page);
  await page.goto('/instellingen');
  await enterPin(page);
  await page.getByRole('button', { name: 'Nu vergrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  await expect(page.locator('ion-app')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('vergrendeld-na-ionic-390.png') });
  expect(await lockLayout(page)).toEqual(before);
});
