import { expect, test } from './support/fixtures';
import { ContactFormPage } from './pages/ContactFormPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { dates, schools } from './support/data';
import { saveSignal } from './support/flows';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { outbox, waitingText } from './support/storage';

test('records a signal online and a contactmoment offline; both survive offline reloads and wait in the outbox', async ({
  page,
  context,
}) => {
  const today = await new TodayPage(page).open();
  await today.expectStatus('Online', waitingText(0));

  // Online: a signal about a pupil who is not on this device yet, added in the same form.
  await today.quickAction('+ Signaal').click();
  const signalForm = new SignalFormPage(page);
  await signalForm.expectShown();
  const pupilPage = await saveSignal(
    signalForm,
    {
      school: schools.springplank.option,
      pupil: { initials: 'JvD', group: 'groep 6', birthYear: '2016' },
      theme: 'Verzuim',
      seriousness: 'Zorgelijk',
      source: 'Leerkracht',
      description: 'Mist vaak het eerste uur.',
      date: dates.middle,
    },
    'JvD',
  );
  await expect(pupilPage.toast('Signaal opgeslagen')).toBeVisible();
  await expect(pupilPage.items('Signaal', 'Mist vaak het eerste uur.')).toHaveCount(1);
  const pupilId = pupilPage.pupilId();

  // A new pupil and a signal are two changes: the pupil is synced as a record of its own.
  const afterSignal = await outbox(page);
  expect(afterSignal.map((m) => `${m.entity}:${m.kind}`)).toEqual(['pupil:create', 'signal:create']);
  expect(afterSignal[0]?.recordId).toBe(pupilId);
  expect(afterSignal[1]?.changes.pupilId).toBe(pupilId);
  await pupilPage.expectStatus('Online', waitingText(2));

  await waitForServiceWorkerControl(page);

  // Offline: the app shell comes from the service worker, the signal from IndexedDB.
  await context.setOffline(true);
  await page.reload();
  await pupilPage.expectShown();
  await pupilPage.expectStatus('Offline', waitingText(2));
  await expect(pupilPage.items('Signaal', 'Mist vaak het eerste uur.')).toHaveCount(1);

  // Still offline: a contactmoment for this pupil, from the pupil's page.
  await pupilPage.quickAction('+ Contactmoment').click();
  const contactForm = new ContactFormPage(page);
  await contactForm.expectShown();
  await expect(contactForm.selected('School')).toHaveText(schools.springplank.option);
  await expect(contactForm.selected('Leerling')).toHaveText('JvD · groep 6');
  await contactForm.fill({
    withWhom: 'Ouder/verzorger',
    channel: 'Telefonisch',
    date: dates.late,
    time: '10:30',
    minutes: '20',
    summary: 'Moeder gebeld over het verzuim.',
  });
  await contactForm.save();
  await pupilPage.expectShown();
  await expect(pupilPage.toast('Contactmoment opgeslagen')).toBeVisible();

  // Reload offline once more: both records are there, newest first.
  await page.reload();
  await pupilPage.expectShown();
  await expect(pupilPage.timelineItems).toHaveCount(2);
  await expect(pupilPage.timelineItems).toHaveText([
    /^Contactmoment.*Moeder gebeld over het verzuim\./,
    /^Signaal.*Mist vaak het eerste uur\./,
  ]);

  // The strip shows exactly what the outbox holds: pupil + signal + contactmoment = 3.
  const afterContact = await outbox(page);
  expect(afterContact.map((m) => `${m.entity}:${m.kind}`)).toEqual(['pupil:create', 'signal:create', 'contact:create']);
  expect(afterContact[2]?.changes.pupilId).toBe(pupilId);
  await pupilPage.expectStatus('Offline', waitingText(afterContact.length));
  await expect(pupilPage.statusLine).toHaveText('Offline · 3 wijzigingen wachten op synchronisatie');

  // Back online: the strip says so (nothing is pushed yet: there is no server in these tests).
  await context.setOffline(false);
  await pupilPage.expectStatus('Online', waitingText(3));
});
