import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PupilPage } from './pages/PupilPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { dates } from './support/data';
import { demo, newDevice } from './support/fixtures';
import { ownServer } from './support/server';
import { recordNewPupilSignal } from './support/flows';
import { outbox, readStore, waitingText, type StoredRecord } from './support/storage';

/**
 * Sync between devices through the real central service: two browser contexts are two phones of
 * the same jeugdprofessional. Unique initials per run keep these tests apart from other runs.
 */

/** A phone of Sanne, logged in, with the service worker in control (offline starts and reloads). */
async function device(browser: Browser, baseURL?: string): Promise<{ context: BrowserContext; page: Page }> {
  return newDevice(browser, demo.sanne, { serviceWorker: true, context: baseURL ? { baseURL } : {} });
}

/** Wait until the device synced with nothing left waiting. */
async function synced(page: Page) {
  const today = new TodayPage(page);
  await expect(today.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
}

/** Sync now, as the app does when it becomes visible or comes online: reload starts a sync. */
async function syncNow(page: Page) {
  await page.reload();
  await synced(page);
}

// Two phones, each unlocking after every reload (Argon2id of the PIN per unlock):
// more work per test than the default 60 s allows on a busy CI machine.
test.describe.configure({ timeout: 150_000 });

const unique = () => `Sy${Math.random().toString(36).slice(2, 6)}`;

async function editDescription(page: Page, pupilPage: PupilPage, from: string, to: string) {
  await pupilPage.openLink(pupilPage.items('Signaal', from)).click();
  const form = new SignalFormPage(page);
  await expect(form.description).toHaveValue(from);
  await form.description.fill(to);
  await form.save();
  await pupilPage.expectShown();
}

test('a signal recorded offline on phone A reaches phone B; a same-field edit on both is kept as a conflict with both values', async ({
  browser,
}) => {
  const a = await device(browser);
  const b = await device(browser);
  await synced(a.page);
  await synced(b.page);
  const initials = unique();

  // A, offline in the corridor: the signal waits in the outbox.
  await a.context.setOffline(true);
  const onA = await recordNewPupilSignal(a.page, initials, 'Vader vertelt over schulden.');
  await onA.expectStatus('Offline', waitingText(2));
  const pupilId = onA.pupilId();
  // Reloaded offline, the sync at start fails: the strip still says how current the phone is.
  await a.page.reload();
  await onA.expectShown();
  await expect(onA.statusLine).toHaveText(/^Offline · (Laatst g|G)esynchroniseerd om \d\d:\d\d · 2 wijzigingen wachten op synchronisatie$/);

  // Back online: the app syncs by itself.
  await a.context.setOffline(false);
  await synced(a.page);
  expect(await outbox(a.page)).toEqual([]);

  // B pulls it and shows it.
  await syncNow(b.page);
  await b.page.goto(`/leerlingen/${pupilId}`);
  const onB = new PupilPage(b.page, initials);
  await onB.expectShown();
  await expect(onB.items('Signaal', 'Vader vertelt over schulden.')).toHaveCount(1);

  // Both edit the description while offline.
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await editDescription(a.page, onA, 'Vader vertelt over schulden.', 'Versie van telefoon A');
  await editDescription(b.page, onB, 'Vader vertelt over schulden.', 'Versie van telefoon B');

  // A arrives first, B later: B's value wins, A's is kept as a conflict. Nothing is lost.
  await a.context.setOffline(false);
  await synced(a.page);
  await b.context.setOffline(false);
  await synced(b.page);
  await syncNow(a.page);

  for (const page of [a.page, b.page]) {
    await page.goto(`/leerlingen/${pupilId}`);
    const pupilPage = new PupilPage(page, initials);
    await expect(pupilPage.items('Signaal', 'Versie van telefoon B')).toHaveCount(1);
    await expect(pupilPage.items('Signaal', 'Versie van telefoon B')).toContainText('Conflict: kies een waarde');
    await pupilPage.openLink(pupilPage.items('Signaal', 'Versie van telefoon B')).click();
    const conflicts = page.getByRole('region', { name: 'Conflicten' });
    await expect(conflicts).toContainText('Beschrijving');
    await expect(conflicts).toContainText('Nu: Versie van telefoon B');
    await expect(conflicts).toContainText('Andere waarde: Versie van telefoon A');
  }

  // B takes A's value: the conflict is resolved everywhere after sync.
  await b.page.getByRole('region', { name: 'Conflicten' }).getByRole('button', { name: 'Andere waarde kiezen' }).click();
  await expect(b.page.getByRole('region', { name: 'Conflicten' })).toHaveCount(0);
  await synced(b.page);
  await syncNow(a.page);
  const signalsOnA = await readStore<StoredRecord>(a.page, 'signals');
  expect(signalsOnA.filter((s) => s.pupilId === pupilId).map((s) => s.description)).toEqual(['Versie van telefoon A']);
  expect((await readStore<{ recordId: string }>(a.page, 'conflicts')).length).toBe(0);

  await a.context.close();
  await b.context.close();
});

test('the service is killed while a push is answered and restarted: nothing lost, nothing doubled', async ({ browser }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'schoolnabij-kill-'));
  const server = await ownServer(dataDir);
  try {
    const phone = await device(browser, server.url);
    await synced(phone.page);
    const initials = unique();

    await phone.context.setOffline(true);
    const pupilPage = await recordNewPupilSignal(phone.page, initials, 'Eerste signaal.');
    await pupilPage.quickAction('+ Signaal').click();
    const form = new SignalFormPage(phone.page);
    await form.fill({ theme: 'Gedrag', seriousness: 'Zorgelijk', source: 'Leerkracht', description: 'Tweede signaal.', date: dates.late });
    await form.save();
    await pupilPage.expectShown();
    await pupilPage.expectStatus('Offline', waitingText(3));

    // The push reaches the service and is committed; then the service dies before the answer
    // arrives. The phone sees a broken connection and keeps its outbox.
    let killed = false;
    await phone.page.route('**/api/sync/push', async (route) => {
      if (killed) return route.continue();
      killed = true;
      const response = await route.fetch();
      expect(response.status()).toBe(200);
      await server.kill();
      await route.abort('connectionreset');
    });
    await phone.context.setOffline(false);
    await expect.poll(() => killed).toBe(true);
    await expect(new TodayPage(phone.page).statusLine).toHaveText(/3 wijzigingen wachten op synchronisatie$/);
    expect(await outbox(phone.page)).toHaveLength(3);

    // Restarted on the same database: the retry is answered "duplicate", the outbox empties.
    await server.start();
    await syncNow(phone.page);
    expect(await outbox(phone.page)).toEqual([]);

    // Exactly one pupil and two signals on the phone, and through a second phone from the server.
    const mine = (rows: StoredRecord[], key: string, id: string) => rows.filter((r) => r[key] === id);
    const pupilId = pupilPage.pupilId();
    expect(mine(await readStore<StoredRecord>(phone.page, 'pupils'), 'id', pupilId)).toHaveLength(1);
    expect(mine(await readStore<StoredRecord>(phone.page, 'signals'), 'pupilId', pupilId)).toHaveLength(2);
    const other = await device(browser, server.url);
    await synced(other.page);
    expect(mine(await readStore<StoredRecord>(other.page, 'pupils'), 'id', pupilId)).toHaveLength(1);
    const signals = mine(await readStore<StoredRecord>(other.page, 'signals'), 'pupilId', pupilId);
    expect(signals.map((s) => s.description).sort()).toEqual(['Eerste signaal.', 'Tweede signaal.']);
    await phone.context.close();
    await other.context.close();
  } finally {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
