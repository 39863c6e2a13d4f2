import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TodayPage } from './pages/TodayPage';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { serveDirectory, type StaticServer } from './support/staticServer';
import { logIn } from './support/fixtures';
import { enterPin } from './support/lock';

/**
 * A new version is deployed while the app is open: the new service worker waits, the app says
 * "Nieuwe versie beschikbaar", and "Vernieuwen" reloads into it. Served from a copy of dist/ so the
 * test can change sw.js under the running app.
 */
let copy: string;
let server: StaticServer;

test.beforeEach(async () => {
  copy = mkdtempSync(join(tmpdir(), 'schoolnabij-dist-'));
  cpSync(resolve(process.env.E2E_STATIC_DIR ?? 'dist'), copy, { recursive: true });
  server = await serveDirectory(copy, test.info().project.use.baseURL);
});

test.afterEach(async () => {
  await server.close();
  rmSync(copy, { recursive: true, force: true });
});

test('a waiting service worker shows "Nieuwe versie beschikbaar"; "Vernieuwen" reloads into it', async ({ page, context }) => {
  const today = new TodayPage(page);
  await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  await logIn(page, `${server.url}/`);
  await page.goto(`${server.url}/vandaag`);
  await today.expectShown();
  await waitForServiceWorkerControl(page);
  const prompt = page.getByRole('alert').filter({ hasText: 'Nieuwe versie beschikbaar' });
  await expect(prompt).toHaveCount(0);
  const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);

  // Deploy: a byte-different sw.js. The app checks every 30 minutes; ask now instead of waiting.
  const newWorker = context.waitForEvent('serviceworker');
  appendFileSync(join(copy, 'sw.js'), `\n// deployed by update.spec.ts at ${new Date().toISOString()}\n`);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration!.update();
  });
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? null))
    .toBe('installed');

  await expect(prompt).toBeVisible();
  const refresh = prompt.getByRole('button', { name: 'Vernieuwen' });
  await expect(refresh).toBeVisible();

  // Mark this document: after the reload it is gone.
  await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
  const reloaded = page.waitForEvent('load');
  await refresh.click();
  await reloaded;
  // A reload locks the app: the data key is in memory only.
  await enterPin(page);
  await today.expectShown();
  expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate ?? false)).toBe(false);
  await expect(prompt).toHaveCount(0);

  // The new worker is active and controls the page; nothing is left waiting.
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { waiting: registration?.waiting ?? null, controller: navigator.serviceWorker.controller?.scriptURL ?? null };
  });
  expect(state).toEqual({ waiting: null, controller: firstWorker });
  const newState = await (await newWorker).evaluate(() => (self as unknown as { serviceWorker: ServiceWorker }).serviceWorker.state);
  expect(newState, 'the new worker is the active one').toBe('activated');
});
