import { expect, test } from './support/fixtures';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ContactPersonsPage } from './pages/ContactPersonsPage';
import { PupilFormPage } from './pages/PupilFormPage';
import { PupilsPage } from './pages/PupilsPage';
import { RecordsPage } from './pages/RecordsPage';
import { SettingsPage } from './pages/SettingsPage';
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

test.describe('a screen whose code cannot be fetched', () => {
  // Without the service worker's precache: the chunk comes from the network, which fails here.
  test.use({ serviceWorkers: 'block' });

  test('says so in Dutch with "Opnieuw proberen", and opens once the code arrives', async ({ page }) => {
    let blocked = true;
    await page.route(/\/assets\/ContactPersonsPage-[^/]+\.js$/, (route) =>
      blocked ? route.abort('internetdisconnected') : route.continue(),
    );
    const today = await new TodayPage(page).open();
    await today.tab('Contactpersonen').click();
    const failed = page.getByRole('alert').filter({ hasText: 'Dit scherm kon niet worden geladen' });
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('Controleer je verbinding en probeer het opnieuw.');

    blocked = false;
    await failed.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await new ContactPersonsPage(page).expectShown();
    await expect(failed).toHaveCount(0);
  });
});
