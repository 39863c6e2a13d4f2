import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { expect, test } from './support/fixtures';
import { NEW_PUPIL_OPTION } from './pages/FormScreen';
import { PupilPage } from './pages/PupilPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { schools } from './support/data';
import { autoUnlock } from './support/lock';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { DB_NAME, draftWith, drafts, outbox, records } from './support/storage';

/** The draft of a new signal (useFormTarget: `${entity}:nieuw`). */
const DRAFT_KEY = 'signal:nieuw';

test('a half-filled signal form comes back after a reload, online and offline, until the draft is thrown away', async ({
  page,
  context,
}) => {
  // The notice names the time of the draft: fix the clock, so the expected text does not depend on
  // when the test runs (a save during the reload itself would otherwise move it a minute on). A
  // Saturday: no school today, so the form starts without one and the draft's school is all there is.
  await page.clock.setFixedTime(new Date('2026-03-14T10:15:00+01:00'));
  const form = await new SignalFormPage(page).open();
  await waitForServiceWorkerControl(page);
  await form.expectShown();

  await form.fill({
    school: schools.vuurvogel.option,
    pupil: { initials: 'Mo', group: 'groep 4', birthYear: '2018' },
    theme: 'Emotioneel welzijn',
    seriousness: 'Zorg',
    description: 'Huilt vaak in de pauze',
  });
  await expect(form.restoredNotice).toHaveCount(0);
  await draftWith(page, DRAFT_KEY, 'description', 'Huilt vaak in de pauze');

  await page.reload();
  await form.expectShown();
  await expect(form.restoredNotice).toHaveText('Je niet-opgeslagen invoer van 10:15 is teruggezet.');
  await expect(form.restoredNotice.locator('..')).toHaveRole('status');
  await expect(form.selected('School')).toHaveText(schools.vuurvogel.option);
  await expect(form.selected('Leerling')).toHaveText(NEW_PUPIL_OPTION);
  await expect(form.field('Initialen of roepnaam')).toHaveValue('Mo');
  await expect(form.field('Groep of klas')).toHaveValue('groep 4');
  await expect(form.field('Geboortejaar')).toHaveValue('2018');
  await expect(form.selected('Thema')).toHaveText('Emotioneel welzijn');
  await expect(form.radio('Zorg')).toBeChecked();
  await expect(form.description).toHaveValue('Huilt vaak in de pauze');

  // Type on later, go offline, reload: the app comes from the service worker, the draft from IndexedDB.
  await page.clock.setFixedTime(new Date('2026-03-14T10:42:00+01:00'));
  await form.select('Bron', 'Leerling');
  // The description last: the draft that holds it holds everything typed before it.
  await form.description.fill('Huilt vaak in de pauze, zegt dat thuis veel ruzie is.');
  await draftWith(page, DRAFT_KEY, 'description', 'Huilt vaak in de pauze, zegt dat thuis veel ruzie is.');
  await context.setOffline(true);
  await page.reload();
  await form.expectShown();
  await form.expectStatus('Offline', 'Niets wacht op synchronisatie');
  await expect(form.restoredNotice).toHaveText('Je niet-opgeslagen invoer van 10:42 is teruggezet.');
  await expect(form.description).toHaveValue('Huilt vaak in de pauze, zegt dat thuis veel ruzie is.');
  await expect(form.selected('Bron')).toHaveText('Leerling');
  await expect(form.field('Initialen of roepnaam')).toHaveValue('Mo');

  // "Concept weggooien": the form is empty again, the draft is gone, and stays gone after a reload.
  await form.discardDraftButton.click();
  await expect(form.restoredNotice).toHaveCount(0);
  await expect(form.discardDraftButton).toHaveCount(0);
  await expect(form.description).toHaveValue('');
  await expect(form.field('School')).toHaveValue('');
  await expect(form.field('Initialen of roepnaam')).toHaveCount(0);
  await expect(form.radio('Zorg')).not.toBeChecked();
  await expect.poll(async () => (await drafts(page)).map((d) => d.key)).not.toContain(DRAFT_KEY);

  await page.reload();
  await form.expectShown();
  await expect(form.description).toHaveValue('');
  await expect(form.restoredNotice).toHaveCount(0);
  // A draft is not a change: nothing was saved, so nothing waits for sync.
  expect(await outbox(page)).toEqual([]);
});

/** The debounce of useDraftForm: a draft is written this long after the last keystroke. */
const DEBOUNCE_MS = 200;

interface Watched {
  /** Every readwrite transaction the page opened: its stores, and whether it has ended. */
  writes: { stores: string[]; ended: boolean }[];
  lastInput: number;
  tap: number;
}

/**
 * Runs in the page before the app, and only watches: the readwrite IndexedDB transactions the app
 * opens and when each ends (IDBDatabase.prototype.transaction wrapped, as tests/bench/save.ts does),
 * the time of the last keystroke and of the tap on "Opslaan".
 */
function watchPage(): void {
  const watched: Watched = { writes: [], lastInput: 0, tap: 0 };
  (window as unknown as { __watched: Watched }).__watched = watched;
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args);
    if (tx.mode === 'readwrite') {
      const entry = { stores: [...tx.objectStoreNames], ended: false };
      watched.writes.push(entry);
      const end = () => (entry.ended = true);
      tx.addEventListener('complete', end);
      tx.addEventListener('abort', end);
    }
    return tx;
  } as IDBDatabase['transaction'];
  document.addEventListener('input', () => (watched.lastInput = performance.now()), true);
  document.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element | null)?.closest?.('button[type="submit"]')) watched.tap = performance.now();
    },
    true,
  );
}

const watched = (page: Page) => page.evaluate(() => (window as unknown as { __watched: Watched }).__watched);

/**
 * In `holder` (a page of the same origin, outside the app), a transaction that reads `store` and stays
 * open (a request loop) until releaseHold, like a long read of a large caseload: a transaction that
 * writes `store` waits for it (IndexedDB runs a readwrite transaction after every earlier one that
 * overlaps it), one that writes only other stores does not. Readonly, not readwrite: this Chromium
 * (156) runs one readwrite transaction per database at a time, whatever its stores, so a readwrite
 * hold would stop every write, the draft's too. Resolves once it runs.
 */
function hold(holder: Page, store: string): Promise<void> {
  return holder.evaluate(
    ({ name, store }) =>
      new Promise<void>((running, failed) => {
        const open = indexedDB.open(name);
        open.onerror = () => failed(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readonly');
          let held = true;
          const done = new Promise<void>((ended) => {
            tx.oncomplete = () => {
              open.result.close();
              ended();
            };
          });
          (window as unknown as { __release: () => Promise<void> }).__release = () => {
            held = false;
            return done;
          };
          const spin = () => {
            tx.objectStore(store).get('').onsuccess = () => {
              running();
              if (held) spin();
            };
          };
          spin();
        };
      }),
    { name: DB_NAME, store },
  );
}

function releaseHold(holder: Page): Promise<void> {
  return holder.evaluate(() => (window as unknown as { __release: () => Promise<void> }).__release());
}

test('typed, tapped "Opslaan" and closed while the save waits for its transaction: the form comes back with every word, and saves once', async ({
  page,
  context,
}) => {
  await page.addInitScript(watchPage);
  const form = await new SignalFormPage(page).open();
  await form.fill({
    school: schools.springplank.option,
    pupil: { initials: 'Sv', group: 'groep 5', birthYear: '2017' },
    theme: 'Gedrag',
    seriousness: 'Zorgelijk',
    source: 'Leerkracht',
    description: 'Slaat andere kinderen in de pauze',
  });
  await draftWith(page, DRAFT_KEY, 'description', 'Slaat andere kinderen in de pauze');

  // A second page of the app's origin reads the signals store and keeps reading: the save's
  // transaction (signals, pupils, outbox, drafts) will wait for it.
  const holder = await context.newPage();
  await holder.goto('/api/health'); // the service worker leaves /api/ to the network: no app here
  await hold(holder, 'signals');

  // The last words, and at once a tap on "Opslaan": found and in view before, so the tap is one
  // click at its place (not Playwright's checks of tens of milliseconds), well within the debounce.
  await form.saveButton.scrollIntoViewIfNeeded();
  const button = await form.saveButton.boundingBox();
  if (!button) throw new Error('no "Opslaan" on the screen');
  const typed = 'Slaat andere kinderen in de pauze, ook na een gesprek.';
  await form.description.fill(typed);
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
  await expect(form.view.getByRole('button', { name: 'Bezig met opslaan…' })).toBeVisible();
  // Why only the save's own draft write can store the last words: their debounced write, set after
  // the keystroke, would run 200 ms after it; at the tap it had not, and from the tap on no debounced
  // or pagehide draft is written while the save runs (useDraftForm saveStarted).
  const { lastInput, tap } = await watched(page);
  expect(tap - lastInput, 'the tap came after the last keystroke').toBeGreaterThan(0);
  // Usually 16–22 ms apart: then only the save's own draft write can have kept the words. On a machine
  // so busy that Playwright's fill and click were 200 ms apart (seen once, 205 ms, four specs at once)
  // the debounce may have stored them: that run proves less, what the user sees must still hold, and
  // the report says so instead of failing.
  if (tap - lastInput >= DEBOUNCE_MS) {
    test.info().annotations.push({
      type: 'note',
      description: `tap ${Math.round(tap - lastInput)} ms after the last keystroke: not within the debounce`,
    });
  }

  // The save waits for its transaction (on signals); every write the page started before it has
  // ended, the draft's with the last words among them. A write started after it (a sync's, say) may
  // wait behind it: this Chromium runs one readwrite transaction of a database at a time (a CI run
  // caught one such write still waiting).
  await expect
    .poll(
      async () => {
        const { writes } = await watched(page);
        const at = writes.findIndex((w) => w.stores.includes('signals'));
        return { saveWaits: at >= 0 && !writes[at]!.ended, earlierEnded: at >= 0 && writes.slice(0, at).every((w) => w.ended) };
      },
      { message: 'the save waits for its transaction, every write started before it has ended' },
    )
    .toEqual({ saveWaits: true, earlierEnded: true });

  // The tab is closed (the phone killed the app) before the save could commit.
  await page.close();
  await releaseHold(holder);
  expect(await records(holder, 'signals')).toEqual([]);
  expect(await records(holder, 'pupils')).toEqual([]);

  const again = await context.newPage();
  await again.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  autoUnlock(again);
  const reopened = await new SignalFormPage(again).open();
  await expect(reopened.restoredNotice).toBeVisible();
  await expect(reopened.description).toHaveValue(typed);
  await expect(reopened.field('Initialen of roepnaam')).toHaveValue('Sv');
  await expect(reopened.selected('Thema')).toHaveText('Gedrag');

  await reopened.save();
  await new PupilPage(again, 'Sv').expectShown();
  expect((await records(again, 'signals')).map((s) => s.description)).toEqual([typed]);
  expect((await records(again, 'pupils')).map((p) => p.initials)).toEqual(['Sv']);
  expect((await drafts(again)).map((d) => d.key)).not.toContain(DRAFT_KEY);
  await holder.close();
});

test('the drafts list shows a form left on another screen, resumes it, and throws one away with an undo', async ({ page }, info) => {
  const form = await new SignalFormPage(page).open();
  await form.expectShown();
  await form.fill({
    school: schools.vuurvogel.option,
    pupil: { initials: 'Zeb', group: 'groep 6', birthYear: '2016' },
    theme: 'Emotioneel welzijn',
    seriousness: 'Zorg',
    description: 'Zit vaak alleen op het plein',
  });
  await draftWith(page, DRAFT_KEY, 'description', 'Zit vaak alleen op het plein');

  // Off to another screen; the form is left unsaved.
  await page.goto('/instellingen');
  await expect(page.getByText('1 onafgemaakt formulier op dit toestel.')).toBeVisible();
  await page.getByRole('link', { name: 'Concepten bekijken' }).click();
  const list = page.getByRole('list', { name: 'Onafgemaakte formulieren, nieuwste eerst' });
  const item = list.getByRole('listitem').filter({ hasText: 'Nieuw signaal' });
  await expect(item).toContainText('Leerling: nieuwe leerling: Zeb');
  await expect(item).toContainText(/Laatst bewerkt om \d\d:\d\d/);
  expect(seriousOrWorse(await axeFindings(page, 'concepten', info))).toEqual([]);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(info.project.outputDir, 'screens', 'concepten-360.png') });

  await item.getByRole('link', { name: 'Verder met Nieuw signaal (nieuwe leerling: Zeb)' }).click();
  await form.expectShown();
  await expect(form.restoredNotice).toBeVisible();
  await expect(form.description).toHaveValue('Zit vaak alleen op het plein');
  await expect(form.field('Initialen of roepnaam')).toHaveValue('Zeb');

  // Thrown away from the list, and back with the undo.
  await page.goto('/concepten');
  await item.getByRole('button', { name: 'Weggooien Nieuw signaal (nieuwe leerling: Zeb)' }).click();
  await expect(item).toHaveCount(0);
  await expect.poll(async () => (await drafts(page)).map((d) => d.key)).not.toContain(DRAFT_KEY);
  await page.locator('.undo-notice').getByRole('button', { name: 'Ongedaan maken' }).click();
  await expect(item).toContainText('Leerling: nieuwe leerling: Zeb');
  await expect.poll(async () => (await drafts(page)).map((d) => d.key)).toContain(DRAFT_KEY);
});
