// The answer term of rights requests on the beheerder's Inzage tab (docs/rights.md): an open request
// shows "Antwoord uiterlijk …", a warning in its last week and "Termijn verlopen" after; an extension
// with its reason moves the date; a decision takes the request off the list. At 390 × 844, axe clean.
import { expect, test } from '@playwright/test';
import { addDays, addMonths, format, parseISO, subDays } from 'date-fns';
import { nl } from 'date-fns/locale/nl';
import { axeFindings, horizontalOverflow, seriousOrWorse } from './support/a11y';
import { addPupil, dossierCode, findOnInzage } from './support/flows';
import { schools } from './support/data';
import { demo, newDevice } from './support/fixtures';

/** Today as the browser (Europe/Amsterdam) counts it, so the test holds around midnight UTC too. */
const today = parseISO(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()));
const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const long = (d: Date) => format(d, 'd MMMM yyyy', { locale: nl });

test('open requests show their answer term, warn, flag overdue, and take an extension with its reason', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { page: phone } = await newDevice(browser, demo.sanne);
  await addPupil(phone, { school: schools.springplank.option, initials: `Tm${Date.now() % 1000}`, group: 'groep 5', birthYear: '2017' });
  const code = await dossierCode(phone);

  const { page: admin } = await newDevice(browser, demo.beheer);
  const content = await findOnInzage(admin, code);

  const form = content.locator('section', { has: admin.getByRole('heading', { name: 'Verzoek vastleggen' }) });
  async function record(kind: string, requestedOn: Date, what: string) {
    await form.getByRole('radio', { name: kind, exact: true }).check();
    await form.getByLabel('Gevraagd door').fill('moeder');
    await form.getByLabel('Datum van het verzoek').fill(iso(requestedOn));
    await form.getByLabel('Wat wordt er gevraagd').fill(what);
    await form.getByRole('radio', { name: 'Nog geen besluit' }).check();
    // Without a decision there is no reason to give.
    await expect(form.getByLabel('Reden van het besluit')).toHaveCount(0);
    await form.getByRole('button', { name: 'Verzoek vastleggen' }).click();
    await expect(form.getByRole('status')).toHaveText(
      `Vastgelegd. Het verzoek staat bij Open verzoeken. Antwoord uiterlijk ${long(addMonths(requestedOn, 1))}.`,
    );
  }
  const item = (kind: string) =>
    content.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: `${kind}, dossiercode ${code}` }) });

  // Asked 40 days ago: past the month. Asked 27 days ago: in its last week.
  const late = subDays(today, 40);
  const soon = subDays(today, 27);
  await record('Inzage', late, 'Alles wat over haar is vastgelegd');
  await record('Bezwaar', soon, 'Geen bespreking in het MDO zonder ons');

  const inzage = item('Inzage');
  await expect(inzage).toContainText(`Antwoord uiterlijk ${long(addMonths(late, 1))}`);
  await expect(inzage.getByText(/^Termijn verlopen \(\d+ dagen te laat\)$/)).toBeVisible();
  const bezwaar = item('Bezwaar');
  await expect(bezwaar).toContainText(`Antwoord uiterlijk ${long(addMonths(soon, 1))}`);
  await expect(bezwaar.getByText(/^Let op: nog \d (dag|dagen)$/)).toBeVisible();
  await expect(bezwaar).not.toContainText('Termijn verlopen');
  await content.getByRole('heading', { name: 'Open verzoeken' }).scrollIntoViewIfNeeded();
  await admin.screenshot({ path: testInfo.outputPath('verzoeken-termijn-390.png') });

  // Extending: not before the current term, and the reason is asked for.
  await inzage.getByRole('button', { name: 'Termijn verlengen' }).click();
  const extend = inzage.getByRole('form', { name: `Verlenging vastleggen: Inzage, ${code}` });
  await extend.getByLabel('Nieuwe datum').fill(iso(addMonths(late, 1)));
  await extend.getByRole('button', { name: 'Verlenging vastleggen' }).click();
  await expect(extend).toContainText(`Kies een datum na ${long(addMonths(late, 1))}`);
  await expect(extend).toContainText('Vul de reden van de verlenging in');
  const until = addDays(today, 20);
  await extend.getByLabel('Nieuwe datum').fill(iso(until));
  await extend.getByLabel('Reden van de verlenging').fill('Het dossier is groot; we lopen het samen met de school na');
  await extend.getByRole('button', { name: 'Verlenging vastleggen' }).click();
  await expect(content.getByRole('status').filter({ hasText: 'Termijn verlengd tot' })).toHaveText(
    `Termijn verlengd tot ${long(until)}. Vertel de vrager de nieuwe datum en de reden.`,
  );
  await expect(inzage).toContainText(`Antwoord uiterlijk ${long(until)}`);
  await expect(inzage).toContainText(
    `Termijn verlengd tot ${long(until)}. Reden: Het dossier is groot; we lopen het samen met de school na`,
  );
  await expect(inzage).not.toContainText('Termijn verlopen');
  // Done: the form closes.
  await expect(extend).toHaveCount(0);
  await inzage.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: testInfo.outputPath('verzoek-verlengd-390.png') });
  expect(seriousOrWorse(await axeFindings(admin, 'verzoeken-termijn', testInfo))).toEqual([]);
  await admin.setViewportSize({ width: 360, height: 740 });
  const overflow = await horizontalOverflow(content);
  expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
  await admin.setViewportSize({ width: 390, height: 844 });

  // Deciding takes it off the list.
  await bezwaar.getByRole('button', { name: 'Besluit vastleggen' }).click();
  const decide = bezwaar.getByRole('form', { name: `Besluit vastleggen: Bezwaar, ${code}` });
  await decide.getByRole('radio', { name: 'Toegekend', exact: true }).check();
  await decide.getByLabel('Reden van het besluit').fill('De leerling wordt anoniem besproken');
  await decide.getByRole('button', { name: 'Besluit vastleggen' }).click();
  await expect(content.getByRole('status').filter({ hasText: 'Vastgelegd' }).first()).toBeVisible();
  await expect(bezwaar).toHaveCount(0);
  await expect(inzage).toHaveCount(1);
});
