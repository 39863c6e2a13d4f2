import { test as syncTest } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { demo, expect, logInAs, test } from './support/fixtures';
import { axeFindings, horizontalOverflow, seriousOrWorse } from './support/a11y';
import { schools } from './support/data';
import { addPupil } from './support/flows';
import { readStore } from './support/storage';

/**
 * Verzuim on the jeugdprofessional's phone (sync blocked, fixtures.ts): a pupil crosses 16 hours of
 * ongeoorloofd verzuim, the route is followed to a plan and a return to school. Then the demo's
 * leerplichtambtenaar of Huizen, with real sync, sees only what is theirs.
 */

const amsterdam = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(d);
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = amsterdam(new Date());
/** Monday of last week: its weekdays are school days in the past, inside the last four lesweken. */
const lastMonday = addDays(today, -7 - ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7));

async function look(page: Page, info: TestInfo, screen: string) {
  expect(seriousOrWorse(await axeFindings(page, screen, info))).toEqual([]);
  const view = page.locator('.ion-page:not(.ion-page-hidden)').last();
  const overflow = await horizontalOverflow(view);
  expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
  await page.screenshot({ path: join(info.outputDir, `${screen}.png`), fullPage: true });
}

async function recordAbsence(view: Locator, from: string, hours: string) {
  const form = view.getByRole('form', { name: 'Verzuim vastleggen' });
  await form.getByLabel(/^Soort/).selectOption('ongeoorloofd');
  await form.getByLabel(/^Eerste dag/).fill(from);
  await form.getByLabel(/^Laatste dag/).fill(from);
  await form.getByLabel(/^Gemiste lesuren/).fill(hours);
  await form.getByRole('button', { name: 'Verzuim opslaan' }).click();
  await expect(
    view
      .getByRole('list')
      .filter({ hasText: 'Ongeoorloofd verzuim' })
      .getByText(new RegExp(`, ${hours} uur`)),
  ).toHaveCount(1);
}

async function setStep(view: Locator, title: string, values: { status?: 'Gedaan' | 'Overgeslagen'; who?: string; note: string }) {
  const step = view.getByRole('listitem').filter({ has: view.page().getByRole('heading', { name: title, exact: true }) });
  await step.getByRole('button', { name: `${title}: vastleggen` }).click();
  const form = step.getByRole('form', { name: `${title} vastleggen` });
  if (values.status === 'Overgeslagen') await form.getByRole('radio', { name: 'Overgeslagen' }).check();
  if (values.who) await form.getByLabel(/^(Wie|Naam leerplichtambtenaar)/).fill(values.who);
  await form.getByLabel(/^(Notitie|Reden)/).fill(values.note);
  await form.getByRole('button', { name: 'Stap opslaan' }).click();
  await expect(step).toContainText(values.status === 'Overgeslagen' ? 'Overgeslagen op' : 'Gedaan op');
  return step;
}

test('a pupil crosses 16 hours; the route goes through its steps to a plan and back to school', async ({ page }, info) => {
  // A long flow (three entries, six steps, a plan and an outcome): more time, not a longer wait per step.
  test.slow();
  const pupilPage = await addPupil(page, { school: schools.springplank.option, initials: 'VR', group: 'groep 7', birthYear: '2015' });
  await pupilPage.view.getByRole('link', { name: 'Verzuim en route' }).click();
  const view = page.locator('.ion-page:not(.ion-page-hidden)').last();
  await expect(view.getByRole('heading', { name: 'Verzuim en route', level: 1 })).toBeVisible();
  await expect(view.getByText('Nog geen verzuim vastgelegd.')).toBeVisible();

  // A skipped field or a wrong order of dates is refused with a Dutch message.
  const form = view.getByRole('form', { name: 'Verzuim vastleggen' });
  await form.getByLabel(/^Eerste dag/).fill(addDays(lastMonday, 1));
  await form.getByLabel(/^Laatste dag/).fill(lastMonday);
  await form.getByRole('button', { name: 'Verzuim opslaan' }).click();
  await expect(form.getByLabel(/^Laatste dag/)).toHaveAccessibleDescription(/De laatste dag ligt niet vóór de eerste dag/);

  // 15 hours in the last lesweken: nothing yet. The 16th hour: report to leerplicht.
  await recordAbsence(view, lastMonday, '8');
  await recordAbsence(view, addDays(lastMonday, 1), '7');
  await expect(view.getByRole('heading', { name: 'Signalen uit het verzuimprotocol' })).toHaveCount(0);
  await recordAbsence(view, addDays(lastMonday, 2), '1');
  const thresholds = view.getByRole('region', { name: 'Signalen uit het verzuimprotocol' });
  await expect(thresholds).toContainText('16 uur ongeoorloofd verzuim: melden bij leerplicht (DUO)');
  await expect(thresholds).toContainText('Volgende stap: Melding bij leerplicht (DUO) gedaan.');

  // Vandaag names the pupil and the next step.
  await page.getByRole('tab', { name: 'Vandaag' }).click();
  const today$ = page.getByRole('region', { name: 'Verzuim: volgende stap' });
  await expect(today$.getByRole('link', { name: /VR/ })).toContainText('Volgende stap: Route starten');
  await today$.getByRole('link', { name: /VR/ }).click();

  const route = page.locator('.ion-page:not(.ion-page-hidden)').last();
  await route.getByRole('button', { name: 'Route starten' }).click();
  await setStep(route, 'Gesprek school en ouders', { note: 'Gesprek met vader; afspraken over de ochtenden.' });
  await setStep(route, 'Melding bij leerplicht (DUO) gedaan', { note: 'Gemeld in het verzuimregister.' });
  await expect(route.getByRole('region', { name: 'Signalen uit het verzuimprotocol' })).toContainText(
    'Stap "Melding bij leerplicht (DUO) gedaan" is gedaan.',
  );
  // A skipped step needs its reason.
  const jeugdarts = route.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Jeugdarts (MAZL)', exact: true }) });
  await jeugdarts.getByRole('button', { name: 'Jeugdarts (MAZL): vastleggen' }).click();
  await jeugdarts.getByRole('radio', { name: 'Overgeslagen' }).check();
  await jeugdarts.getByRole('button', { name: 'Stap opslaan' }).click();
  await expect(jeugdarts.getByLabel(/^Reden/)).toHaveAccessibleDescription('Vul in waarom deze stap wordt overgeslagen');
  await jeugdarts.getByLabel(/^Reden/).fill('Geen ziekteverzuim.');
  await jeugdarts.getByRole('button', { name: 'Stap opslaan' }).click();
  await expect(jeugdarts).toContainText('Reden: Geen ziekteverzuim.');
  await setStep(route, 'Leerplicht betrokken', { who: 'Karin Smit', note: 'Leerplicht voert een gesprek met de ouders.' });
  await setStep(route, 'Thuiszittersoverleg samenwerkingsverband', { status: 'Overgeslagen', note: 'Niet nodig: geen thuiszitter.' });

  // The plan: back to school, a temporary offer, who coordinates, a review date.
  const plan = route.getByRole('form', { name: 'Plan bijwerken' });
  await plan.getByRole('radio', { name: 'Terug op school' }).check();
  await plan.getByLabel(/^Tijdelijk aanbod/).fill('Eerst drie ochtenden per week, met de mentor als vast aanspreekpunt.');
  await plan.getByLabel(/^Wie coördineert/).fill('Sanne de Vries');
  await plan.getByLabel(/^Evaluatiedatum toevoegen/).fill(addDays(today, 14));
  await plan.getByRole('button', { name: 'Plan opslaan' }).click();
  const facts = route.getByRole('region', { name: 'Plan terug naar school' });
  await expect(facts).toContainText('DoelTerug op school');
  await expect(facts).toContainText('Eerst drie ochtenden per week');
  await setStep(route, 'Plan terug naar school', { note: 'Plan met ouders en leerplicht besproken.' });
  await look(page, info, 'verzuimroute-plan');

  // The outcome: back at school, which school and how many hours.
  const outcome = route.getByRole('form', { name: 'Uitkomst vastleggen' });
  await outcome.getByRole('radio', { name: 'Terug op school' }).check();
  await outcome.getByRole('button', { name: 'Route afsluiten' }).click();
  await expect(outcome.getByLabel(/^Welke school/)).toHaveAccessibleDescription('Vul in op welke school');
  await outcome.getByLabel(/^Welke school/).fill('OBS De Springplank');
  await outcome.getByLabel(/^Lesuren per week/).fill('12');
  await outcome.getByRole('button', { name: 'Route afsluiten' }).click();
  await expect(route.getByRole('status').filter({ hasText: 'Route afgesloten op' })).toContainText(
    'Terug op school, OBS De Springplank, 12 uur per week.',
  );
  await expect(route.getByRole('form', { name: 'Uitkomst vastleggen' })).toHaveCount(0);

  // Stored as kengetallen count it: the outcome, its date, the school and the hours.
  const stored = await readStore<Record<string, unknown>>(page, 'verzuimroutes');
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    outcome: 'terug_op_school',
    outcomeDate: today,
    outcomeSchool: 'OBS De Springplank',
    outcomeHours: 12,
    planGoal: 'terug_op_school',
  });
  await look(page, info, 'verzuimroute-afgesloten');

  // Vandaag has nothing left to do for this pupil.
  await page.getByRole('tab', { name: 'Vandaag' }).click();
  await expect(page.getByRole('region', { name: 'Verzuim: volgende stap' }).getByRole('link', { name: /VR/ })).toHaveCount(0);
});

syncTest(
  'the leerplichtambtenaar of Huizen sees only the pupils whose route involves leerplicht, and writes only their steps',
  async ({ page }, info) => {
    syncTest.slow();
    await logInAs(page, demo.leerplichtHuizen);
    const list = page.getByRole('list', { name: 'Leerlingen met verzuim' });
    // Daan at OBS De Springplank (Huizen) was reported to leerplicht; L.M. was only ill; Hilversum's thuiszitter is another gemeente's.
    await expect(list.getByRole('link', { name: /Daan/ })).toContainText('OBS De Springplank');
    await expect(list.getByRole('link')).toHaveCount(1);
    await expect(list.getByRole('link', { name: /Daan/ })).toContainText('Open: Jeugdarts (MAZL)');
    await look(page, info, 'leerplicht-lijst');

    // Nothing of the casework is on this phone: no signals, contacts, consultations, Meldcode or notes.
    for (const store of ['signals', 'contacts', 'consultations', 'meldcodes', 'consultationNotes', 'consultationRequests']) {
      expect(await readStore(page, store), store).toEqual([]);
    }
    expect(((await readStore(page, 'pupils')) as unknown[]).length).toBe(1);

    await list.getByRole('link', { name: /Daan/ }).click();
    const route = page.locator('.ion-page:not(.ion-page-hidden)').last();
    await expect(route.getByRole('heading', { name: 'Verzuim en route', level: 1 })).toBeVisible();
    await expect(route.getByRole('region', { name: 'Verzuim', exact: true })).toContainText('Ongeoorloofd verzuim');
    // The school's steps and the plan are not theirs to set; leerplicht's steps are.
    await expect(route.getByRole('button', { name: 'Jeugdarts (MAZL): vastleggen' })).toHaveCount(0);
    await expect(route.getByRole('form', { name: 'Verzuim vastleggen' })).toHaveCount(0);
    await expect(route.getByRole('form', { name: 'Plan bijwerken' })).toHaveCount(0);
    await setStep(route, 'Leerplicht betrokken', { who: 'Karin Smit', note: 'Huisbezoek gepland.' });
    await look(page, info, 'leerplicht-route');

    // The step reaches the service: the outbox empties, nothing is refused.
    await expect.poll(async () => ((await readStore(page, 'outbox')) as unknown[]).length, { timeout: 30_000 }).toBe(0);
    expect(await readStore(page, 'rejected')).toEqual([]);
  },
);

syncTest('the beheerder sets the numbers of the regional verzuimprotocol; a wrong number is named at its field', async ({ page }, info) => {
  syncTest.slow();
  await logInAs(page, demo.beheer);
  const form = page.getByRole('form', { name: 'Verzuimprotocol van de regio' });
  const hours = form.getByLabel(/^Melden bij leerplicht na zoveel uur/);
  await expect(hours).toHaveValue('16');
  await hours.fill('0');
  await form.getByRole('button', { name: 'Getallen opslaan' }).click();
  await expect(hours).toHaveAccessibleDescription('Kies een heel getal van 1 tot 80');
  await expect(hours).toBeFocused();
  // Restored after the check: other tests of this run read the region's numbers.
  await hours.fill('16');
  await form.getByLabel(/^Herinnering als een stap/).fill('10');
  await form.getByRole('button', { name: 'Getallen opslaan' }).click();
  await expect(form.getByRole('status')).toHaveText(/^Opgeslagen: de toestellen nemen de getallen over/);
  await form.scrollIntoViewIfNeeded();
  await look(page, info, 'beheer-verzuimprotocol');
});
