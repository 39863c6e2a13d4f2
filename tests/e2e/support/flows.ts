import { expect, type Page } from '@playwright/test';
import type { NewPupil } from '../pages/FormScreen';
import { PupilFormPage } from '../pages/PupilFormPage';
import { PupilPage } from '../pages/PupilPage';
import { SignalFormPage, type SignalInput } from '../pages/SignalFormPage';
import { dates, schools } from './data';

/**
 * Flows a test needs as a starting point, done through the screens like a user would. Each ends
 * on the screen the app navigates to after saving, and checks that screen is really shown.
 */

/** Add a pupil with the pupil form; ends on the new pupil's page. */
export async function addPupil(page: Page, pupil: NewPupil & { school: string }): Promise<PupilPage> {
  const form = await new PupilFormPage(page).open();
  await form.fill(pupil);
  await form.save();
  const pupilPage = new PupilPage(page, pupil.initials);
  await pupilPage.expectShown();
  await expect(pupilPage.toast('Leerling toegevoegd')).toBeVisible();
  return pupilPage;
}

/** Record a signal from an already open signal form; ends on the pupil's page. */
export async function saveSignal(form: SignalFormPage, input: SignalInput, initials: string): Promise<PupilPage> {
  await form.fill(input);
  await form.save();
  const pupilPage = new PupilPage(form.page, initials);
  await pupilPage.expectShown();
  return pupilPage;
}

/** Open /signaal/nieuw and record a signal; ends on the pupil's page. */
export async function recordSignal(page: Page, input: SignalInput, initials: string): Promise<PupilPage> {
  const form = await new SignalFormPage(page).open();
  return saveSignal(form, input, initials);
}

/**
 * Record a "Thuissituatie / Zorg" signal for a new pupil of De Springplank (groep 8), with the
 * given initials and description; ends on the pupil's page. The sync suites use it to make a record
 * that only this test knows.
 */
export function recordNewPupilSignal(page: Page, initials: string, description: string): Promise<PupilPage> {
  return recordSignal(
    page,
    {
      school: schools.springplank.option,
      pupil: { initials, group: 'groep 8', birthYear: '2014' },
      theme: 'Thuissituatie',
      seriousness: 'Zorg',
      source: 'Zelf waargenomen',
      description,
      date: dates.late,
    },
    initials,
  );
}

/** A pupil (AB, groep 7, De Springplank) with one signal recorded from the pupil's page. */
export const pupilAB = { school: schools.springplank.option, initials: 'AB', group: 'groep 7', birthYear: '2015' };

export async function pupilWithSignal(page: Page): Promise<PupilPage> {
  const pupilPage = await addPupil(page, pupilAB);
  await pupilPage.quickAction('+ Signaal').click();
  const form = new SignalFormPage(page);
  await form.expectShown();
  await expect(form.selected('Leerling')).toHaveText('AB · groep 7');
  await saveSignal(
    form,
    { theme: 'Verzuim', seriousness: 'Zorgelijk', source: 'Leerkracht', description: 'Vaak te laat.', date: dates.middle },
    'AB',
  );
  return pupilPage;
}

/** Waits for the code the service gave the pupil (it arrives with the pull after the save's push). */
export async function dossierCode(phone: Page): Promise<string> {
  const line = phone.locator('.dossier-number').filter({ hasText: 'Dossiercode' }).locator('visible=true');
  // Before the first sync the page says "volgt na synchroniseren"; the save starts one at once.
  await afterSync(phone, () => line.textContent()).toMatch(/Dossiercode: [2-9A-HJ-KM-NP-Z]{6}$/);
  return ((await line.textContent()) ?? '').slice(-6);
}

/** Polls `read` while nudging the phone to sync (an 'online' event starts one), for what a pull brings. */
export function afterSync<T>(phone: Page, read: () => Promise<T>) {
  return expect.poll(
    async () => {
      await phone.evaluate(() => window.dispatchEvent(new Event('online')));
      return read();
    },
    { timeout: 30_000 },
  );
}

/** The beheerder's Inzage tab with the pupil of this dossier code found; returns the screen's content. */
export async function findOnInzage(admin: Page, code: string) {
  await admin.goto('/beheer/inzage');
  const content = admin.locator('ion-content:visible');
  await content.getByLabel('Dossiercode').fill(code);
  await content.getByRole('button', { name: 'Zoeken' }).click();
  await expect(content.getByLabel('Gevonden leerling')).toContainText(code);
  return content;
}
