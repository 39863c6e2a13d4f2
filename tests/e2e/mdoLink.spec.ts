import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { TodayPage } from './pages/TodayPage';
import { Screen } from './pages/Screen';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, newDevice, type Account } from './support/fixtures';

/**
 * The IB'er of OBS De Springplank puts a pupil on the coming MDO by initials. The jeugdprofessional
 * Sanne is reminded on Vandaag, links the pupil (L.M. is refused: no consent for the wijkteam at the
 * table; Daan has everyone's consent) and writes an agreement for school. The IB'er gets a notice,
 * and her agenda still says only what she typed.
 */

class MdoListScreen extends Screen {
  readonly path = '/mdo';
  readonly heading = 'MDO';
}
class MeetingScreen extends Screen {
  readonly path = '/mdo';
  readonly heading = 'MDO';
  item(text: string) {
    return this.view.locator('.mdo-item').filter({ has: this.page.getByRole('heading', { name: text }) });
  }
}

async function phone(browser: Browser, who: Account): Promise<{ context: BrowserContext; page: Page }> {
  return newDevice(browser, who, { serviceWorker: true, context: { deviceScaleFactor: 1 } });
}
async function synced(screen: Screen) {
  await expect(screen.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
}
async function axeClean(page: Page, screen: string, info: TestInfo) {
  expect(seriousOrWorse(await axeFindings(page, screen, info)), `axe on ${screen}`).toEqual([]);
}
/** At 390 × 844 and at 360 × 740, the narrowest phone the app is made for. */
async function shoot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}-360.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
}

test('the jeugdprofessional links a pupil the IB put on by initials; school hears of the agreement', async ({ browser }, info) => {
  // Two phones and several syncs: long on a shared 2-core machine, not a hang.
  test.setTimeout(420_000);
  const tag = Math.random().toString(36).slice(2, 6);
  const typed = `D.${tag} · groep 7`;
  const ib = await phone(browser, demo.ib);
  const jp = await phone(browser, demo.sanne);

  // The IB'er puts a pupil on the coming meeting with initials and group.
  await ib.page.getByRole('tab', { name: 'MDO' }).click();
  const ibList = new MdoListScreen(ib.page);
  await ibList.expectShown();
  await ibList.view.getByRole('list', { name: 'Komend overleg' }).getByRole('link').first().click();
  const ibMeeting = new MeetingScreen(ib.page);
  await ibMeeting.expectShown();
  const add = ibMeeting.view.getByRole('form', { name: 'Op de agenda zetten' });
  await add.getByLabel('Initialen en groep').fill(typed);
  await add.getByLabel('Vraag voor het overleg').fill(`Hoe komt hij op tijd? ${tag}`);
  await add.getByRole('button', { name: 'Op de agenda zetten' }).click();
  await expect(ibMeeting.item(typed)).toContainText('toestemming nog niet gecontroleerd');
  await synced(ibMeeting);

  // Vandaag reminds the jeugdprofessional: the meeting is within two weeks, a pupil is not linked.
  // Back online, a phone syncs at once: the jeugdprofessional's pulls what the IB'er pushed.
  const today = new TodayPage(jp.page);
  await today.expectShown();
  const reminder = today.view
    .getByRole('list', { name: 'Leerlingen koppelen voor het MDO' })
    .getByRole('link', { name: /Koppel \d+ leerling(en)? voor het MDO van OBS De Springplank/ });
  await expect(async () => {
    await jp.context.setOffline(true);
    await jp.context.setOffline(false);
    await expect(reminder).toBeVisible({ timeout: 45_000 });
  }).toPass({ timeout: 150_000 });
  await axeClean(jp.page, 'vandaag-koppelen', info);
  await reminder.scrollIntoViewIfNeeded();
  await shoot(jp.page, info, 'vandaag-koppelen');
  await reminder.click();

  // She links it: L.M. has no consent for the wijkteam at the table, Daan has everyone's.
  const meeting = new MeetingScreen(jp.page);
  await meeting.expectShown();
  const item = meeting.item(typed);
  await item.getByRole('button', { name: 'Leerling koppelen' }).click();
  const form = item.getByRole('form', { name: `Leerling koppelen: ${typed}` });
  await form.getByLabel('Zoek op initialen of groep').fill('L.M');
  await form.getByRole('radio', { name: 'L.M. · groep 5' }).check();
  await form.getByRole('button', { name: 'Koppelen en toestemming controleren' }).click();
  await expect(form.getByRole('alert')).toContainText('Geen toestemming om met het wijkteam te delen');
  await axeClean(jp.page, 'mdo-koppelen-geweigerd', info);
  await form.getByRole('alert').scrollIntoViewIfNeeded();
  await shoot(jp.page, info, 'mdo-koppelen-geweigerd');
  await form.getByLabel('Zoek op initialen of groep').fill('daan');
  await expect(form.getByRole('radio')).toHaveCount(1);
  await form.getByRole('radio', { name: 'Daan · groep 7' }).check();
  await form.getByRole('button', { name: 'Koppelen en toestemming controleren' }).click();
  await expect(item.getByRole('status')).toHaveText('Gekoppeld aan Daan · groep 7. Toestemming van iedereen aan tafel.');
  await expect(item).toContainText('Delen: toestemming van iedereen aan tafel');
  await expect(item.getByRole('link', { name: 'Voorbereidingskaart' })).toBeVisible();

  // An agreement for school.
  await item.getByLabel('Wie doet het?').selectOption({ label: 'school' });
  await item.getByLabel('Wat is afgesproken?').fill(`Mentor belt over de ochtenden ${tag}`);
  await item.getByRole('button', { name: 'Afspraak toevoegen' }).click();
  await expect(item.locator('.mdo-agreements')).toContainText(`Mentor belt over de ochtenden ${tag}`);
  await synced(meeting);

  // The IB'er: a badge on MDO, the notice; her item says what she typed and nothing from the dossier.
  const notice = ibList.view
    .getByRole('region', { name: 'Nieuw voor jou' })
    .getByRole('link', { name: `Afspraak voor school uit het MDO: Mentor belt over de ochtenden ${tag}` });
  await ibMeeting.backButton.click();
  await ibList.expectShown();
  await expect(async () => {
    await ib.context.setOffline(true);
    await ib.context.setOffline(false);
    await expect(notice).toBeVisible({ timeout: 45_000 });
  }).toPass({ timeout: 150_000 });
  await expect(ib.page.getByRole('tab', { name: /MDO \d+ nieuw/ })).toBeVisible();
  await axeClean(ib.page, 'mdo-lijst-melding', info);
  await shoot(ib.page, info, 'mdo-lijst-melding');
  await notice.click();
  await ibMeeting.expectShown();
  const ibItem = ibMeeting.item(typed);
  await expect(ibItem).toContainText('Delen: toestemming van iedereen aan tafel');
  await expect(ibItem.locator('.mdo-agreements')).toContainText(`Mentor belt over de ochtenden ${tag}`);
  await expect(ibItem).not.toContainText('Daan');
  // Opened: the notice is gone, from the list she goes back to and after a reload.
  await ibMeeting.backButton.click();
  await ibList.expectShown();
  await expect(notice).toHaveCount(0);
  await ib.page.goto('/mdo');
  await ibList.expectShown();
  await expect(ibList.view.getByText(`Mentor belt over de ochtenden ${tag}`)).toHaveCount(0);
  await ib.context.close();
  await jp.context.close();
});
