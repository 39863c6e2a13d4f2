import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { SchoolsPage } from './pages/SchoolsPage';
import { SettingsPage } from './pages/SettingsPage';
import { TodayPage } from './pages/TodayPage';
import { UserFormPage, UsersPage } from './pages/UsersPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { schools } from './support/data';
import { DEMO_PASSWORD, demo, newDevice, secondFactorIfAsked, type Account } from './support/fixtures';
import { choosePin } from './support/lock';
import { readStore, type StoredRecord } from './support/storage';

/**
 * Beheer and school settings against the real central service: the beheerder makes a user, the user
 * signs in on a phone, the beheerder revokes that phone; the coordinator sets a school's presence
 * days. Online only screens. Every user made here has a unique name, so runs do not meet.
 */

/** A jeugdprofessional made by the test: one Account per user, so its authenticator app goes with it to every device. */
const made = new Map<string, Account>();
const jp = (username: string, password: string): Account => {
  const known = made.get(username) ?? { username, password, role: 'jeugdprofessional' };
  made.set(username, known);
  return known;
};

async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
}

async function noSeriousAxe(page: Page, info: TestInfo, screen: string) {
  expect(seriousOrWorse(await axeFindings(page, screen, info))).toEqual([]);
}

test('the beheerder adds a user and hands out a code; the user chooses the password (policy at the field), sets up a second step and signs in', async ({
  browser,
}, info) => {
  test.setTimeout(120_000); // two browsers, a log-in and a first sync
  const admin = await newDevice(browser, demo.beheer);
  const users = new UsersPage(admin.page);
  await users.expectShown();
  await expect(users.user('Sanne de Vries')).toContainText('Jeugdprofessional');
  await expect(users.user('Sanne de Vries')).toContainText('OBS De Springplank');
  await noSeriousAxe(admin.page, info, 'gebruikers');
  await screenshot(admin.page, info, 'beheer-gebruikers');

  const username = `test.${Math.random().toString(36).slice(2, 8)}`;
  const name = `Testgebruiker ${username.slice(5)}`;
  await users.addUser.click();
  const form = new UserFormPage(admin.page);
  await form.expectShown();
  await form.field('Naam').fill(name);
  await form.field('Gebruikersnaam').fill(username);
  await form.role('Jeugdprofessional').check();
  await form.school(schools.vuurvogel.name).check();
  // The beheerder never chooses a password: there is no field for it.
  await expect(admin.page.getByLabel(/wachtwoord/i)).toHaveCount(0);
  await noSeriousAxe(admin.page, info, 'gebruiker-nieuw');
  await form.save.click();

  // The code and the link, shown once.
  await expect(admin.page.getByRole('heading', { name: `Activeringscode voor ${name}` })).toBeVisible();
  const code = (await admin.page.locator('.activation-code dd.code').first().innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  const link = (await admin.page.locator('.activation-code dd.code').nth(1).innerText()).trim();
  expect(link).toContain(`/activeren#gebruiker=${username}&code=${code}`);
  await noSeriousAxe(admin.page, info, 'gebruiker-activeringscode');
  await screenshot(admin.page, info, 'beheer-activeringscode');
  await admin.page.getByRole('button', { name: 'Klaar, naar de gebruikers' }).click();
  await users.expectShown();
  await users.search.fill(username);
  await expect(users.user(name)).toContainText('geen actief toestel');
  await expect(users.user(name)).toContainText(schools.vuurvogel.name);

  // The new user opens the link on their phone and chooses a password; a too-short one is refused at the field.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.getByRole('heading', { name: 'Account activeren' })).toBeVisible();
  await expect(page.getByLabel('Gebruikersnaam')).toHaveValue(username);
  await expect(page.getByLabel('Activeringscode')).toHaveValue(code);
  await page.getByLabel('Nieuw wachtwoord').fill('te kort');
  await page.getByLabel('Herhaal het wachtwoord').fill('te kort');
  await page.getByRole('button', { name: 'Wachtwoord instellen en inloggen' }).click();
  await expect(page.getByText('Een wachtwoord heeft minstens 12 tekens')).toBeVisible();
  await expect(page.getByLabel('Nieuw wachtwoord')).toHaveAttribute('aria-invalid', 'true');
  await noSeriousAxe(page, info, 'activeren-fout');
  await screenshot(page, info, 'activeren-fout');
  const who = jp(username, 'paarse fiets op het plein');
  await page.getByLabel('Nieuw wachtwoord').fill(who.password);
  await page.getByLabel('Herhaal het wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Wachtwoord instellen en inloggen' }).click();
  // First log-in on this phone: the second step is set up (an authenticator app here), then the PIN.
  await expect(page.getByRole('heading', { name: 'Tweede stap instellen' })).toBeVisible();
  await noSeriousAxe(page, info, 'tweede-stap-instellen');
  await secondFactorIfAsked(page, who);
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  await expect(new TodayPage(page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d/, { timeout: 30_000 });
  await context.close();
  await admin.context.close();
});

test('the beheerder revokes the phone whose code the user reads out, after a plain warning; only that phone is wiped', async ({
  browser,
  request,
}, info) => {
  test.setTimeout(180_000); // three browsers, three log-ins and syncs
  const api = await beheerApi(request);
  const username = `revoke.${Math.random().toString(36).slice(2, 8)}`;
  const name = `Intrektest ${username.slice(7)}`;
  const password = 'blauwe boot in de haven';
  await api.createUser({ username, name, role: 'jeugdprofessional', schoolIds: [api.schoolId(schools.vuurvogel.name)], password });

  // Two phones of one user, both "Chrome op Linux", both seen minutes ago: only the code tells them
  // apart. The lost one is logged in first; the user reads the code of the lost one from the list
  // on the phone in use, and the beheerder revokes the card with that code.
  const lost = await newDevice(browser, jp(username, password));
  await expect(new TodayPage(lost.page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d/, { timeout: 30_000 });
  const lostSettings = await new SettingsPage(lost.page).open();
  await expect(lostSettings.thisDevice).toContainText(/Dit toestel: Chrome op Linux · code [0-9A-F]{4}/);
  const lostCode = await lostSettings.thisDeviceCode();

  const inUse = await newDevice(browser, jp(username, password));
  await expect(new TodayPage(inUse.page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d/, { timeout: 30_000 });
  const settings = await new SettingsPage(inUse.page).open();
  const inUseCode = await settings.thisDeviceCode();
  expect(inUseCode).not.toBe(lostCode);
  await expect(settings.devices).toHaveCount(2);
  await expect(settings.devices.filter({ hasText: `Code ${lostCode}` })).toContainText('Chrome op Linux');
  await expect(settings.devices.filter({ hasText: `Code ${inUseCode}` })).toContainText('(dit toestel)');
  await noSeriousAxe(inUse.page, info, 'instellingen-toestellen');
  await screenshot(inUse.page, info, 'instellingen-toestellen');

  const admin = await newDevice(browser, demo.beheer);
  const users = new UsersPage(admin.page);
  await users.search.fill(username);
  await expect(users.user(name)).toContainText('2 actieve toestellen');
  await users.user(name).click();
  const edit = new UserFormPage(admin.page, 'Gebruiker');
  await edit.expectShown();
  await expect(edit.devices.getByRole('listitem')).toHaveCount(2);
  const card = edit.deviceByCode(lostCode);
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Chrome op Linux');
  await expect(card).toContainText(/Laatst gezien .*geleden \((gisteren )?om \d\d:\d\d\)/);
  await expect(card).toContainText(/In gebruik sinds \w\w \d+ \w+\.? \d{4} om \d\d:\d\d/);
  await expect(edit.deviceByCode(inUseCode)).toHaveCount(1);
  await noSeriousAxe(admin.page, info, 'gebruiker');
  await edit.devices.scrollIntoViewIfNeeded();
  await screenshot(admin.page, info, 'beheer-toestellen');
  await card.getByRole('button', { name: `Intrekken Chrome op Linux (code ${lostCode})` }).click();
  const warning = card.getByRole('group', { name: /intrekken\?/ });
  await expect(warning).toContainText(`Toestel Chrome op Linux (code ${lostCode}) intrekken?`);
  await expect(warning).toContainText('Wat op dit toestel nog niet gesynchroniseerd is, gaat verloren.');
  await expect(warning).toContainText('buitengesloten zodra het weer contact maakt');
  await warning.scrollIntoViewIfNeeded();
  await noSeriousAxe(admin.page, info, 'gebruiker-intrekken');
  await screenshot(admin.page, info, 'beheer-toestel-intrekken');
  await warning.getByRole('button', { name: 'Ja, intrekken' }).click();
  await expect(edit.devices.getByRole('status')).toHaveText(`Chrome op Linux (code ${lostCode}) is ingetrokken.`);
  await expect(card).toContainText(/Ingetrokken .*geleden/);
  await expect(card.getByRole('button', { name: /^Intrekken/ })).toHaveCount(0);
  await expect(edit.deviceByCode(inUseCode).getByRole('button', { name: /^Intrekken/ })).toBeVisible();

  // The lost phone's next sync is refused: it wipes its data and its log-in screen says why.
  await lost.page.reload();
  await expect(lost.page.getByRole('heading', { name: 'Inloggen' })).toBeVisible({ timeout: 30_000 });
  await expect(lost.page.getByRole('status')).toHaveText(
    'Dit toestel is ingetrokken door de beheerder; de gegevens op dit toestel zijn gewist. Je kunt hier opnieuw inloggen.',
  );

  // The phone in use still syncs.
  await inUse.page.goto('/vandaag');
  await expect(new TodayPage(inUse.page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d/, { timeout: 30_000 });

  await lost.context.close();
  await inUse.context.close();
  await admin.context.close();
});

test('the coordinator sets a presence day of a school; it is still set after a reload', async ({ browser }, info) => {
  const { context, page } = await newDevice(browser, demo.coordinator);
  await page.getByRole('tab', { name: 'Scholen' }).click();
  const schoolsPage = new SchoolsPage(page);
  await schoolsPage.expectShown();
  // SO De Kaap: no e2e user of the other suites works there.
  const school = 'SO De Kaap';
  await expect(schoolsPage.school(school)).toContainText('Speciaal onderwijs · Hilversum');
  await noSeriousAxe(page, info, 'scholen');
  await screenshot(page, info, 'beheer-scholen');

  const friday = schoolsPage.day(school, 'vrijdag');
  const was = await friday.isChecked();
  await friday.setChecked(!was);
  await expect(schoolsPage.saved(school)).toHaveText(`Opgeslagen: ${was ? 'niet aanwezig' : 'aanwezig'} op vrijdag.`);

  await page.reload();
  await schoolsPage.expectShown();
  await expect(schoolsPage.day(school, 'vrijdag')).toBeChecked({ checked: !was });
  await expect(schoolsPage.school(school)).toContainText(was ? 'Aanwezig op woensdag.' : 'Aanwezig op woensdag, vrijdag.');

  // Put it back as it was, so the demo region stays as other suites expect it.
  await schoolsPage.day(school, 'vrijdag').setChecked(was);
  await expect(schoolsPage.saved(school)).toHaveText(/^Opgeslagen/);
  await context.close();
});

test('beheer without a connection says so instead of failing, and loads when the connection is back', async ({ browser }, info) => {
  const { context, page } = await newDevice(browser, demo.beheer);
  const users = new UsersPage(page);
  await expect(users.user('Sanne de Vries')).toBeVisible();

  await context.setOffline(true);
  await expect(users.offlineNotice).toBeVisible();
  await expect(users.user('Sanne de Vries')).toHaveCount(0);
  await screenshot(page, info, 'beheer-offline');

  await context.setOffline(false);
  await expect(users.user('Sanne de Vries')).toBeVisible();
  await expect(users.offlineNotice).toHaveCount(0);
  await context.close();
});

/** The beheerder, through the real admin API (the screens are tested above). */
async function beheerApi(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', {
    data: { username: 'beheer', password: DEMO_PASSWORD, deviceId: crypto.randomUUID(), deviceName: 'Testscript' },
  });
  expect(login.ok()).toBe(true);
  const headers = { authorization: `Bearer ${(await login.json()).accessToken as string}` };
  const schoolList = (await (await request.get('/api/schools', { headers })).json()).schools as { id: string; name: string }[];
  const schoolId = (name: string) => schoolList.find((s) => s.name === name)!.id;
  return {
    schoolId,
    /** Makes the user and, as the user would with the activation code, sets their password. */
    async createUser({ password, ...body }: Record<string, unknown> & { password: string }): Promise<string> {
      const res = await request.post('/api/admin/users', { headers, data: body });
      expect(res.status()).toBe(201);
      const made = (await res.json()) as { user: { id: string }; activation: { code: string } };
      const activated = await request.post('/api/auth/activate', {
        data: { username: body.username, code: made.activation.code, password },
      });
      expect(activated.ok()).toBe(true);
      return made.user.id;
    },
    async setSchools(userId: string, schoolIds: string[]) {
      const res = await request.patch(`/api/admin/users/${userId}`, { headers, data: { schoolIds } });
      expect(res.ok()).toBe(true);
    },
  };
}

test('a school added to a user arrives on their phone with its older records; taken away, its records leave the phone', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000); // three syncs, the second and third from the start
  const admin = await beheerApi(request);
  const vuurvogel = admin.schoolId(schools.vuurvogel.name);
  const springplank = admin.schoolId(schools.springplank.name);
  const username = `scope.${Math.random().toString(36).slice(2, 8)}`;
  const password = 'groene tram naar de markt';
  const userId = await admin.createUser({
    username,
    name: `Scope ${username.slice(6)}`,
    role: 'jeugdprofessional',
    schoolIds: [vuurvogel],
    password,
  });

  const phone = await newDevice(browser, jp(username, password));
  const today = new TodayPage(phone.page);
  const synced = () =>
    expect(today.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
  await synced();
  const pupilsAt = async (schoolId: string) =>
    (await readStore<StoredRecord>(phone.page, 'pupils')).filter((p) => p.schoolId === schoolId).length;
  expect(await pupilsAt(vuurvogel)).toBeGreaterThan(0);
  expect(await pupilsAt(springplank)).toBe(0);

  // The beheerder adds De Springplank: the next sync starts over and brings its pupils, and the
  // school appears in the pickers.
  await admin.setSchools(userId, [vuurvogel, springplank]);
  await phone.page.reload();
  await synced();
  await expect.poll(() => pupilsAt(springplank)).toBeGreaterThan(0);
  expect(await pupilsAt(vuurvogel)).toBeGreaterThan(0);
  await phone.page.goto('/leerlingen');
  await expect(phone.page.getByLabel(/^School/).locator('option', { hasText: schools.springplank.name })).toHaveCount(1);

  // And takes De Vuurvogel away: its pupils leave the phone.
  await admin.setSchools(userId, [springplank]);
  await phone.page.reload();
  await synced();
  await expect.poll(() => pupilsAt(vuurvogel)).toBe(0);
  expect(await pupilsAt(springplank)).toBeGreaterThan(0);
  await expect(phone.page.getByLabel(/^School/).locator('option', { hasText: schools.vuurvogel.name })).toHaveCount(0);
  await phone.context.close();
});
