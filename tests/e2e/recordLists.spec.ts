import { expect, test as synced } from '@playwright/test';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ContactFormPage } from './pages/ContactFormPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { schools } from './support/data';
import { logIn, test } from './support/fixtures';

// Lists of records of several pupils say whom and which school each one is about (the demo's
// jeugdprofessional works at three schools), and the quick actions on Vandaag start a new record at
// the school of today.

/** A Wednesday (De Springplank, presence days ma and wo) and a Saturday, in Amsterdam. */
const WEDNESDAY = new Date('2026-11-11T09:00:00+01:00');
const SATURDAY = new Date('2026-11-14T09:00:00+01:00');

// With sync: the demo's records (src/server/demo.ts) come in from the central service.
synced('Vandaag and Consultaties name the pupil and the school of each record', async ({ page }) => {
  await logIn(page);
  const today = await new TodayPage(page).open();
  // J.P.'s veiligheid signal, due a week ago (demoSchoolSide.ts meldcodeRecords).
  await expect(today.followUpItems.filter({ hasText: 'Blauwe plekken' })).toHaveAccessibleName(
    /^Signaal.* J\.P\. · groep 4 · Veiligheid · Zorgelijk OBS De Springplank Te laat/,
  );

  // The same question at each of the three schools, once about a pupil of each: now told apart.
  const consultations = new ConsultationsPage(page);
  await today.tab('Consultaties').click();
  await consultations.expectShown();
  const father = consultations.items.filter({ hasText: 'Vader vraagt waar hij terecht kan' });
  await expect(father).toHaveCount(3);
  const names = (
    await father.evaluateAll((links) =>
      links.map((a) => `${a.querySelector('.record-title')?.textContent} | ${a.querySelector('.record-school')?.textContent?.trim()}`),
    )
  ).sort();
  expect(names).toEqual([
    'Jesse · 1 mavo · Ouder/verzorger | Meerwende College',
    'Noor · groep 8 · Ouder/verzorger | KBS De Vuurvogel',
    'Noor · groep 8 · Ouder/verzorger | OBS De Springplank',
  ]);
  await expect(father.first()).toHaveAccessibleName(
    /^Consultatie.* (Jesse|Noor) · .* · Ouder\/verzorger (Meerwende College|KBS De Vuurvogel|OBS De Springplank) Vader vraagt/,
  );
  // The anonymous one says so.
  await expect(consultations.items.filter({ hasText: 'wanneer is dit de Meldcode' }).first()).toHaveAccessibleName(
    / Anoniem · Leerkracht /,
  );
});

// Also the quick actions' own test (it was in navigation.spec): each opens its form, "Terug" returns.
test('on a school day the quick actions start the forms at today\'s school, and "Terug" returns to Vandaag', async ({ page }) => {
  await page.clock.setFixedTime(WEDNESDAY);
  const today = await new TodayPage(page).open();
  await expect(today.schoolsToday).toHaveText(`Vandaag op school: ${schools.springplank.name}`);
  const forms = [
    ['+ Signaal', new SignalFormPage(page)],
    ['+ Contactmoment', new ContactFormPage(page)],
    ['+ Consultatie', new ConsultationFormPage(page)],
  ] as const;
  for (const [action, form] of forms) {
    await today.quickAction(action).click();
    await form.expectShown();
    await expect(form.selected('School')).toHaveText(schools.springplank.option);
    await form.backButton.click();
    await today.expectShown();
  }
});

test('on a day without school the forms ask "Kies een school"', async ({ page }) => {
  await page.clock.setFixedTime(SATURDAY);
  const today = await new TodayPage(page).open();
  await expect(today.schoolsToday).toHaveText('Vandaag sta je op geen school ingeroosterd.');
  await today.quickAction('+ Signaal').click();
  const form = new SignalFormPage(page);
  await form.expectShown();
  await expect(form.selected('School')).toHaveText('Kies een school');
});
