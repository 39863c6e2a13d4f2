import { test } from './support/fixtures';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ContactFormPage } from './pages/ContactFormPage';
import { ContactPersonsPage } from './pages/ContactPersonsPage';
import { PupilFormPage } from './pages/PupilFormPage';
import { PupilsPage } from './pages/PupilsPage';
import { RecordsPage } from './pages/RecordsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';

// Every screen reached by tapping, not by typing its address: the screen must really appear
// (Screen.expectShown also fails on a page Ionic left transparent).

test('the tabs show their screens, in any order, and back again', async ({ page }) => {
  const today = await new TodayPage(page).open();
  const pupils = new PupilsPage(page);
  const consultations = new ConsultationsPage(page);
  const contacts = new ContactPersonsPage(page);

  await today.tab('Leerlingen').click();
  await pupils.expectShown();
  await pupils.tab('Consultaties').click();
  await consultations.expectShown();
  await consultations.tab('Contactpersonen').click();
  await contacts.expectShown();
  await contacts.tab('Leerlingen').click();
  await pupils.expectShown();
  await pupils.tab('Vandaag').click();
  await today.expectShown();
});

test('quick actions open the forms, and "Terug" returns to Vandaag', async ({ page }) => {
  const today = await new TodayPage(page).open();
  const forms = [
    ['+ Signaal', new SignalFormPage(page)],
    ['+ Contactmoment', new ContactFormPage(page)],
    ['+ Consultatie', new ConsultationFormPage(page)],
  ] as const;
  for (const [action, form] of forms) {
    await today.quickAction(action).click();
    await form.expectShown();
    await form.backButton.click();
    await today.expectShown();
  }
});

test('links open Registraties, Instellingen, a new pupil and a new consultation', async ({ page }) => {
  const today = await new TodayPage(page).open();
  await today.allRecordsLink.click();
  const records = new RecordsPage(page);
  await records.expectShown();

  await records.settingsButton.click();
  await new SettingsPage(page).expectShown();

  await page.getByRole('tab', { name: 'Leerlingen' }).click();
  const pupils = new PupilsPage(page);
  await pupils.expectShown();
  await pupils.addPupil.click();
  await new PupilFormPage(page).expectShown();

  await page.getByRole('tab', { name: 'Consultaties' }).click();
  const consultations = new ConsultationsPage(page);
  await consultations.expectShown();
  await consultations.newConsultation.click();
  await new ConsultationFormPage(page).expectShown();
});
