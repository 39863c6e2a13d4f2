import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TodayPage } from './pages/TodayPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, demoLogin, newDevice } from './support/fixtures';
import { recordNewPupilSignal } from './support/flows';
import { rawDump } from './support/storage';
import { deviceCode } from '../../src/domain/device';

/**
 * "Vervangen" next to "Intrekken", through the real central service: two of Sanne's phones each
 * record a signal offline; from her laptop she replaces one and revokes the other. The replaced
 * phone sends its work first and then wipes itself; the revoked one wipes at once and its work is lost.
 */

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 7)}`;

async function phone(browser: Browser): Promise<Page> {
  const { page } = await newDevice(browser, demo.sanne, { serviceWorker: true });
  await expect(new TodayPage(page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, {
    timeout: 30_000,
  });
  return page;
}

async function idOf(page: Page): Promise<string> {
  return ((await rawDump(page)).meta as { key: string; value: unknown }[]).find((r) => r.key === 'deviceId')!.value as string;
}

/** Every pupil's initials the server holds for Sanne, through a fresh log-in of hers. */
async function serverInitials(request: APIRequestContext): Promise<string[]> {
  const login = await request.post('/api/auth/login', { data: { ...demoLogin, deviceId: randomUUID(), deviceName: 'Controle' } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const out: string[] = [];
  let cursor = '0';
  for (;;) {
    const res = await request.get(`/api/sync/pull?cursor=${cursor}&limit=500`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-protocol-version': '2' },
    });
    const page = (await res.json()) as { changes: { entity: string; record: { initials?: string } }[]; cursor: string; hasMore: boolean };
    out.push(...page.changes.filter((c) => c.entity === 'pupil').map((c) => String(c.record.initials)));
    cursor = page.cursor;
    if (!page.hasMore) return out;
  }
}

test('"Vervangen" keeps a record made offline that "Intrekken" loses', async ({ browser, request }, info) => {
  test.setTimeout(180_000);
  const replaced = await phone(browser);
  const revoked = await phone(browser);
  const keep = unique('Vv');
  const lose = unique('Ik');

  // Both phones record a signal while the service cannot be reached.
  for (const [page, initials] of [
    [replaced, keep],
    [revoked, lose],
  ] as const) {
    await page.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    await recordNewPupilSignal(page, initials, 'Vastgelegd op de oude telefoon.');
  }
  const replacedCode = deviceCode(await idOf(replaced));
  const revokedCode = deviceCode(await idOf(revoked));

  // From her laptop: one phone replaced, the other revoked.
  const { page: laptop } = await newDevice(browser, demo.sanne);
  await laptop.goto('/instellingen');
  const devices = laptop.getByRole('list', { name: 'Mijn toestellen' });
  await expect(devices).toBeVisible();
  await devices.getByRole('button', { name: `Vervangen Chrome op Linux (code ${replacedCode})` }).click();
  const confirm = laptop.getByRole('group', { name: new RegExp(`^Toestel Chrome op Linux \\(code ${replacedCode}\\) vervangen\\?`) });
  await expect(confirm).toContainText('stuurt het eerst alles wat nog wacht');
  expect(seriousOrWorse(await axeFindings(laptop, 'toestel-vervangen', info))).toEqual([]);
  await laptop.setViewportSize({ width: 360, height: 800 });
  await confirm.scrollIntoViewIfNeeded();
  await laptop.screenshot({ path: join(info.project.outputDir, 'screens', 'toestel-vervangen-360.png') });
  await confirm.getByRole('button', { name: 'Ja, vervangen' }).click();
  await expect(devices.getByRole('listitem').filter({ hasText: `Code ${replacedCode}` })).toContainText('Wordt vervangen');
  await devices.getByRole('button', { name: `Intrekken Chrome op Linux (code ${revokedCode})` }).click();
  await laptop.getByRole('button', { name: 'Ja, intrekken' }).click();
  await expect(devices.getByRole('listitem').filter({ hasText: `Code ${revokedCode}` })).toContainText('Ingetrokken');
  // The demo's own log-in is named for what it is and has no actions.
  const demoCard = devices.getByRole('listitem').filter({ hasText: 'Demogegevens (geen toestel)' });
  await expect(demoCard.first()).toBeVisible();
  await expect(demoCard.getByRole('button')).toHaveCount(0);

  // Both phones get their connection back and are wiped; only the replaced one sent its work first.
  for (const page of [replaced, revoked]) {
    await page.unroute('**/api/sync/**');
    const reloaded = page.waitForEvent('load');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await reloaded;
    await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  }
  const onServer = await serverInitials(request);
  expect(onServer).toContain(keep);
  expect(onServer).not.toContain(lose);
});
