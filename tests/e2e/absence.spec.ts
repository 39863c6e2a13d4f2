import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { PupilFormPage } from './pages/PupilFormPage';
import { PupilsPage } from './pages/PupilsPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { schools } from './support/data';
import { addPupil } from './support/flows';

/** Verzuim and thuiszitters on the pupil: the 28-day clock (absence.ts), counted in Amsterdam calendar days. */

const amsterdam = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(d);
const daysAgo = (n: number) => amsterdam(new Date(Date.now() - n * 86_400_000));
/** "20 oktober" (with the year when it is another year), as the pupil page writes it. */
function dutchDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  const sameYear = iso.slice(0, 4) === amsterdam(new Date()).slice(0, 4);
  return new Intl.DateTimeFormat('nl-NL', {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(d);
}

test('absent 5 weeks without vrijstelling: the pupil page flags a thuiszitter and says leerplicht is not yet involved', async ({
  page,
}, info) => {
  const pupilPage = await addPupil(page, { school: schools.springplank.option, initials: 'TZ', group: 'groep 8', birthYear: '2014' });
  const summary = pupilPage.view.getByRole('region', { name: /^Verzuim/ });
  await expect(summary).toHaveCount(0);

  await pupilPage.view.getByRole('link', { name: 'Gegevens wijzigen' }).click();
  const form = new PupilFormPage(page, true);
  await form.expectShown();
  await form.radio('Verzuim').check();
  await form.save();
  await form.expectFieldError(form.field('Afwezig sinds'), 'Vul in sinds wanneer de leerling afwezig is');

  const since = daysAgo(35);
  await form.field('Afwezig sinds').fill(since);
  await expect(form.group('Vrijstelling').getByRole('radio', { name: 'Nee' })).toBeChecked();
  await expect(form.group('Leerplicht betrokken').getByRole('radio', { name: 'Nee' })).toBeChecked();
  await form.save();
  await pupilPage.expectShown();

  await expect(summary).toContainText(`Afwezig sinds ${dutchDate(since)}: 36 dagen`);
  await expect(summary.getByText('Thuiszitter', { exact: true }).first()).toBeVisible();
  await expect(summary).toContainText('langer dan 4 weken afwezig zonder vrijstelling');
  await expect(summary.getByText('Leerplicht is nog niet betrokken')).toHaveClass(/is-warning/);
  expect(seriousOrWorse(await axeFindings(page, 'leerling-afwezig', info))).toEqual([]);
  await expect(page.locator('ion-toast')).toHaveCount(0, { timeout: 15_000 });
  await page.screenshot({ path: join(info.project.outputDir, 'screens', 'leerling-thuiszitter.png') });

  const list = await new PupilsPage(page).open();
  await expect(list.view.getByRole('link', { name: /^TZ Thuiszitter/ })).toBeVisible();
  await page.screenshot({ path: join(info.project.outputDir, 'screens', 'leerlingen-thuiszitter.png') });

  // Leerplicht is involved now, and the pupil has a vrijstelling: no longer a thuiszitter.
  await list.view.getByRole('link', { name: /^TZ Thuiszitter/ }).click();
  await pupilPage.expectShown();
  await pupilPage.view.getByRole('link', { name: 'Gegevens wijzigen' }).click();
  await form.expectShown();
  await form.group('Leerplicht betrokken').getByRole('radio', { name: 'Ja' }).check();
  await form.group('Vrijstelling').getByRole('radio', { name: 'Ja' }).check();
  await form.save();
  await pupilPage.expectShown();
  await expect(summary).toContainText('Leerplicht is betrokken');
  await expect(summary).toContainText('Er is een vrijstelling.');
  await expect(summary.getByText('Thuiszitter')).toHaveCount(0);
  await new PupilsPage(page).open();
  await expect(page.getByRole('link', { name: /^TZ Verzuim/ })).toBeVisible();
});

test('absent 3 weeks is verzuim, not yet thuiszitter', async ({ page }) => {
  const pupilPage = await addPupil(page, { school: schools.springplank.option, initials: 'VZ', group: 'groep 5', birthYear: '2017' });
  await pupilPage.view.getByRole('link', { name: 'Gegevens wijzigen' }).click();
  const form = new PupilFormPage(page, true);
  await form.expectShown();
  await form.radio('Verzuim').check();
  await form.field('Afwezig sinds').fill(daysAgo(20));
  await form.save();
  await pupilPage.expectShown();
  const summary = pupilPage.view.getByRole('region', { name: 'Verzuim' });
  await expect(summary).toContainText(': 21 dagen');
  await expect(summary.getByText('Thuiszitter')).toHaveCount(0);
  await expect(summary.getByText('Leerplicht is nog niet betrokken')).not.toHaveClass(/is-warning/);
});
