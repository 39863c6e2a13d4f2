import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demoLogin } from './support/fixtures';
import { choosePin, enterPin, TEST_PIN } from './support/lock';
import { rawDump } from './support/storage';

/**
 * Unlocking without a PIN an attacker can guess offline: a passkey on this phone whose WebAuthn PRF
 * output wraps the data key (Chromium's virtual authenticator, `hasPrf`), and PINs that refuse the
 * trivial choices.
 */

async function logInOnly(page: Page, url = '/') {
  await page.goto(url);
  await page.getByLabel('Gebruikersnaam').fill(demoLogin.username);
  await page.getByLabel('Wachtwoord').fill(demoLogin.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { name: 'Kies een pincode' })).toBeVisible();
}

async function checkA11y(page: Page, screen: string, info: TestInfo) {
  expect(seriousOrWorse(await axeFindings(page, screen, info))).toEqual([]);
}

interface StoredKeys {
  pin: unknown;
  passkey?: { credentialId: string; salt: string; wrapped: string } | null;
}

async function storedKeys(page: Page): Promise<StoredKeys> {
  const meta = (await rawDump(page)).meta as { key: string; value: unknown }[];
  return meta.find((r) => r.key === 'deviceKeys')!.value as StoredKeys;
}

test('"Ontgrendelen met vingerafdruk of gezicht": a passkey with PRF wraps the data key, no PIN is stored, a reload opens with the passkey', async ({
  browser,
  baseURL,
}, info) => {
  // WebAuthn needs a domain as relying party: localhost, not 127.0.0.1.
  const origin = baseURL!.replace('127.0.0.1', 'localhost');
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: true,
    },
  });

  await logInOnly(page);
  const passkey = page.getByRole('button', { name: 'Ontgrendelen met vingerafdruk of gezicht' });
  await expect(passkey).toBeVisible();
  await checkA11y(page, 'kies-passkey-of-pincode', info);
  await page.screenshot({ path: info.outputPath('kies-passkey.png') });
  await passkey.click();
  await expect(page.locator('ion-tab-bar')).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);

  // What a copy of the storage holds: a passkey wrap only; nothing a PIN guess could open.
  const keys = await storedKeys(page);
  expect(keys.pin).toBeNull();
  expect(keys.passkey?.wrapped).toBe('bytes(40)');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
  await expect(page.getByLabel('Pincode', { exact: true })).toHaveCount(0);
  await checkA11y(page, 'vergrendeld-passkey', info);
  await page.screenshot({ path: info.outputPath('vergrendeld-passkey.png') });
  await page.getByRole('button', { name: 'Ontgrendelen met vingerafdruk of gezicht' }).click();
  await expect(page.locator('ion-tab-bar')).toBeVisible();

  // The biometric refused: the app stays locked and says so.
  await page.reload();
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await page.getByRole('button', { name: 'Ontgrendelen met vingerafdruk of gezicht' }).click();
  await expect(page.getByRole('alert')).toHaveText(/niet gelukt/);
  await expect(page.locator('ion-tab-bar')).toHaveCount(0);
  await context.close();
});

test('trivial PINs are refused with the reason; a 6-digit PIN that is not trivial opens the app', async ({ page }, info) => {
  await logInOnly(page);
  const pinField = page.getByLabel('Pincode (minstens 6 cijfers)');
  const again = page.getByLabel('Herhaal de pincode');
  const set = page.getByRole('button', { name: 'Pincode instellen' });
  for (const [pin, reason] of [
    ['12345', 'Kies een pincode van minstens 6 cijfers'],
    ['111111', 'Kies niet steeds hetzelfde cijfer'],
    ['123456', 'Kies geen rij zoals 123456 of 654321'],
    ['654321', 'Kies geen rij zoals 123456 of 654321'],
    ['198407', 'Er staat een jaartal in'],
  ] as const) {
    await pinField.fill(pin);
    await again.fill(pin);
    await set.click();
    await expect(page.getByRole('alert')).toContainText(reason);
  }
  await checkA11y(page, 'pincode-te-makkelijk', info);
  await page.screenshot({ path: info.outputPath('pincode-te-makkelijk.png') });
  await choosePin(page, TEST_PIN);
  await expect(page.locator('ion-tab-bar')).toBeVisible();
  const keys = (await storedKeys(page)) as { pin: { kdf: string; memoryKiB: number; iterations: number } };
  expect(keys.pin).toMatchObject({ kdf: 'argon2id', memoryKiB: 65536, iterations: 2 });
  await page.reload();
  await enterPin(page);
  await expect(page.locator('ion-tab-bar')).toBeVisible();
});
