import { expect, test } from './support/fixtures';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ContactFormPage } from './pages/ContactFormPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { PupilPage } from './pages/PupilPage';
import { PupilsPage } from './pages/PupilsPage';
import { RecordsPage } from './pages/RecordsPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { dates, schools } from './support/data';
import { addPupil, pupilAB as ab, pupilWithSignal, recordSignal } from './support/flows';
import { outbox } from './support/storage';

test('the pupil timeline shows signal, contactmoment and consultation, newest first', async ({ page }) => {
  const pupilPage = await pupilWithSignal(page);

  // Recorded in a different order than their dates.
  await pupilPage.quickAction('+ Consultatie').click();
  const consultation = new ConsultationFormPage(page);
  await consultation.expectShown();
  await consultation.fill({ withWhom: 'Leerkracht', question: 'Hoe spreek ik ouders aan op het te laat komen?', date: dates.early });
  await consultation.save();
  await pupilPage.expectShown();
  await expect(pupilPage.toast('Consultatie opgeslagen')).toBeVisible();

  await pupilPage.quickAction('+ Contactmoment').click();
  const contact = new ContactFormPage(page);
  await contact.expectShown();
  await contact.fill({
    withWhom: 'Leerling',
    channel: 'Gesprek op school',
    date: dates.late,
    summary: 'Gesprek met AB over de ochtenden.',
  });
  await contact.save();
  await pupilPage.expectShown();

  await expect(pupilPage.timelineItems).toHaveText([
    /^Contactmoment\s*di 20 jan\. 2026.*Leerling · Gesprek op school.*Gesprek met AB over de ochtenden\./,
    /^Signaal\s*ma 12 jan\. 2026.*Verzuim · Zorgelijk.*Vaak te laat\./,
    /^Consultatie\s*ma 5 jan\. 2026.*Leerkracht.*Hoe spreek ik ouders aan op het te laat komen\?/,
  ]);
  // Not synced yet: every card says it lives only on this device.
  await expect(pupilPage.timeline.getByText('Alleen op dit toestel')).toHaveCount(3);

  // The same order after a reload, read from IndexedDB.
  await page.reload();
  await pupilPage.expectShown();
  await expect(pupilPage.timelineItems).toHaveText([/^Contactmoment/, /^Signaal/, /^Consultatie/]);
});

test('editing a signal changes what is shown and queues a second mutation with only the changed fields', async ({ page }) => {
  const pupilPage = await pupilWithSignal(page);
  const signal = pupilPage.items('Signaal', 'Vaak te laat.');
  await pupilPage.openLink(signal).click();

  const form = new SignalFormPage(page, true);
  await form.expectShown();
  const signalId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(form.selected('Thema')).toHaveText('Verzuim');
  await expect(form.radio('Zorgelijk')).toBeChecked();
  await expect(form.description).toHaveValue('Vaak te laat.');
  await expect(form.date).toHaveValue(dates.middle);

  await form.select('Thema', 'Thuissituatie');
  await form.radio('Acuut').check();
  await form.description.fill('Vaak te laat; zorgt ’s ochtends voor zijn broertje.');
  await form.save();

  await pupilPage.expectShown();
  await expect(pupilPage.toast('Signaal bijgewerkt')).toBeVisible();
  await expect(pupilPage.timelineItems).toHaveCount(1);
  const edited = pupilPage.items('Signaal');
  await expect(edited).toContainText('Thuissituatie · Acuut');
  await expect(edited).toContainText('Vaak te laat; zorgt ’s ochtends voor zijn broertje.');
  await expect(edited).not.toContainText('Verzuim');
  await expect(edited.getByText('Acuut', { exact: true })).toBeVisible();

  const mutations = (await outbox(page)).filter((m) => m.recordId === signalId);
  expect(mutations.map((m) => m.kind)).toEqual(['create', 'update']);
  expect(Object.keys(mutations[1]!.changes).sort()).toEqual(['description', 'seriousness', 'theme']);
  expect(mutations[1]!.changes).toMatchObject({ theme: 'thuissituatie', seriousness: 'acuut' });
  await pupilPage.expectStatus('Online', '3 wijzigingen wachten op synchronisatie');

  // Opening and saving without a change writes nothing.
  await pupilPage.openLink(edited).click();
  await form.expectShown();
  await form.save();
  await pupilPage.expectShown();
  expect((await outbox(page)).filter((m) => m.recordId === signalId)).toHaveLength(2);
});

test('archiving a record is behind the card menu, and its undo still works after 30 seconds (no clock on it)', async ({ page }) => {
  // The page's clock is Playwright's: 30 seconds pass in one step, never a sleep.
  await page.clock.install();
  const pupilPage = await pupilWithSignal(page);
  const signalId = (await outbox(page)).find((m) => m.entity === 'signal')!.recordId;
  const signal = pupilPage.items('Signaal', 'Vaak te laat.');

  // No archive button on the card itself: it is in the "Meer" menu.
  await expect(pupilPage.archiveButton(signal, 'Signaal')).toBeHidden();
  await pupilPage.archive(signal, 'Signaal');
  const notice = pupilPage.undoNotice;
  await expect(notice).toContainText('Signaal gearchiveerd');
  await expect(signal).toHaveCount(0);
  await expect(pupilPage.emptyTimeline).toBeVisible();

  await page.clock.fastForward('00:30');
  await expect(notice).toContainText('Signaal gearchiveerd');
  await notice.getByRole('button', { name: 'Ongedaan maken' }).click();
  await expect(signal).toHaveCount(1);
  await expect(signal.getByText('Gearchiveerd', { exact: true })).toHaveCount(0);
  await expect(notice).toHaveCount(0);

  // Archive again and leave it: it is hidden, but kept, and can be put back.
  await pupilPage.archive(signal, 'Signaal');
  await notice.getByRole('button', { name: 'Sluiten melding' }).click();
  await expect(notice).toHaveCount(0);
  await expect(signal).toHaveCount(0);
  await pupilPage.showArchived.check();
  await expect(signal).toHaveCount(1);
  await expect(signal.getByText('Gearchiveerd', { exact: true })).toBeVisible();
  await signal.getByRole('button', { name: 'Terugzetten' }).click();
  await expect(signal.getByText('Gearchiveerd', { exact: true })).toHaveCount(0);
  await expect(pupilPage.moreMenu(signal, 'Signaal')).toBeVisible();

  const mutations = (await outbox(page)).filter((m) => m.recordId === signalId);
  expect(mutations.map((m) => [m.kind, m.changes.deleted])).toEqual([
    ['create', undefined],
    ['update', true],
    ['update', false],
    ['update', true],
    ['update', false],
  ]);
});

test('pupils are found by initials and by group, and narrowed by school', async ({ page }) => {
  await addPupil(page, ab);
  await addPupil(page, { school: schools.vuurvogel.option, initials: 'Bram', group: 'groep 5', birthYear: '2017' });
  await addPupil(page, { school: schools.meerwende.option, initials: 'CdJ', group: '2 havo', birthYear: '2013' });

  const pupils = await new PupilsPage(page).open();
  await expect(pupils.resultCount).toHaveText('3 leerlingen');
  // Sorted by initials.
  await expect(pupils.results).toHaveText([/^AB\s*groep 7 · OBS De Springplank · 2015/, /^Bram/, /^CdJ/]);

  await pupils.search.fill('ab');
  await expect(pupils.resultCount).toHaveText('1 leerling');
  await expect(pupils.results).toHaveText([/^AB/]);

  await pupils.search.fill('groep');
  await expect(pupils.results).toHaveText([/^AB/, /^Bram/]);

  await pupils.search.fill('HAVO');
  await expect(pupils.results).toHaveText([/^CdJ\s*2 havo · Meerwende College/]);

  await pupils.search.fill('xyz');
  await expect(pupils.resultCount).toHaveText('Geen leerlingen gevonden met deze zoekopdracht.');
  await expect(pupils.results).toHaveCount(0);

  await pupils.search.fill('');
  await pupils.school.selectOption({ label: schools.vuurvogel.name });
  await expect(pupils.results).toHaveText([/^Bram/]);
  await pupils.search.fill('groep 7');
  await expect(pupils.resultCount).toHaveText('Geen leerlingen gevonden met deze zoekopdracht.');
  await pupils.school.selectOption({ label: 'Alle scholen' });
  await expect(pupils.results).toHaveText([/^AB/]);

  // A tap on a pupil opens its page (without a page transition); "Terug" returns to the list.
  await pupils.pupil('AB').click();
  const pupilPage = new PupilPage(page, 'AB');
  await pupilPage.expectShown();
  await pupilPage.backButton.click();
  await pupils.expectShown();
  await expect(pupils.results).toHaveText([/^AB/]); // the search is kept
  await pupils.pupil('AB').click();
  await pupilPage.expectShown();
});

test('registraties are filtered by school, theme and date range', async ({ page }) => {
  await recordSignal(
    page,
    {
      school: schools.springplank.option,
      pupil: { initials: 'Fi', group: 'groep 8', birthYear: '2014' },
      theme: 'Verzuim',
      seriousness: 'Zorg',
      source: 'Ouder',
      description: 'Signaal A verzuim.',
      date: dates.early,
    },
    'Fi',
  );
  await recordSignal(
    page,
    {
      school: schools.vuurvogel.option,
      pupil: { initials: 'Gijs', group: 'groep 3', birthYear: '2019' },
      theme: 'Gedrag',
      seriousness: 'Zorgelijk',
      source: 'Leerkracht',
      description: 'Signaal B gedrag.',
      date: dates.late,
    },
    'Gijs',
  );
  // An anonymous contactmoment and consultation: no pupil named.
  const contact = await new ContactFormPage(page).open();
  await contact.fill({
    school: schools.springplank.option,
    withWhom: "IB'er",
    channel: 'MDO/ZAT-overleg',
    date: dates.middle,
    summary: 'Contact C in het MDO.',
  });
  await contact.save();
  await new TodayPage(page).expectShown();
  const consultation = await new ConsultationFormPage(page).open();
  await consultation.fill({ school: schools.meerwende.option, withWhom: 'Anders', question: 'Consultatie D anoniem.', date: dates.middle });
  await consultation.save();
  const consultations = new ConsultationsPage(page);
  await consultations.expectShown();
  await expect(consultations.list.getByRole('listitem')).toHaveText([
    /^Consultatie.* Anoniem · Anders Meerwende College Consultatie D anoniem\./,
  ]);

  const list = await new RecordsPage(page).open();
  await list.setRange('2026-01-01', '2026-01-31');
  await expect(list.resultCount).toHaveText('4 registraties');
  // Newest first; on the same date the last recorded first.
  await expect(list.items).toHaveText([/Signaal B gedrag\./, /Consultatie D anoniem\./, /Contact C in het MDO\./, /Signaal A verzuim\./]);
  // Whom and where each one is about (Sanne works at three schools).
  await expect(list.items.locator('.record-title')).toHaveText([
    /^Gijs · groep 3 · Gedrag/,
    /^Anoniem · Anders/,
    /^Zonder leerling · /,
    /^Fi · groep 8 · Verzuim/,
  ]);
  await expect(list.items.locator('.record-school')).toHaveText([
    schools.vuurvogel.name,
    schools.meerwende.name,
    schools.springplank.name,
    schools.springplank.name,
  ]);

  await list.filter('School').selectOption({ label: schools.springplank.name });
  await expect(list.items).toHaveText([/Contact C in het MDO\./, /Signaal A verzuim\./]);

  // A theme shows signals only.
  await list.filter('Thema').selectOption({ label: 'Verzuim' });
  await expect(list.resultCount).toHaveText('1 registratie');
  await expect(list.items).toHaveText([/Signaal A verzuim\./]);
  await list.filter('Thema').selectOption({ label: 'Gedrag' });
  await expect(list.resultCount).toHaveText('0 registraties');
  await expect(list.view.getByText('Geen registraties met deze filters.')).toBeVisible();
  await list.filter('School').selectOption({ label: 'Alle scholen' });
  await expect(list.items).toHaveText([/Signaal B gedrag\./]);

  await list.filter('Thema').selectOption({ label: "Alle thema's" });
  await list.setRange('2026-01-10', '2026-01-15');
  await expect(list.items).toHaveText([/Consultatie D anoniem\./, /Contact C in het MDO\./]);
  // Both ends of the range are included.
  await list.setRange(dates.late, dates.late);
  await expect(list.items).toHaveText([/Signaal B gedrag\./]);
  await list.setRange(dates.early, dates.middle);
  await expect(list.resultCount).toHaveText('3 registraties');
});

test('two taps on "Opslaan" before the screen changes save the signal once', async ({ page }) => {
  const pupilPage = await addPupil(page, ab);
  await pupilPage.quickAction('+ Signaal').click();
  const form = new SignalFormPage(page);
  await form.expectShown();
  await form.fill({ theme: 'Verzuim', seriousness: 'Zorg', source: 'Leerkracht', description: 'Twee keer getikt.', date: dates.middle });
  // A fast double tap: both clicks reach the form before React renders anything in between.
  await form.saveButton.evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });
  await pupilPage.expectShown();
  await expect(pupilPage.items('Signaal', 'Twee keer getikt.')).toHaveCount(1);
  await expect.poll(async () => (await outbox(page)).filter((m) => m.entity === 'signal').length).toBe(1);
});
