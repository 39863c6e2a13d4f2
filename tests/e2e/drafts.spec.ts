import { expect, test } from './support/fixtures';
import { NEW_PUPIL_OPTION } from './pages/FormScreen';
import { SignalFormPage } from './pages/SignalFormPage';
import { schools } from './support/data';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { draftWith, drafts, outbox } from './support/storage';

/** The draft of a new signal (useFormTarget: `${entity}:nieuw`). */
const DRAFT_KEY = 'signal:nieuw';

test('a half-filled signal form comes back after a reload, online and offline, until the draft is thrown away', async ({
  page,
  context,
}) => {
  // The notice names the time of the draft: fix the clock, so the expected text does not depend on
  // when the test runs (a save during the reload itself would otherwise move it a minute on).
  await page.clock.setFixedTime(new Date('2026-03-10T10:15:00+01:00'));
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
  await page.clock.setFixedTime(new Date('2026-03-10T10:42:00+01:00'));
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
