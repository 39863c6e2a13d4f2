import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { MeldcodePage } from './pages/MeldcodePage';
import { SignalFormPage } from './pages/SignalFormPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { dates } from './support/data';
import { addPupil, saveSignal } from './support/flows';
import { DB_NAME, readStore, type StoredRecord } from './support/storage';

/**
 * The Meldcode step tracker on a veiligheid signal, on the jeugdprofessional's phone (sync blocked,
 * fixtures.ts). The school's Veilig Thuis is put in the device's directory as a sync would.
 */

const springplankId = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';

/** A contact person as the pull writes it into IndexedDB. */
async function putVeiligThuis(page: Page, phone: string): Promise<void> {
  const now = new Date().toISOString();
  const record = {
    id: crypto.randomUUID(),
    schoolId: springplankId,
    createdBy: 'coordinator',
    createdAt: now,
    updatedAt: now,
    deleted: false,
    version: 1,
    role: 'veilig_thuis',
    name: 'Veilig Thuis Gooi en Vecht (test)',
    organisation: 'Veilig Thuis',
    phone,
    email: '',
    presence: [],
    notes: '',
  };
  await page.evaluate(
    ({ name, record }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('contactPersons', 'readwrite');
          tx.objectStore('contactPersons').put(record);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, record },
  );
}

async function safetySignal(page: Page, initials: string) {
  const pupilPage = await addPupil(page, { school: 'OBS De Springplank (Huizen)', initials, group: 'groep 6', birthYear: '2016' });
  await pupilPage.quickAction('+ Signaal').click();
  const form = new SignalFormPage(page);
  await form.expectShown();
  await saveSignal(
    form,
    {
      theme: 'Veiligheid',
      seriousness: 'Zorgelijk',
      source: 'Leerling',
      description: 'Vertelt over harde klappen thuis.',
      date: dates.late,
    },
    initials,
  );
  await pupilPage.openLink(pupilPage.items('Signaal', 'harde klappen')).click();
  const signal = new SignalFormPage(page, true);
  await signal.expectShown();
  return { pupilPage, signal };
}

test('a trajectory on a veiligheid signal: steps 1 and 2 done, step 3 open, Veilig Thuis one tap away, the disclaimer shown', async ({
  page,
}, info) => {
  await putVeiligThuis(page, '0800 2000');
  const { signal } = await safetySignal(page, 'MK');

  const panel = signal.view.getByRole('region', { name: 'Meldcode' });
  await panel.getByRole('button', { name: 'Meldcode-traject starten' }).click();
  const meldcode = new MeldcodePage(page);
  await meldcode.expectShown();
  await expect(meldcode.disclaimer).toBeVisible();
  await expect(meldcode.progress).toHaveText(/^Stap 1 van 5 open sinds /);

  // Step 2 shows the school's Veilig Thuis from the directory, one tap to call.
  const vt = meldcode.step(2).getByRole('link', { name: /^Bel Veilig Thuis Gooi en Vecht \(test\),/ });
  await expect(vt).toHaveAttribute('href', 'tel:08002000');

  // "Wie" is required: emptied, the step is not saved and the field says why.
  await meldcode.stepForm(1).getByLabel(/^Wie/).fill('');
  await meldcode.stepForm(1).getByRole('button', { name: 'Stap afronden' }).click();
  await expect(meldcode.stepForm(1).getByLabel(/^Wie/)).toHaveAccessibleDescription('Vul in wie deze stap zette');
  // "Afgerond" needs a note too: a step marked done says what was done.
  await expect(meldcode.stepForm(1).getByLabel(/^Notitie/)).toHaveAccessibleDescription(
    /Schrijf in de notitie kort wat je in deze stap deed/,
  );

  await meldcode.completeStep(1, 'Signalen van leerkracht en leerling op een rij gezet.', 'Sanne');
  await expect(meldcode.step(1)).toContainText(/Afgerond op .* door Sanne/);
  await expect(meldcode.progress).toHaveText(/^Stap 2 van 5 open sinds /);
  await meldcode.completeStep(2, 'Overlegd met IB en Veilig Thuis gebeld voor advies.');
  await expect(meldcode.step(2)).toContainText('Overlegd met IB en Veilig Thuis gebeld voor advies.');
  await expect(meldcode.progress).toHaveText(/^Stap 3 van 5 open sinds /);
  await expect(meldcode.stepForm(3)).toBeVisible();
  await expect(meldcode.step(4)).toContainText('Nog niet aan de beurt.');

  // Stored on the device: the two steps done, in one record linked to the signal.
  const [stored] = await readStore<StoredRecord>(page, 'meldcodes');
  expect(stored).toMatchObject({
    step1: { who: 'Sanne' },
    step2: { note: 'Overlegd met IB en Veilig Thuis gebeld voor advies.' },
    step3: null,
    closedDate: null,
  });

  expect(seriousOrWorse(await axeFindings(page, 'meldcode', info))).toEqual([]);
  await expect(page.locator('ion-toast')).toHaveCount(0, { timeout: 15_000 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await meldcode.view.locator('ion-content').evaluate((c: HTMLElement & { scrollToTop(d: number): Promise<void> }) => c.scrollToTop(0));
  await page.screenshot({ path: join(info.project.outputDir, 'screens', 'meldcode.png') });
  await meldcode.step(3).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(info.project.outputDir, 'screens', 'meldcode-stap-3.png') });

  // Back on the signal, the panel shows where the trajectory is.
  await meldcode.backButton.click();
  await signal.expectShown();
  await expect(panel).toContainText(/Stap 3 van 5 open sinds/);
  await expect(panel.getByRole('link', { name: 'Meldcode-traject openen' })).toBeVisible();
  await page.screenshot({ path: join(info.project.outputDir, 'screens', 'signaal-meldcode.png') });
});

test('a step open longer than the reminder period shows a reminder; steps 4 and 5 close the trajectory', async ({ page }) => {
  const { signal } = await safetySignal(page, 'PZ');
  await signal.view.getByRole('region', { name: 'Meldcode' }).getByRole('button', { name: 'Meldcode-traject starten' }).click();
  const meldcode = new MeldcodePage(page);
  await meldcode.expectShown();
  await expect(meldcode.reminder).toHaveCount(0);
  // Without a Veilig Thuis in the directory, step 2 offers the national number.
  await expect(meldcode.step(2).getByRole('link', { name: /^Bel Veilig Thuis, 0800-2000/ })).toHaveAttribute('href', 'tel:08002000');

  // Twelve days later step 1 is still open: more than the default 10 days.
  await page.clock.setFixedTime(new Date(Date.now() + 12 * 86_400_000));
  await page.reload();
  await meldcode.expectShown();
  await expect(meldcode.reminder).toContainText('stap 1 staat al 12 dagen open');

  // This device reminds after 14 days instead: no reminder now.
  await page.getByLabel('Herinner mij als een stap langer open staat dan (dagen)').fill('14');
  await page.getByRole('button', { name: 'Bewaren' }).click();
  await expect(meldcode.reminder).toHaveCount(0);

  for (const n of [1, 2, 3]) await meldcode.completeStep(n, `Stap ${n} gezet.`);
  const afweging = meldcode.stepForm(4);
  // A step needs a note; with one, what is still missing is the afwegingskader.
  await afweging.getByLabel(/^Notitie/).fill('Gewogen met collega.');
  await afweging.getByRole('button', { name: 'Stap afronden' }).click();
  await expect(afweging.getByRole('alert')).toContainText('Beantwoord vraag 1 van het afwegingskader');
  for (let i = 0; i < 5; i++)
    await afweging
      .getByRole('group', { name: new RegExp(`^${i + 1}\\. `) })
      .getByRole('radio', { name: i <= 1 ? 'Ja' : 'Nee' })
      .check();
  await meldcode.completeStep(4, 'Gewogen met collega.');
  await expect(meldcode.step(4)).toContainText(/2\. Schat ik in .*Ja/);
  // Question 2 "ja": the decision step says that reporting to Veilig Thuis is the norm.
  await expect(meldcode.stepForm(5).getByRole('note')).toContainText(
    'Volgens het afwegingskader is melden bij Veilig Thuis de norm: vraag 2 is met ja beantwoord',
  );
  await meldcode.stepForm(5).getByRole('radio', { name: 'Melden én hulp organiseren' }).check();
  await meldcode.completeStep(5, 'Melding gedaan, hulp via wijkteam.');
  await expect(meldcode.progress).toHaveText(/^Afgesloten op .*: melden én hulp organiseren$/);
  await expect(meldcode.step(5)).toContainText('Besluit: Melden én hulp organiseren');

  // The last step can be changed: it opens again with its values, the trajectory is open until it is
  // closed again; an earlier step has no such button.
  await expect(meldcode.step(4).getByRole('button', { name: 'Stap 4 wijzigen' })).toHaveCount(0);
  await meldcode.step(5).getByRole('button', { name: 'Stap 5 wijzigen' }).click();
  const again = meldcode.stepForm(5);
  await expect(again.getByLabel(/^Notitie/)).toHaveValue('Melding gedaan, hulp via wijkteam.');
  await expect(again.getByRole('radio', { name: 'Melden én hulp organiseren' })).toBeChecked();
  await expect(meldcode.progress).not.toHaveText(/^Afgesloten/);
  await again.getByRole('radio', { name: 'Hulp organiseren', exact: true }).check();
  await meldcode.completeStep(5, 'Hulp via wijkteam; melding niet nodig na overleg.');
  await expect(meldcode.progress).toHaveText(/^Afgesloten op .*: hulp organiseren$/);
  await expect(meldcode.step(5)).toContainText('Hulp via wijkteam; melding niet nodig na overleg.');
});
