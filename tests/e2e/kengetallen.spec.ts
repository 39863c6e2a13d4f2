import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, logInAs } from './support/fixtures';

/**
 * The coordinator's kengetallen dashboard against the real central service and the demo region.
 * Asserts on what a filter changes and on figures the demo has, never on exact demo counts.
 */

async function openDashboard(page: Page) {
  await logInAs(page, demo.coordinator);
  await page
    .getByRole('tab', { name: 'Kengetallen' })
    .or(page.getByRole('link', { name: 'Kengetallen' }))
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Kengetallen', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Kerncijfers' })).toBeVisible({ timeout: 20_000 });
}

/** A select of the dashboard's filters (Contactpersonen, the coordinator's home, also has a "School"). */
const filter = (page: Page, label: string) => page.getByRole('form', { name: 'Filters' }).getByLabel(label, { exact: true });

const cardValue = (page: Page, label: string) =>
  page.getByRole('list', { name: 'Kerncijfers' }).getByRole('listitem').filter({ hasText: label }).locator('.kengetal-card-value');

test('the dashboard renders the demo region with cards, charts and their tables', async ({ page }, info) => {
  await openDashboard(page);
  // The demo has signals at six schools in the last weeks: a number, not 0.
  await expect(cardValue(page, 'Signalen')).toHaveText(/^(\d+|<5|x)$/);
  await expect(cardValue(page, 'Signalen')).not.toHaveText('0');
  // Per month, or per quarter when a month view would have to hide a total.
  await expect(page.getByRole('img', { name: /signalen per (maand|kwartaal)/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /signalen per school/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/kengetallen-390.png' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: 'test-results/screens/kengetallen-1280.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  // Every school of the region is a column of the comparison table.
  await page.getByText('Tabel bij deze grafiek').nth(1).click();
  const schoolsTable = page.getByRole('table', { name: 'Signalen per periode en school' });
  await expect(schoolsTable.getByRole('columnheader', { name: 'OBS De Springplank' })).toBeVisible();
  await expect(schoolsTable.getByRole('columnheader', { name: 'SO De Kaap' })).toBeVisible();
  const findings = seriousOrWorse(await axeFindings(page, 'kengetallen', info));
  expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
});

test('a filter changes the figures and the URL; the URL restores the view', async ({ page }) => {
  await openDashboard(page);
  const signals = cardValue(page, 'Signalen');
  const before = await signals.textContent();
  await filter(page, 'Thema').selectOption('veiligheid');
  await expect(page).toHaveURL(/theme=veiligheid/);
  await expect(page.getByText(/Kengetallen voor .*Veiligheid/)).toBeVisible();
  await filter(page, 'School').selectOption({ label: 'SO De Kaap' });
  await expect(page).toHaveURL(/school=0b6c1a52-3f1e-4c8a-9a51-7f7d2a000006/);
  await expect(page.getByText(/Kengetallen voor .*SO De Kaap/)).toBeVisible();
  // Only one school left in the comparison.
  await page.getByText('Tabel bij deze grafiek').nth(1).click();
  const schoolsTable = page.getByRole('table', { name: 'Signalen per periode en school' });
  await expect(schoolsTable.getByRole('columnheader', { name: 'SO De Kaap' })).toBeVisible();
  await expect(schoolsTable.getByRole('columnheader', { name: 'OBS De Springplank' })).toHaveCount(0);
  await filter(page, 'Per').selectOption('quarter');
  await expect(page).toHaveURL(/period=quarter/);
  await expect(page.getByRole('heading', { name: 'Signalen per kwartaal' })).toBeVisible();
  // Back to all themes and schools: the figure is what it was.
  const url = page.url();
  await filter(page, 'Thema').selectOption('');
  await filter(page, 'School').selectOption('');
  await filter(page, 'Per').selectOption('month');
  await expect(page).not.toHaveURL(/theme=|school=|period=/);
  await expect(signals).toHaveText(before ?? '');
  // A shared link opens the same filtered view.
  await page.goto(url);
  await expect(filter(page, 'Thema')).toHaveValue('veiligheid');
  await expect(filter(page, 'Per')).toHaveValue('quarter');
  await expect(page.getByText(/Kengetallen voor .*SO De Kaap/)).toBeVisible();
});

// Two checks on one opened dashboard: the log-in with its first sync is the costly part.
test('the CSV downloads with BOM and ";" and parses; offline, a clear message instead of figures', async ({ page, context }) => {
  await openDashboard(page);
  await test.step('the CSV downloads with BOM and ";" and parses', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download als CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kengetallen_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes
      .subarray(3)
      .toString('utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(rows[0]).toEqual(['Onderdeel', 'Rij', 'Kolom', 'Waarde']);
    expect(rows.every((r) => r.length === 4)).toBe(true);
    expect(rows.some((r) => r[0] === 'Signalen naar thema en ernst' && r[1] === 'Totaal' && r[2] === 'Totaal')).toBe(true);
    await expect(page.getByRole('status').filter({ hasText: 'is gedownload' })).toBeVisible();
  });
  await test.step('offline: a clear message instead of figures', async () => {
    await context.setOffline(true);
    await expect(page.getByText('Je bent offline. Kengetallen komen van de centrale dienst')).toBeVisible();
    await context.setOffline(false);
    await expect(page.getByRole('list', { name: 'Kerncijfers' })).toBeVisible({ timeout: 20_000 });
  });
});

test('per gemeente: at 390 px, and opened from a shared link with its tables open', async ({ page }, info) => {
  await openDashboard(page);
  await test.step('at 390 px: gemeenten as columns, the Totaal column in view, no bare "x" tile', async () => {
    await filter(page, 'Indeling').selectOption('gemeente');
    await expect(page).toHaveURL(/groupBy=gemeente/);
    await expect(page.getByRole('heading', { name: 'Signalen per gemeente' })).toBeVisible();
    await expect(page.getByText(/Kengetallen voor .*per gemeente/)).toBeVisible();
    // The return to school, counted from the routes, per gemeente too.
    for (const months of [3, 6]) {
      await expect(page.getByRole('region', { name: `Terug naar onderwijs binnen ${months} maanden per gemeente` })).toBeAttached();
    }
    await page.getByText('Tabel bij deze grafiek').nth(1).click();
    const table = page.getByRole('table', { name: /Signalen per periode en gemeente/ });
    await expect(table).toBeVisible();
    // The demo's schools lie in Huizen, Bussum, Hilversum and Weesp (small ones merged as "Overige gemeenten").
    const headers = await table.locator('thead th[scope="col"]').allTextContents();
    expect(headers.length).toBeGreaterThan(1);
    for (const h of headers) expect(['Huizen', 'Bussum', 'Hilversum', 'Weesp', 'Overige gemeenten', 'Totaal']).toContain(h.trim());
    // The Totaal column stays within the 390 px screen while the table scrolls.
    const totaal = table.getByRole('columnheader', { name: 'Totaal' });
    const box = await totaal.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // A headline tile that is hidden says why and offers a coarser view.
    const cards = page.getByRole('list', { name: 'Kerncijfers' }).getByRole('listitem');
    for (const card of await cards.all()) {
      if ((await card.locator('.kengetal-card-value').textContent()) === 'x') {
        await expect(card.getByText(/Verborgen: anders is een klein aantal/)).toBeVisible();
        await expect(card.getByRole('button')).toBeVisible();
      }
    }
    await page.screenshot({ path: 'test-results/screens/kengetallen-gemeente-390.png', fullPage: false });
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/kengetallen-gemeente-table-390.png' });
  });
  await test.step('opened from a shared link with its tables open: axe finds nothing serious', async () => {
    await page.goto('/kengetallen?groupBy=gemeente');
    await expect(page.getByRole('heading', { name: 'Signalen per gemeente' })).toBeVisible({ timeout: 20_000 });
    await page.getByText('Tabel bij deze grafiek').nth(1).click();
    await expect(page.getByRole('table', { name: /Signalen per periode en gemeente/ })).toBeVisible();
    const findings = seriousOrWorse(await axeFindings(page, 'kengetallen-gemeente', info));
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });
});
