import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { UserFormPage, UsersPage } from './pages/UsersPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, logInAs, newDevice } from './support/fixtures';

/**
 * The wachtlijst, the thuiszitter figures and the gemeenten of a leerplichtambtenaar, at 390 × 844
 * against the real central service and the demo region (one pupil at OBS De Springplank waits 16
 * weeks for jeugd-ggz, past the region's 14).
 */

async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
}
async function noSeriousAxe(page: Page, info: TestInfo, screen: string) {
  expect(seriousOrWorse(await axeFindings(page, screen, info))).toEqual([]);
}

test('Vandaag warns about a long wait; the pupil page lists the referral and adds one', async ({ page }, info) => {
  test.slow(); // a full log-in and first sync, then encrypted saves
  await logInAs(page, demo.sanne);
  const warning = page.getByRole('region', { name: /Wacht langer dan 14 weken op zorg/ });
  await expect(warning).toBeVisible({ timeout: 30_000 });
  await expect(warning).toContainText('Jeugd-ggz: Levvel: wacht 16 weken');
  await expect(warning).toContainText('Met overbrugging');
  await warning.getByRole('link').first().click();

  const section = page.getByRole('region', { name: 'Wachtlijst voor zorg' });
  await expect(section).toBeVisible();
  await expect(section.getByRole('listitem').first()).toContainText('Langer dan 14 weken');
  await section.getByRole('button', { name: '+ Verwijzing naar zorg' }).click();
  const form = section.getByRole('form', { name: /Verwijzing naar zorg voor/ });
  await form.getByRole('radio', { name: 'Andere jeugdhulpaanbieder' }).check();
  await form.getByRole('button', { name: 'Verwijzing opslaan' }).click();
  await expect(form.getByText('Vul de naam van de jeugdhulpaanbieder in')).toBeVisible();
  await form.scrollIntoViewIfNeeded();
  await screenshot(page, info, 'wachtlijst-formulier-fout');
  await form.getByLabel('Naam van de jeugdhulpaanbieder').fill('Kenter Jeugdhulp');
  await form.getByLabel(/overbrugging/).fill('Elke week een gesprek op school');
  await form.getByRole('button', { name: 'Verwijzing opslaan' }).click();
  await expect(form).toHaveCount(0);
  await expect(section.getByRole('listitem').filter({ hasText: 'Kenter Jeugdhulp' })).toContainText('wacht nu 0 weken');
  await section.scrollIntoViewIfNeeded();
  await noSeriousAxe(page, info, 'leerling-wachtlijst');
  await screenshot(page, info, 'wachtlijst-leerling');
});

test('the coordinator reads the anonymised list of the region and the thuiszitter figures', async ({ page }, info) => {
  test.slow();
  await logInAs(page, demo.coordinator);
  await page
    .getByRole('tab', { name: 'Kengetallen' })
    .or(page.getByRole('link', { name: 'Kengetallen' }))
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Kengetallen', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Kerncijfers' })).toBeVisible({ timeout: 30_000 });
  const thuis = page.getByRole('heading', { name: 'Thuiszitters en terugkeer naar onderwijs' });
  await thuis.scrollIntoViewIfNeeded();
  await expect(page.getByRole('region', { name: /Terug naar onderwijs binnen 3 maanden per school/ })).toBeVisible();
  await screenshot(page, info, 'kengetallen-thuiszitters');
  await page.getByRole('heading', { name: 'Wachtlijst voor zorg' }).scrollIntoViewIfNeeded();
  await screenshot(page, info, 'kengetallen-wachtlijst');

  await page.getByRole('link', { name: /Wachtlijst van de regio/ }).click();
  await expect(page.getByRole('heading', { name: 'Wachtlijst van de regio', level: 1 })).toBeVisible();
  const list = page.getByRole('list', { name: 'Wachtende leerlingen, langst wachtend eerst' });
  // The demo's four, and any a test on the same service added since.
  await expect(list.getByRole('listitem').nth(3)).toBeVisible({ timeout: 30_000 });
  await expect(list.getByRole('listitem').first()).toContainText('wacht 16 weken');
  // No pupil, no provider: the demo pupils' names and the providers are not on the screen.
  await expect(page.getByText(/Noor|Finn|Levvel|Kenter/)).toHaveCount(0);
  await noSeriousAxe(page, info, 'wachtlijst-regio');
  await screenshot(page, info, 'wachtlijst-regio');
});

test('the beheerder picks the gemeenten of a leerplichtambtenaar', async ({ browser }, info) => {
  test.slow();
  const admin = await newDevice(browser, demo.beheer);
  const users = new UsersPage(admin.page);
  await users.expectShown();
  await users.addUser.click();
  const form = new UserFormPage(admin.page);
  await form.expectShown();
  await form.field('Naam').fill('Lotte de Leerplicht');
  await form.field('Gebruikersnaam').fill(`lp.${Math.random().toString(36).slice(2, 8)}`);
  await form.role('Leerplichtambtenaar').check();
  const gemeenten = admin.page.getByRole('group', { name: /^Gemeenten/ });
  await expect(gemeenten.getByRole('checkbox', { name: /^Huizen, 2 scholen/ })).toBeVisible();
  await form.save.click();
  await expect(gemeenten.getByText('Kies minstens één gemeente voor een leerplichtambtenaar')).toBeVisible();
  await gemeenten.scrollIntoViewIfNeeded();
  await noSeriousAxe(admin.page, info, 'gebruiker-leerplicht');
  await screenshot(admin.page, info, 'gebruiker-leerplicht-gemeenten');
  await gemeenten.getByRole('checkbox', { name: /^Huizen/ }).check();
  await form.save.click();
  await expect(admin.page.getByRole('heading', { name: 'Activeringscode voor Lotte de Leerplicht' })).toBeVisible();
});
