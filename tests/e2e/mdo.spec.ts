import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { TodayPage } from './pages/TodayPage';
import { CURRENT_PAGE, Screen } from './pages/Screen';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, newDevice, type Account } from './support/fixtures';

/**
 * The MDO at OBS De Springplank through the real central service: the IB'er (offline) and the
 * jeugdprofessional Sanne prepare the coming meeting together on two phones. The demo's second
 * pupil (L.M.) has consent for school and JGZ, not for the wijkteam at the table: refused by name,
 * then discussed anonymously. Minutes make a follow-up on Vandaag and an agreement the IB'er reads.
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
  get addForm() {
    return this.view.getByRole('form', { name: 'Op de agenda zetten' });
  }
}
class CardScreen extends Screen {
  readonly path = '/mdo';
  readonly heading = 'Voorbereidingskaart';
}
class PrintScreen extends Screen {
  readonly path = '/mdo';
  readonly heading = 'Afdrukken';
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
async function shoot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
}

test('the IB and the jeugdprofessional prepare an MDO, consent refuses a pupil, minutes reach Vandaag and school', async ({
  browser,
}, info) => {
  // Two phones, one offline, and a print: long on a shared 2-core machine, not a hang.
  test.setTimeout(420_000);
  const tag = Math.random().toString(36).slice(2, 6);
  const ib = await phone(browser, demo.ib);
  const jp = await phone(browser, demo.sanne);

  // The jeugdprofessional's Vandaag: the next MDO per school, still to prepare.
  const today = new TodayPage(jp.page);
  await today.expectShown();
  await synced(today);
  const mdoOnToday = today.view.getByRole('region', { name: 'MDO' });
  const springplank = mdoOnToday.getByRole('link', { name: /OBS De Springplank:/ });
  await expect(springplank).toContainText('nog voorbereiden');
  await axeClean(jp.page, 'vandaag-mdo', info);

  // The IB'er, offline, puts a pupil on the agenda by initials and group.
  const ibList = new MdoListScreen(ib.page);
  await ib.page.getByRole('tab', { name: 'MDO' }).click();
  await ibList.expectShown();
  await synced(ibList);
  await axeClean(ib.page, 'mdo-lijst', info);
  await shoot(ib.page, info, 'mdo-lijst');
  await ib.context.setOffline(true);
  await ibList.view.getByRole('list', { name: 'Komend overleg' }).getByRole('link').first().click();
  const ibMeeting = new MeetingScreen(ib.page);
  await ibMeeting.expectShown();
  await ibMeeting.addForm.getByLabel('Initialen en groep').fill(`Finn${tag} · groep 6`);
  await ibMeeting.addForm.getByLabel('Vraag voor het overleg').fill('Finn is vaak moe in de ochtend. Wat kunnen we doen?');
  await ibMeeting.addForm.getByRole('button', { name: 'Op de agenda zetten' }).click();
  await expect(ibMeeting.addForm.getByRole('status')).toHaveText(/De jeugdprofessional controleert de toestemming/);
  await expect(ibMeeting.item(`Finn${tag} · groep 6`)).toContainText('toestemming nog niet gecontroleerd');
  await axeClean(ib.page, 'mdo-overleg-ib', info);

  // The jeugdprofessional opens the meeting; L.M. has no consent for the wijkteam at the table.
  await springplank.click();
  const meeting = new MeetingScreen(jp.page);
  await meeting.expectShown();
  await expect(meeting.view.getByRole('list').filter({ hasText: 'wijkteam' })).toBeVisible();
  const add = meeting.addForm;
  await add.getByLabel('Leerling', { exact: true }).selectOption({ label: 'L.M. · groep 5' });
  await add.getByLabel('Vraag voor het overleg').fill('Hoe helpen we L.M. bij het lezen?');
  await add.getByRole('button', { name: 'Op de agenda zetten' }).click();
  const refusal = add.getByRole('alert');
  await expect(refusal).toContainText('Geen toestemming om met het wijkteam te delen');
  await expect(meeting.item('L.M. · groep 5')).toHaveCount(0);
  await axeClean(jp.page, 'mdo-geweigerd', info);
  await refusal.scrollIntoViewIfNeeded();
  await shoot(jp.page, info, 'mdo-geweigerd');
  // Discussed anonymously instead: the question that named her must be rewritten too.
  await refusal.getByRole('button', { name: 'Anoniem bespreken' }).click();
  await add.getByLabel('Korte omschrijving').fill(`Meisje middenbouw ${tag}, moeite met lezen`);
  await add.getByRole('button', { name: 'Op de agenda zetten' }).click();
  await expect(add).toContainText('Noem geen initialen in de vraag van een anonieme casus');
  await add.getByLabel('Vraag voor het overleg').fill('Hoe helpen we haar bij het lezen?');
  await add.getByRole('button', { name: 'Op de agenda zetten' }).click();
  await expect(add.getByRole('status')).toHaveText('Anonieme casus op de agenda gezet.');
  const anon = meeting.item(`Anonieme casus: Meisje middenbouw ${tag}, moeite met lezen`);
  await expect(anon).toContainText('Delen: anoniem');
  await expect(meeting.view.locator('.mdo-agenda')).not.toContainText('L.M.');

  // Daan has consent of everyone at the table: on the agenda, with a preparation card.
  await add.getByLabel('Leerling', { exact: true }).selectOption({ label: 'Daan · groep 7' });
  await add.getByLabel('Vraag voor het overleg').fill(`Hoe houden we het verzuim laag? ${tag}`);
  await add.getByRole('button', { name: 'Op de agenda zetten' }).click();
  await expect(add.getByRole('status')).toHaveText('Leerling op de agenda gezet.');
  const daan = meeting.view.locator('.mdo-item').filter({ hasText: `Hoe houden we het verzuim laag? ${tag}` });
  await expect(daan).toContainText('toestemming van iedereen aan tafel');
  await daan.getByRole('link', { name: 'Voorbereidingskaart' }).click();
  const card = new CardScreen(jp.page);
  await card.expectShown();
  await expect(card.view).toContainText(`Hoe houden we het verzuim laag? ${tag}`);
  await expect(card.view.getByRole('heading', { name: 'Verzuim' })).toBeVisible();
  await axeClean(jp.page, 'mdo-kaart', info);
  await shoot(jp.page, info, 'mdo-kaart');
  await jp.page.goBack();
  await meeting.expectShown();

  // Minutes: a conclusion and two agreements, one for the jeugdprofessional, one for school.
  await daan.getByLabel('Conclusie').fill('Slaapritme is de kern; wijkteam sluit aan bij het gesprek met moeder.');
  await daan.getByRole('button', { name: 'Conclusie opslaan' }).click();
  await expect(daan.getByRole('status')).toHaveText('Opgeslagen');
  const agree = async (who: string, what: string) => {
    await daan.getByLabel('Wie doet het?').selectOption({ label: who });
    await daan.getByLabel('Wat is afgesproken?').fill(what);
    await daan.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await expect(daan.locator('.mdo-agreements')).toContainText(what);
  };
  await agree('jeugdprofessional', `Moeder bellen over de ochtenden ${tag}`);
  await agree('school', `Leerkracht noteert de ochtenden ${tag}`);
  await axeClean(jp.page, 'mdo-verslag', info);
  await synced(meeting);

  // The agreement for the jeugdprofessional is a follow-up on Vandaag.
  await jp.page.goto('/vandaag');
  await today.expectShown();
  await expect(today.view.getByRole('list', { name: 'Afspraken uit het MDO voor jou' })).toContainText(
    `Moeder bellen over de ochtenden ${tag}`,
  );

  // The IB'er comes back online: her item goes up, the minutes come down.
  await ib.context.setOffline(false);
  await synced(ibMeeting);
  await ib.page.reload();
  await ibMeeting.expectShown();
  await synced(ibMeeting);
  const ibDaan = ibMeeting.view.locator('.mdo-item').filter({ hasText: `Hoe houden we het verzuim laag? ${tag}` });
  await expect(ibDaan.locator('.mdo-agreements')).toContainText(`Leerkracht noteert de ochtenden ${tag}`);
  await expect(ibDaan.getByRole('link', { name: 'Voorbereidingskaart' })).toHaveCount(0);
  await shoot(ib.page, info, 'mdo-overleg-ib');

  // And the jeugdprofessional sees the IB'er's pupil, still to check.
  await jp.page.goBack();
  await jp.page.reload();
  await meeting.expectShown();
  await synced(meeting);
  await expect(meeting.item(`Finn${tag} · groep 6`)).toContainText('toestemming nog niet gecontroleerd');

  // Print: the agenda with preparation cards, A4, only initials and group.
  await meeting.view.getByRole('link', { name: 'Agenda met kaarten afdrukken' }).click();
  const print = new PrintScreen(jp.page);
  await print.expectShown();
  await expect(print.view.locator('.mdo-print')).toContainText(`Moeder bellen over de ochtenden ${tag}`);
  // Other tests put items on the same demo meeting: find this test's card by its question.
  await expect(print.view.locator('.mdo-print-card').filter({ hasText: `Hoe houden we het verzuim laag? ${tag}` })).toContainText(
    'Daan · groep 7',
  );
  expect(await jp.page.title()).toMatch(/^MDO OBS De Springplank \d{4}-\d\d-\d\d$/);
  await axeClean(jp.page, 'mdo-afdruk', info);
  await shoot(jp.page, info, 'mdo-afdruk');
  await jp.page.emulateMedia({ media: 'print' });
  await expect(jp.page.locator(CURRENT_PAGE).locator('ion-header')).toBeHidden();
  await shoot(jp.page, info, 'mdo-afdruk-print');
  await jp.page.emulateMedia({ media: 'screen' });
});
