import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, demoLogin, newDevice } from './support/fixtures';
import { choosePin, enterPin, TEST_PIN, unlockManually } from './support/lock';
import { recordNewPupilSignal } from './support/flows';
import { outbox, rawDump, readStore, waitingText, type StoredRecord } from './support/storage';
import { DERIVED_META, DERIVED_VERSION } from '../../src/app/perf/derived';

/**
 * Security on the device: encryption at rest, the PIN lock, recovery of a forgotten PIN by an online
 * log-in (the encrypted outbox survives), and the remote wipe of a revoked device. Real sync against
 * the real central service; unique markers per run keep the tests apart.
 */

async function checkA11y(page: Page, screen: string, info: TestInfo) {
  expect(seriousOrWorse(await axeFindings(page, screen, info))).toEqual([]);
}

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 7)}`;

/** Sanne's phone, logged in, with the service worker in control. */
async function phone(browser: Browser): Promise<Page> {
  return (await newDevice(browser, demo.sanne, { serviceWorker: true })).page;
}

async function synced(page: Page) {
  await expect(new TodayPage(page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, {
    timeout: 30_000,
  });
}

/** Log in as another device of the same user, through the API, and pull everything the server has. */
async function serverRecords(request: APIRequestContext): Promise<Record<string, unknown>[]> {
  const login = await request.post('/api/auth/login', { data: { ...demoLogin, deviceId: randomUUID(), deviceName: 'Controle' } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const records: Record<string, unknown>[] = [];
  let cursor = '0';
  for (;;) {
    const res = await request.get(`/api/sync/pull?cursor=${cursor}&limit=500`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-protocol-version': '2' },
    });
    const page = (await res.json()) as { changes: { record: Record<string, unknown> }[]; cursor: string; hasMore: boolean };
    records.push(...page.changes.map((c) => c.record));
    cursor = page.cursor;
    if (!page.hasMore) return records;
  }
}

test('a recorded signal and its pupil are nowhere in IndexedDB in plaintext, but the app shows them', async ({ browser }) => {
  const page = await phone(browser);
  await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  const initials = unique('Mk');
  const marker = unique('Geheim-');
  const pupilPage = await recordNewPupilSignal(page, initials, `Vertelt over ruzie thuis ${marker}`);
  await expect(pupilPage.items('Signaal', `Vertelt over ruzie thuis ${marker}`)).toHaveCount(1);
  // A half-typed form is kept as a draft: encrypted too.
  const form = await new SignalFormPage(page).open();
  await form.description.fill(`Concept ${marker}`);
  await expect
    .poll(async () => (await readStore<{ values: Record<string, string> }>(page, 'drafts')).map((d) => d.values.description))
    .toContain(`Concept ${marker}`);

  const dump = JSON.stringify(await rawDump(page));
  expect(dump).not.toContain(marker);
  expect(dump).not.toContain(initials);
  // The same rows, decrypted with the PIN, hold them: the search above could have found them.
  expect((await readStore<StoredRecord>(page, 'signals')).map((s) => s.description)).toContain(`Vertelt over ruzie thuis ${marker}`);
  expect((await readStore<StoredRecord>(page, 'pupils')).map((p) => p.initials)).toContain(initials);
  expect((await outbox(page)).map((m) => `${m.entity}:${m.kind}`)).toEqual(['pupil:create', 'signal:create']);
  await page.context().close();
});

test('a first log-in opened at /inloggen goes on to "Kies een pincode" and the app (the new key is not lost to a page load)', async ({
  browser,
}) => {
  // newDevice logs in at the URL, chooses the PIN and waits for Vandaag; a page load between
  // log-in and PIN used to forget the data key and show "pincode te vaak fout" instead.
  const { context, page } = await newDevice(browser, demo.sanne, { url: '/inloggen' });
  await expect(page).toHaveURL(/\/vandaag$/);
  await expect(page.getByText(/te vaak fout/)).toHaveCount(0);
  await context.close();
});

test('a reload locks the app; a wrong PIN is refused, the right one opens it again', async ({ browser }, info) => {
  const page = await phone(browser);
  await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  const initials = unique('Lk');
  const pupilPage = await recordNewPupilSignal(page, initials, 'Komt vaak te laat.');
  unlockManually(page);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  await expect(page.getByText('Voer je pincode in')).toBeVisible();
  await expect(page.locator('ion-tab-bar')).toHaveCount(0);
  await expect(page.getByText(initials)).toHaveCount(0);
  await checkA11y(page, 'vergrendeld', info);
  await page.screenshot({ path: info.outputPath('lock.png') });

  await enterPin(page, '999999');
  await expect(page.getByRole('alert')).toHaveText(/Deze pincode klopt niet\. Nog 4 pogingen/);
  await enterPin(page, TEST_PIN);
  await pupilPage.expectShown();
  await expect(pupilPage.items('Signaal', 'Komt vaak te laat.')).toHaveCount(1);
  await pupilPage.expectStatus('Online', waitingText(2));

  // "Nu vergrendelen" in Instellingen locks without a reload.
  await page.goto('/instellingen');
  await enterPin(page, TEST_PIN);
  await page.getByRole('button', { name: 'Nu vergrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  await page.context().close();
});

test('5 wrong PINs: the log-in screen says why; after an online log-in and a new PIN the waiting outbox syncs', async ({
  browser,
  request,
}, info) => {
  const page = await phone(browser);
  await synced(page);
  const initials = unique('Pn');
  const marker = unique('Wacht-');

  await page.context().setOffline(true);
  const pupilPage = await recordNewPupilSignal(page, initials, `Offline vastgelegd ${marker}`);
  await pupilPage.expectStatus('Offline', waitingText(2));
  unlockManually(page);
  await page.reload();
  for (let i = 4; i >= 1; i--) {
    await enterPin(page, '000000');
    await expect(page.getByRole('alert')).toHaveText(new RegExp(`Nog ${i} poging`));
  }
  await enterPin(page, '000000');
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await expect(page.getByText('Je pincode is te vaak fout ingevoerd')).toBeVisible();
  await checkA11y(page, 'pincode-vergeten', info);
  await page.screenshot({ path: info.outputPath('pin-forgotten.png') });
  // The encrypted outbox is still there.
  expect(
    await page.evaluate(async () => {
      const dbs = await indexedDB.databases();
      return dbs.map((d) => d.name);
    }),
  ).toContain('schoolnabij');
  const stored = await rawDump(page);
  expect(stored.outbox).toHaveLength(2);
  expect(JSON.stringify(stored)).not.toContain(marker);

  await page.context().setOffline(false);
  await page.getByLabel('Gebruikersnaam').fill(demoLogin.username);
  await page.getByLabel('Wachtwoord').fill(demoLogin.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await choosePin(page, '246813');
  // Back where the user was, unlocked; the waiting changes go out.
  await pupilPage.expectShown();
  await expect(pupilPage.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
  expect(await outbox(page)).toEqual([]);

  const onServer = await serverRecords(request);
  expect(onServer.filter((r) => r.description === `Offline vastgelegd ${marker}`)).toHaveLength(1);
  expect(onServer.filter((r) => r.initials === initials)).toHaveLength(1);
  await page.context().close();
});

test('a device revoked on the server wipes its data at the next sync (not the app): it logs in again and opens offline', async ({
  browser,
  request,
}, info) => {
  const page = await phone(browser);
  await synced(page);
  const initials = unique('Rv');
  await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  await recordNewPupilSignal(page, initials, 'Nog niet gesynchroniseerd.');
  const deviceId = ((await rawDump(page)).meta as { key: string; value: unknown }[]).find((r) => r.key === 'deviceId')!.value as string;

  // The user revokes this phone from another device.
  const login = await request.post('/api/auth/login', { data: { ...demoLogin, deviceId: randomUUID(), deviceName: 'Laptop' } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const revoke = await request.post(`/api/devices/${deviceId}/revoke`, { data: {}, headers: { authorization: `Bearer ${accessToken}` } });
  expect(revoke.status()).toBe(200);

  // Next contact: the app comes online again.
  await page.unroute('**/api/sync/**');
  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await reloaded;
  await expect(
    page.getByText('Dit toestel is ingetrokken door de beheerder; de gegevens op dit toestel zijn gewist. Je kunt hier opnieuw inloggen.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await checkA11y(page, 'ingetrokken', info);
  await page.screenshot({ path: info.outputPath('revoked.png') });
  // The app opened a new, empty database after the wipe: its one row is the marker that its rows
  // will have their derived index fields (derived.ts D3), no data.
  const after = await rawDump(page);
  expect(Object.entries(after).filter(([, rows]) => rows.length > 0)).toEqual([['meta', [{ key: DERIVED_META, value: DERIVED_VERSION }]]]);
  // The wipe removed the user's data, not the app: the service worker's precache is still there.
  expect(await page.evaluate(async () => caches.keys())).toEqual([expect.stringMatching(/^workbox-precache/)]);

  // The same phone logs in again (a new device id, an empty database) and then works offline.
  await page.getByLabel('Gebruikersnaam').fill(demoLogin.username);
  await page.getByLabel('Wachtwoord').fill(demoLogin.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await choosePin(page);
  await expect(page.locator('ion-tab-bar')).toBeVisible();
  await page.getByRole('tab', { name: 'Vandaag' }).click();
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await synced(page);
  await page.context().setOffline(true);
  unlockManually(page);
  await page.reload();
  await enterPin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await expect(page.locator('ion-tab-bar')).toBeVisible();
  await page.context().close();
});
