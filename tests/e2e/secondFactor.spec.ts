import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, logInAs, secondFactorIfAsked, type Account } from './support/fixtures';
import { choosePin } from './support/lock';
import { axeFindings, seriousOrWorse } from './support/a11y';

/**
 * The second factor at the first log-in on a new device, in the real app against the real service:
 * a passkey through Chromium's virtual authenticator (DevTools protocol), and an authenticator-app
 * code computed in the test (RFC 6238). Each test makes its own user.
 */

async function makeUser(request: APIRequestContext, prefix: string): Promise<Account & { id: string }> {
  const login = await request.post('/api/auth/login', {
    data: { username: 'beheer', password: DEMO_PASSWORD, deviceId: crypto.randomUUID(), deviceName: 'Testscript' },
  });
  const headers = { authorization: `Bearer ${(await login.json()).accessToken as string}` };
  const schools = (await (await request.get('/api/schools', { headers })).json()).schools as { id: string }[];
  const username = `${prefix}.${Math.random().toString(36).slice(2, 8)}`;
  const res = await request.post('/api/admin/users', {
    headers,
    data: { username, name: `Test ${username}`, role: 'jeugdprofessional', schoolIds: [schools[0]!.id] },
  });
  expect(res.status()).toBe(201);
  const made = (await res.json()) as { user: { id: string }; activation: { code: string } };
  const password = 'rode fiets bij de brug';
  expect((await request.post('/api/auth/activate', { data: { username, code: made.activation.code, password } })).ok()).toBe(true);
  return { id: made.user.id, username, password, role: 'jeugdprofessional' };
}

/** A passkey authenticator on this phone (platform, with fingerprint), as Chromium's DevTools offer it. */
async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function passwordStep(page: Page, who: Account) {
  await page.getByLabel('Gebruikersnaam').fill(who.username);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

// A passkey needs a domain name, not an IP address: these pages run on localhost.
const onLocalhost = (baseURL: string | undefined) => baseURL!.replace('127.0.0.1', 'localhost');

test('first log-in makes a passkey; on a second phone with the same key the passkey confirms the log-in', async ({
  browser,
  request,
  baseURL,
}, info) => {
  test.setTimeout(120_000);
  const who = await makeUser(request, 'sleutel');
  const origin = onLocalhost(baseURL);

  const first = await browser.newContext();
  const page = await first.newPage();
  const auth = await virtualAuthenticator(first, page);
  await page.goto(`${origin}/`);
  await passwordStep(page, who);
  await expect(page.getByRole('heading', { name: 'Tweede stap instellen' })).toBeVisible();
  expect(seriousOrWorse(await axeFindings(page, 'tweede-stap', info))).toEqual([]);
  await page.getByRole('button', { name: 'Toegangssleutel maken' }).click();
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();
  const { credentials } = await auth.cdp.send('WebAuthn.getCredentials', { authenticatorId: auth.authenticatorId });
  expect(credentials).toHaveLength(1);

  // The same key on another phone (a security key, or the passkey synced): asked to confirm with it.
  const second = await browser.newContext();
  const phone = await second.newPage();
  const other = await virtualAuthenticator(second, phone);
  await other.cdp.send('WebAuthn.addCredential', { authenticatorId: other.authenticatorId, credential: credentials[0]! });
  await phone.goto(`${origin}/`);
  await passwordStep(phone, who);
  await expect(phone.getByRole('heading', { name: 'Tweede stap', exact: true })).toBeVisible();
  await phone.getByRole('button', { name: 'Inloggen met toegangssleutel' }).click();
  await choosePin(phone);
  await expect(phone.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();

  // A third phone without the key: the passkey is refused, the user stays at the second step.
  const third = await browser.newContext();
  const stranger = await third.newPage();
  await virtualAuthenticator(third, stranger);
  await stranger.goto(`${origin}/`);
  await passwordStep(stranger, who);
  await stranger.getByRole('button', { name: 'Inloggen met toegangssleutel' }).click();
  await expect(stranger.getByRole('alert')).toContainText('toegangssleutel');
  await expect(stranger.getByRole('heading', { name: 'Tweede stap', exact: true })).toBeVisible();
  await Promise.all([first.close(), second.close(), third.close()]);
});

test('an authenticator app: a wrong code is refused in Dutch, the right one signs in; after a reset by the beheerder it is set up again', async ({
  browser,
  request,
}, info) => {
  test.setTimeout(120_000);
  const who = await makeUser(request, 'app');
  const first = await browser.newContext();
  await logInAs(await first.newPage(), who);
  expect(who.totp?.secret).toMatch(/^[A-Z2-7]{16,}$/);

  const second = await browser.newContext();
  const page = await second.newPage();
  await page.goto('/');
  await passwordStep(page, who);
  await expect(page.getByRole('heading', { name: 'Tweede stap', exact: true })).toBeVisible();
  await page.getByLabel('Code uit je app').fill('12345');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('alert')).toHaveText('Vul de code van 6 cijfers uit je app in.');
  await page.getByLabel('Code uit je app').fill('000000');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze code klopt niet');
  expect(seriousOrWorse(await axeFindings(page, 'tweede-stap-fout', info))).toEqual([]);
  await page.screenshot({ path: info.outputPath('tweede-stap-fout.png') });
  // The right code now (the helper types what the app shows).
  await secondFactorIfAsked(page, who);
  await choosePin(page);
  await expect(page.getByRole('heading', { name: 'Vandaag', level: 1 })).toBeVisible();

  // The beheerder resets the second step in the user's screen: the next new phone sets one up again.
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await logInAs(adminPage, { username: 'beheer', password: DEMO_PASSWORD, role: 'beheerder' });
  await adminPage.goto(`/beheer/gebruikers/${who.id}`);
  await expect(adminPage.getByText('app voor inlogcodes')).toBeVisible();
  await adminPage.getByRole('button', { name: 'Tweede stap herstellen' }).click();
  await adminPage.getByRole('button', { name: 'Ja, tweede stap herstellen' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'is hersteld' })).toBeVisible();
  expect(seriousOrWorse(await axeFindings(adminPage, 'gebruiker-tweede-stap', info))).toEqual([]);

  const third = await browser.newContext();
  const fresh = await third.newPage();
  await fresh.goto('/');
  await passwordStep(fresh, who);
  await expect(fresh.getByRole('heading', { name: 'Tweede stap instellen' })).toBeVisible();
  await Promise.all([first.close(), second.close(), admin.close(), third.close()]);
});
