// The audit log in the browser: a pupil page opened on the jeugdprofessional's phone shows the
// dossiernummer and is recorded as a view; the next sync uploads it; the beheerder finds it under
// Logboek ("Wie zag dit dossier") and exports the log as CSV. Real app, real central service.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { axeFindings, horizontalOverflow, seriousOrWorse, tooSmall, touchTargets } from './support/a11y';
import { addPupil } from './support/flows';
import { schools } from './support/data';
import { demo, newDevice } from './support/fixtures';

test('a pupil page opened on the phone reaches the beheerder\'s "Wie zag dit dossier" after a sync; the log exports as CSV', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const { page: phone } = await newDevice(browser, demo.sanne);
  const initials = `Au${Date.now() % 1000}`;
  const pupilPage = await addPupil(phone, { school: schools.springplank.option, initials, group: 'groep 5', birthYear: '2017' });
  const pupilId = pupilPage.pupilId();
  await expect(phone.getByText(`Dossiernummer: ${pupilId}`)).toBeVisible();
  await phone.screenshot({ path: testInfo.outputPath('leerling-dossiernummer.png') });
  // The view is uploaded with the next sync (the save starts one; coming back online another) and
  // then forgotten on the phone.
  await phone.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect
    .poll(() =>
      phone.evaluate(async () => {
        const req = indexedDB.open('schoolnabij');
        const db = await new Promise<IDBDatabase>((ok) => (req.onsuccess = () => ok(req.result)));
        const n = await new Promise<number>((ok) => {
          const c = db.transaction('views').objectStore('views').count();
          c.onsuccess = () => ok(c.result);
        });
        db.close();
        return n;
      }),
    )
    .toBe(0);

  const { page: admin } = await newDevice(browser, demo.beheer);
  await admin
    .getByRole('tab', { name: 'Logboek' })
    .or(admin.getByRole('link', { name: 'Logboek' }))
    .first()
    .click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Wie zag dit dossier' })).toBeVisible();
  // Empty and wrong input first.
  await admin.getByRole('button', { name: 'Zoeken' }).click();
  await expect(admin.getByText(/Vul een geldig dossiernummer in/)).toBeVisible();
  await admin.getByLabel('Dossiernummer').fill(pupilId.toUpperCase());
  await admin.getByRole('button', { name: 'Zoeken' }).click();
  const list = admin.getByRole('list', { name: 'Toegang, nieuwste eerst' });
  await expect(list.getByText(/Ingezien door Sanne de Vries/).first()).toBeVisible();
  await expect(list.getByText(/geopend op het toestel/)).toBeVisible();
  await expect(list.getByText('Aangemaakt door Sanne de Vries')).toBeVisible();
  const content = admin.locator('ion-content:visible');
  await expect(content.getByRole('status')).toHaveText(/keer toegang gevonden/);
  // For whom the beheerder looks (an inzageverzoek) is logged with the look-up and shown with it.
  await admin.getByLabel('Namens (optioneel)').fill('ouder van de leerling, verzoek 2026-14');
  await admin.getByRole('button', { name: 'Zoeken' }).click();
  await admin.getByRole('button', { name: 'Zoeken' }).click();
  await expect(
    list
      .getByRole('listitem')
      .filter({ hasText: 'Opgezocht in logboek door Peter Visser' })
      .filter({ hasText: 'namens ouder van de leerling, verzoek 2026-14' }),
  ).toHaveCount(1);
  await admin.screenshot({ path: testInfo.outputPath('logboek-390.png'), fullPage: true });

  expect(seriousOrWorse(await axeFindings(admin, 'logboek', testInfo))).toEqual([]);
  expect(tooSmall(await touchTargets(content))).toEqual([]);
  await admin.setViewportSize({ width: 360, height: 740 });
  const overflow = await horizontalOverflow(content);
  expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
  await admin.screenshot({ path: testInfo.outputPath('logboek-360.png'), fullPage: true });

  const download = admin.waitForEvent('download');
  await admin.getByRole('button', { name: 'Exporteren (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^logboek-\d{4}-\d{2}-\d{2}-tot-en-met-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await file.path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString('utf8');
  expect(text).toContain('Tijdstip (Nederlandse tijd);Gebruiker;Rol;');
  expect(text).toContain(pupilId);
  await expect(content.getByRole('status')).toHaveText('Export gedownload.');
});
