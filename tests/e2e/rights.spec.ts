// Rights of parents and pupils in the browser (docs/rights.md): the dossier code reaches the pupil
// page after a sync; the beheerder finds the pupil by that code, makes the inzage document and opens
// it (looked at at 390 and 1280 wide); a jeugdprofessional of other schools asks for temporary access
// (break-the-glass), sees the banner, and the coordinator sees the grant. Real app, real service.
import { expect, test } from '@playwright/test';
import { axeFindings, horizontalOverflow, seriousOrWorse } from './support/a11y';
import { addPupil, afterSync, dossierCode, findOnInzage } from './support/flows';
import { schools } from './support/data';
import { demo, newDevice } from './support/fixtures';

test('the beheerder finds a pupil by dossier code, makes the inzage document and opens it', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { page: phone } = await newDevice(browser, demo.sanne);
  const initials = `Iz${Date.now() % 1000}`;
  await addPupil(phone, { school: schools.springplank.option, initials, group: 'groep 6', birthYear: '2016' });
  const code = await dossierCode(phone);
  await phone.screenshot({ path: testInfo.outputPath('leerling-dossiercode-390.png') });

  const { page: admin } = await newDevice(browser, demo.beheer);
  await admin
    .getByRole('tab', { name: 'Inzage' })
    .or(admin.getByRole('link', { name: 'Inzage' }))
    .first()
    .click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Inzage en verzoeken' })).toBeVisible();
  const content = admin.locator('ion-content:visible');
  // A wrong code first, then the code as read out on the phone: lower case, with a dash.
  await content.getByLabel('Dossiercode').fill('O0I1L');
  await content.getByRole('button', { name: 'Zoeken' }).click();
  await expect(content.getByText(/Vul een dossiercode van 6 tekens in/)).toBeVisible();
  await content.getByLabel('Dossiercode').fill(`${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`);
  await content.getByRole('button', { name: 'Zoeken' }).click();
  const card = content.getByLabel('Gevonden leerling');
  await expect(card).toContainText(initials);
  await expect(card).toContainText(`Dossiercode: ${code}`);

  await content.getByRole('button', { name: 'Document maken' }).click();
  await expect(content.getByText('Vul in voor wie je het document maakt', { exact: false })).toBeVisible();
  await content.getByLabel('Op verzoek van').fill('moeder, verzoek van 3 december');
  await content.getByRole('button', { name: 'Document maken' }).click();
  const open = content.getByRole('link', { name: 'Document openen (nieuw tabblad)' });
  await expect(open).toBeVisible();
  await admin.screenshot({ path: testInfo.outputPath('inzage-beheer-390.png'), fullPage: true });
  expect(seriousOrWorse(await axeFindings(admin, 'inzage-beheer', testInfo))).toEqual([]);
  await admin.setViewportSize({ width: 360, height: 740 });
  const overflow = await horizontalOverflow(content);
  expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);

  const [doc] = await Promise.all([admin.context().waitForEvent('page'), open.click()]);
  await doc.waitForLoadState();
  await expect(doc.getByRole('heading', { level: 1, name: 'Inzage in het dossier' })).toBeVisible();
  await expect(doc.locator('.region')).toHaveText(/^Regio Gooi en Vecht/);
  await expect(doc.locator('dl.head')).toContainText(code);
  await expect(doc.locator('dl.head')).toContainText(initials);
  await expect(doc.locator('dl.head')).toContainText('moeder, verzoek van 3 december');
  await expect(doc.getByRole('heading', { level: 2, name: 'Gegevens van de leerling' })).toBeVisible();
  const log = doc.getByRole('table').last();
  await expect(log).toContainText('Vastgelegd: leerling');
  await expect(log).toContainText('Gesynchroniseerd naar een toestel');
  await expect(log).toContainText('Opgezocht met de dossiercode');
  await expect(log).toContainText('Inzagedocument gemaakt om af te drukken');
  await doc.setViewportSize({ width: 390, height: 844 });
  await doc.screenshot({ path: testInfo.outputPath('inzage-document-390.png'), fullPage: true });
  expect(seriousOrWorse(await axeFindings(doc, 'inzage-document', testInfo))).toEqual([]);
  await doc.setViewportSize({ width: 1280, height: 900 });
  await doc.screenshot({ path: testInfo.outputPath('inzage-document-1280.png'), fullPage: true });
  // Printed on A4: page numbers come from the print stylesheet.
  const pdf = await doc.pdf({ format: 'A4', path: testInfo.outputPath('inzage-document.pdf') });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await admin.setViewportSize({ width: 1280, height: 900 });
  await admin.screenshot({ path: testInfo.outputPath('inzage-beheer-1280.png'), fullPage: true });
  expect(seriousOrWorse(await axeFindings(admin, 'inzage-beheer-1280', testInfo))).toEqual([]);
});

test('a jeugdprofessional covering for a colleague asks for access, sees the banner; the coordinator sees the grant', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { page: phone } = await newDevice(browser, demo.sanne);
  const initials = `Bg${Date.now() % 1000}`;
  await addPupil(phone, { school: schools.springplank.option, initials, group: 'groep 3', birthYear: '2019' });
  const code = await dossierCode(phone);

  // Ahmed works at three other schools.
  const { page: ahmed } = await newDevice(browser, { username: 'ahmed', password: demo.sanne.password, role: 'jeugdprofessional' });
  await ahmed.goto('/leerlingen');
  await ahmed.getByRole('link', { name: 'Collega vervangen? Vraag tijdelijke toegang tot een leerling' }).click();
  await expect(ahmed.getByRole('heading', { level: 1, name: 'Collega vervangen' })).toBeVisible();
  const content = ahmed.locator('ion-content:visible');
  await content.getByLabel('Dossiercode van de leerling').fill(code);
  await content.getByLabel('Reden').fill('Sanne is ziek; ik vervang haar deze week.');
  await content.getByRole('button', { name: 'Toegang vragen' }).click();
  await expect(content.getByText(/Je hebt toegang tot/)).toBeVisible();
  await expect(content.getByRole('list', { name: 'Tijdelijke toegang, nieuwste eerst' })).toContainText(`leerling ${code}`);
  await ahmed.screenshot({ path: testInfo.outputPath('toegang-vragen-390.png'), fullPage: true });
  expect(seriousOrWorse(await axeFindings(ahmed, 'toegang-vragen', testInfo))).toEqual([]);

  // After the sync the pupil is on Ahmed's phone, with the banner.
  await expect
    .poll(
      async () => {
        await ahmed.evaluate(() => window.dispatchEvent(new Event('online')));
        await content.getByRole('link', { name: 'Naar de leerling' }).first().click();
        return ahmed.getByRole('heading', { level: 1, name: `Leerling ${initials}` }).isVisible();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const banner = ahmed.locator('ion-content:visible').getByRole('note', { name: 'Tijdelijke toegang' });
  await expect(banner).toContainText('Je vervangt een collega');
  await ahmed.screenshot({ path: testInfo.outputPath('leerling-tijdelijke-toegang-390.png'), fullPage: true });
  expect(seriousOrWorse(await axeFindings(ahmed, 'leerling-tijdelijke-toegang', testInfo))).toEqual([]);

  const { page: coordinator } = await newDevice(browser, demo.coordinator);
  await coordinator
    .getByRole('tab', { name: 'Toegang' })
    .or(coordinator.getByRole('link', { name: 'Toegang' }))
    .first()
    .click();
  const grants = coordinator.locator('ion-content:visible').getByRole('list', { name: 'Tijdelijke toegang, nieuwste eerst' });
  await expect(grants.getByRole('listitem').filter({ hasText: code })).toContainText('Ahmed El Amrani');
  await expect(grants.getByRole('listitem').filter({ hasText: code })).toContainText('Actief');
  await coordinator.screenshot({ path: testInfo.outputPath('toegang-coordinator-390.png'), fullPage: true });
  expect(seriousOrWorse(await axeFindings(coordinator, 'toegang-coordinator', testInfo))).toEqual([]);
});

test('the beheerder sets how many days temporary access lasts, within 1 to 30, in Dutch', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const { page: admin } = await newDevice(browser, demo.beheer);
  await admin.goto('/beheer/gebruikers');
  const form = admin.locator('ion-content:visible').getByRole('form', { name: 'Collega vervangen' });
  const days = form.getByLabel(/Tijdelijke toegang tot een leerling duurt zoveel dagen \(1–30\)/);
  await expect(days).toHaveValue('14');

  // Out of bounds: a Dutch message under the field, and nothing is saved.
  await days.fill('45');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(form.getByRole('alert')).toHaveText('Kies een aantal dagen van 1 tot 30');
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await expect(days).toBeFocused();
  await form.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: testInfo.outputPath('toegang-dagen-fout-390.png') });
  expect(seriousOrWorse(await axeFindings(admin, 'toegang-dagen-fout', testInfo))).toEqual([]);

  await days.fill('7');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(form.getByRole('status')).toHaveText('Opgeslagen: tijdelijke toegang duurt vanaf nu 7 dagen.');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await admin.screenshot({ path: testInfo.outputPath('toegang-dagen-390.png') });
  // Stored on the service: a fresh page reads it back.
  await admin.reload();
  await expect(admin.locator('ion-content:visible').getByRole('form', { name: 'Collega vervangen' }).getByRole('spinbutton')).toHaveValue(
    '7',
  );

  // Back to the default, so other tests of the run see the region as seeded.
  const again = admin.locator('ion-content:visible').getByRole('form', { name: 'Collega vervangen' });
  await again.getByRole('spinbutton').fill('14');
  await again.getByRole('button', { name: 'Opslaan' }).click();
  await expect(again.getByRole('status')).toHaveText('Opgeslagen: tijdelijke toegang duurt vanaf nu 14 dagen.');
});

test('a correction the beheerder records shows on the pupil page of the professional, with the old value', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { page: phone } = await newDevice(browser, demo.sanne);
  const initials = `Cr${Date.now() % 1000}`;
  await addPupil(phone, { school: schools.springplank.option, initials, group: 'groep 6', birthYear: '2016' });
  const code = await dossierCode(phone);

  const { page: admin } = await newDevice(browser, demo.beheer);
  const content = await findOnInzage(admin, code);
  await expect(content.getByLabel('Gevonden leerling')).toContainText(initials);
  const form = content.locator('section', { has: admin.getByRole('heading', { name: 'Verzoek vastleggen' }) });
  await form.getByRole('radio', { name: 'Correctie' }).check();
  await form.getByLabel('Gevraagd door').fill('moeder');
  await form.getByLabel('Wat wordt er gevraagd').fill('Het geboortejaar klopt niet');
  await form.getByLabel('Oude waarde').fill('2016');
  await form.getByLabel('Nieuwe waarde').fill('2015');
  await form.getByRole('radio', { name: 'Toegekend', exact: true }).check();
  await form.getByLabel('Reden van het besluit').fill('Moeder liet het inschrijfbewijs zien');
  await form.getByRole('button', { name: 'Verzoek vastleggen' }).click();
  await expect(form.getByRole('status')).toContainText('Vastgelegd');

  // At the phone's next sync the pupil page says it, with the old value struck through.
  const corrections = phone.locator('ion-content:visible').getByRole('region', { name: 'Gecorrigeerd op verzoek' });
  await afterSync(phone, () => corrections.isVisible()).toBe(true);
  await expect(corrections).toContainText('Het geboortejaar klopt niet');
  await expect(corrections.locator('del')).toHaveText('2016');
  await expect(corrections).toContainText('Nieuwe waarde2015');
  await corrections.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: testInfo.outputPath('leerling-gecorrigeerd-390.png') });
  expect(seriousOrWorse(await axeFindings(phone, 'leerling-gecorrigeerd', testInfo))).toEqual([]);
});
