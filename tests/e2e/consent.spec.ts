import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { PupilPage } from './pages/PupilPage';
import { RequestPage } from './pages/RequestPage';
import { RequestsPage } from './pages/RequestsPage';
import { CURRENT_PAGE, type Screen } from './pages/Screen';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, newDevice, type Account } from './support/fixtures';

/**
 * The consent register (toestemming) through the real central service, at phone size: recording
 * and withdrawing a consent on the pupil page, and the check where advice is shared with school.
 */

test.use({ viewport: { width: 390, height: 844 } });
// Two log-ins, syncs and axe runs on a shared machine: a bound for the load, not a timing check.
test.setTimeout(180_000);

async function phone(browser: Browser, who: Account) {
  return newDevice(browser, who, { context: { deviceScaleFactor: 1, viewport: { width: 390, height: 844 } } });
}

async function synced(screen: Screen) {
  await expect(screen.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
}

async function noSeriousAxe(page: Page, screen: string, info: TestInfo) {
  expect(seriousOrWorse(await axeFindings(page, screen, info)), `axe on ${screen}`).toEqual([]);
}

async function shoot(page: Page, info: TestInfo, name: string, target?: ReturnType<Page['locator']>) {
  await expect(page.locator('ion-toast')).toHaveCount(0, { timeout: 15_000 });
  if (target) await target.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
}

test('the jeugdprofessional records a consent, sees it in the summary and withdraws it', async ({ browser }, info) => {
  const jp = await phone(browser, demo.sanne);
  // S.B. at De Springplank: the demo gave consent for school and wijkteam, and a withdrawn one for leerplicht.
  await jp.page.goto('/leerlingen');
  const pupils = jp.page.locator(CURRENT_PAGE);
  await pupils.getByLabel('School').selectOption({ label: 'OBS De Springplank' });
  await pupils.getByRole('link').filter({ hasText: 'S.B.' }).filter({ hasText: 'OBS De Springplank' }).click();
  const pupil = new PupilPage(jp.page, 'S.B.');
  await pupil.expectShown();
  const block = pupil.view.getByRole('region', { name: 'Toestemming' });
  const summary = block.getByLabel('Nu delen mag met');
  await expect(summary).toContainText('school ✓');
  await expect(summary).toContainText('leerplicht —');
  await expect(block.getByRole('list', { name: /Toestemmingen/ })).toContainText(
    'Moeder wil eerst zelf met de leerplichtambtenaar praten.',
  );

  await block.getByRole('button', { name: '+ Toestemming vastleggen' }).click();
  const form = block.getByRole('form', { name: 'Toestemming vastleggen' });
  await form.getByLabel('Met wie mag gedeeld worden?').selectOption('jgz');
  await form.getByRole('radio', { name: 'ouder of verzorger' }).check();
  await form.getByRole('radio', { name: 'schriftelijk' }).check();
  await form.getByLabel('Geldig tot').fill('2027-03-01');
  await noSeriousAxe(jp.page, 'toestemming-vastleggen', info);
  await shoot(jp.page, info, 'toestemming-vastleggen', form);
  await form.getByRole('button', { name: 'Toestemming opslaan' }).click();
  await expect(summary).toContainText('JGZ ✓ mag tot 1 maart 2027');
  await synced(pupil);
  await shoot(jp.page, info, 'toestemming-overzicht', block);

  await block.getByRole('button', { name: 'Intrekken toestemming JGZ' }).click();
  const withdraw = block.getByRole('form', { name: 'Toestemming intrekken' });
  await withdraw.getByLabel('Reden').fill('Vader wil het eerst zelf met de jeugdarts bespreken.');
  await withdraw.getByRole('button', { name: 'Intrekken' }).click();
  await expect(summary).toContainText('JGZ —');
  const withdrawn = block.getByRole('listitem').filter({ hasText: 'Vader wil het eerst zelf met de jeugdarts bespreken.' });
  await expect(withdrawn).toContainText('ingetrokken');
  await synced(pupil);
  await noSeriousAxe(jp.page, 'toestemming-ingetrokken', info);
  await shoot(jp.page, info, 'toestemming-ingetrokken', block);
  await jp.context.close();
});

test("answering a question about a pupil without consent warns, stores the choice, and the IB'er sees who answered", async ({
  browser,
}, info) => {
  const jp = await phone(browser, demo.sanne);
  // Noor (groep 8, De Springplank): her consent for school was given by a parent alone; she may be 12 now.
  await jp.page.goto('/consultaties');
  await jp.page
    .locator(CURRENT_PAGE)
    .getByRole('link', { name: /Noor · groep 8/ })
    .first()
    .click();
  const request = new RequestPage(jp.page);
  await request.expectShown();
  await expect(request.detail).toContainText('Gevraagd doorMarieke Jansen · intern begeleider · 035 750 60 11');
  await expect(request.detail.getByRole('link', { name: /035 750 60 11/ })).toHaveAttribute('href', 'tel:0357506011');
  const check = request.view.getByRole('group', { name: 'Toestemming om te delen' });
  await expect(check).toContainText('Er is geen geldige toestemming om over Noor met school te delen');
  await request.adviceField.fill('Algemeen advies: blijf in gesprek met het kind en leg vast wat het letterlijk zegt.');
  await request.button('Beantwoorden').click();
  await expect(check).toContainText('Er is geen geldige toestemming voor school: kies hoe je het advies deelt');
  await check.getByRole('radio', { name: /Meldcode/ }).check();
  await request.button('Beantwoorden').click();
  await expect(check).toContainText('Schrijf waarom je op grond van de Meldcode deelt');
  await check.getByRole('radio', { name: /algemene termen/ }).check();
  await noSeriousAxe(jp.page, 'vraag-toestemmingscheck', info);
  await shoot(jp.page, info, 'vraag-toestemmingscheck', check);
  await request.button('Beantwoorden').click();
  await expect(request.advice).toContainText('Gedeeld op grond van: advies in algemene termen, zonder gegevens over de leerling');
  await synced(request);
  await jp.context.close();

  const ib = await phone(browser, demo.ib);
  const list = new RequestsPage(ib.page);
  await list.expectShown();
  await expect(ib.page.getByRole('tab', { name: /Vragen \d+ nieuw/ })).toBeVisible({ timeout: 30_000 });
  const notices = list.view.getByRole('region', { name: 'Nieuw voor jou' });
  await expect(notices).toContainText('Antwoord op je vraag over Noor · groep 8');
  await noSeriousAxe(ib.page, 'vragen-nieuw-antwoord', info);
  await shoot(ib.page, info, 'vragen-nieuw-antwoord');
  await notices.getByRole('link', { name: 'Antwoord op je vraag over Noor · groep 8' }).click();
  const answered = new RequestPage(ib.page);
  await answered.expectShown();
  await expect(answered.detail).toContainText('Beantwoord doorSanne de Vries · jeugdprofessional · 035 750 21 10');
  await expect(answered.advice).toContainText('Gedeeld op grond van: advies in algemene termen');
  await noSeriousAxe(ib.page, 'vraag-ib-beantwoord', info);
  await shoot(ib.page, info, 'vraag-ib-beantwoord');
  await ib.page.goBack();
  await list.expectShown();
  await expect(list.view.getByText('Antwoord op je vraag over Noor · groep 8')).toHaveCount(0);
  await ib.context.close();
});
