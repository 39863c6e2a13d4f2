import { expect, test } from './support/fixtures';
import { join } from 'node:path';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ContactFormPage } from './pages/ContactFormPage';
import { ContactPersonsPage } from './pages/ContactPersonsPage';
import { PupilPage } from './pages/PupilPage';
import { PupilsPage } from './pages/PupilsPage';
import type { Screen } from './pages/Screen';
import { SettingsPage } from './pages/SettingsPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { dates, schools } from './support/data';
import { addPupil, pupilWithSignal } from './support/flows';

// Phone-size pictures of every main screen, with some data in them, for a person to look at:
// test-results/screens/*.png (390 x 844 CSS px, 1 device pixel per CSS pixel).
test.use({ deviceScaleFactor: 1 });

test('screenshots of the main screens', async ({ page }, testInfo) => {
  // One test walks every main screen, with a full-cost PIN unlock (Argon2id): more than the default
  // minute on a busy two-core runner, though each step has its own expect timeout.
  test.slow();
  const shoot = async (name: string, screen: Screen) => {
    await screen.expectShown();
    // Toasts from saving fade out; the picture shows the screen itself.
    await expect(page.locator('ion-toast')).toHaveCount(0, { timeout: 15_000 });
    await page.screenshot({ path: join(testInfo.project.outputDir, 'screens', `${name}.png`) });
  };

  const pupilPage = await pupilWithSignal(page);
  const pupilId = pupilPage.pupilId();
  await pupilPage.quickAction('+ Contactmoment').click();
  const contact = new ContactFormPage(page);
  await contact.expectShown();
  await contact.fill({
    withWhom: 'Ouder/verzorger',
    channel: 'Huisbezoek',
    date: dates.late,
    summary: 'Huisbezoek met moeder; afspraak over op tijd naar bed.',
    followUp: dates.late,
  });
  await contact.save();
  await pupilPage.expectShown();
  await pupilPage.quickAction('+ Consultatie').click();
  const consultation = new ConsultationFormPage(page);
  await consultation.expectShown();
  await consultation.fill({
    withWhom: "IB'er / zorgcoördinator",
    question: 'Kan AB in de ochtend een rustige start krijgen?',
    advice: 'Eerste kwartier in de bieb laten beginnen.',
    date: dates.early,
  });
  await consultation.save();
  await pupilPage.expectShown();
  await addPupil(page, { school: schools.vuurvogel.option, initials: 'Bram', group: 'groep 5', birthYear: '2017' });

  await shoot('vandaag', await new TodayPage(page).open());
  await shoot('leerlingen', await new PupilsPage(page).open());
  await shoot('leerling', await new PupilPage(page, 'AB', pupilId).open());
  await shoot('consultaties', await new ConsultationsPage(page).open());
  await shoot('contactpersonen', await new ContactPersonsPage(page).open());
  await shoot('signaal-formulier', await new SignalFormPage(page).open());
  const withErrors = await new SignalFormPage(page).open();
  await withErrors.select('School', schools.springplank.option);
  await withErrors.save();
  await expect(withErrors.errorSummary.getByRole('listitem')).toHaveCount(5);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await withErrors.view.locator('ion-content').evaluate((c: HTMLElement & { scrollToTop(d: number): Promise<void> }) => c.scrollToTop(0));
  await shoot('signaal-formulier-fouten', withErrors);
  await shoot('contactmoment-formulier', await new ContactFormPage(page).open(`?leerling=${pupilId}`));
  await shoot('instellingen', await new SettingsPage(page).open());
});
