// The details of daily use: every form asks the pupil first, the error summary follows the field order,
// the sticky "Opslaan" never covers a field, a saved toast never hides the page title, a follow-up
// can be marked "Opgevolgd", and every device shows the browser and platform it reported.
import { test as base, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ContactFormPage } from './pages/ContactFormPage';
import { RequestFormPage } from './pages/RequestFormPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { schools } from './support/data';
import { demo, expect, logInAs, test } from './support/fixtures';
import { recordSignal } from './support/flows';
import { outbox } from './support/storage';

const shot = (page: Page, name: string) => page.screenshot({ path: join(test.info().project.outputDir, 'screens', `${name}.png`) });

/** Where an element is on the screen (it is there: the caller waited for it). */
const box = async (l: Locator) => (await l.boundingBox())!;

test('every record form asks the school and pupil first', async ({ page }) => {
  for (const form of [new SignalFormPage(page), new ContactFormPage(page), new ConsultationFormPage(page)]) {
    await form.open();
    const labels = await form.view.locator('form .field > label, form fieldset.field > legend').allInnerTexts();
    expect(
      labels.slice(0, 2).map((l) => l.replace(/ \(optioneel\)$/, '')),
      form.heading,
    ).toEqual(['School', 'Leerling']);
  }
});

base("the IB'er's question form lists its errors in the order of the fields and puts focus on the first", async ({ page }, info) => {
  await logInAs(page, demo.ib);
  const form = await new RequestFormPage(page).open();
  // A field further down filled in, one near the top left empty: the order is the screen's, not the schema's.
  await form.field('Vraag').fill('Hoe pakken we dit aan?');
  await form.sendButton.click();
  const summary = form.errorSummary.getByRole('listitem');
  await expect(summary.first()).toBeVisible();
  const onScreen = await form.view.locator('form .field-error').allInnerTexts();
  expect(onScreen.length).toBeGreaterThan(2);
  expect(await summary.allInnerTexts()).toEqual(onScreen);
  await expect(form.field('Initialen of roepnaam')).toBeFocused();
  await form.expectFieldError(form.field('Initialen of roepnaam'), /./);

  expect(seriousOrWorse(await axeFindings(page, 'request-form-errors', info))).toEqual([]);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await shot(page, 'request-form-errors');
});

test('the sticky "Opslaan" never covers a field, also with the on-screen keyboard open', async ({ page }) => {
  const form = await new SignalFormPage(page).open();
  // The button, not the bar's transparent top edge: that is what would hide a field.
  const bar = form.saveButton;
  const fields = ['School', 'Thema', 'Bron', 'Beschrijving', 'Datum', 'Opvolgen op'];
  // 844: the phone; 460: the same phone with its keyboard open (the page resizes with it: index.html).
  for (const height of [844, 460]) {
    await page.setViewportSize({ width: 390, height });
    for (const label of fields) {
      const field = form.field(label);
      await field.focus();
      await expect
        .poll(async () => (await box(field)).y + (await box(field)).height <= (await box(bar)).y, {
          message: `${label} at ${height} px clears the button`,
        })
        .toBe(true);
    }
    await shot(page, `signal-form-sticky-${height}`);
  }
});

test("a saved toast sits below the header: the page title stays readable and the next form's button free", async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && m.text().includes('ion-toast') && warnings.push(m.text()));
  await recordSignal(
    page,
    {
      school: schools.springplank.option,
      pupil: { initials: 'TO', group: 'groep 6', birthYear: '2016' },
      theme: 'Gedrag',
      seriousness: 'Zorg',
      source: 'Leerkracht',
      description: 'Onrustig in de klas.',
    },
    'TO',
  );
  const wrapper = () =>
    page.evaluate(() => {
      const w = document.querySelector('ion-toast')?.shadowRoot?.querySelector('.toast-wrapper')?.getBoundingClientRect();
      const header = document.querySelector('ion-router-outlet > .ion-page:not(.ion-page-hidden) > ion-header')?.getBoundingClientRect();
      return w && header ? { top: Math.round(w.top), bottom: Math.round(w.bottom), headerBottom: Math.round(header.bottom) } : null;
    });
  await expect(page.locator('ion-toast').filter({ hasText: 'Signaal opgeslagen' })).toBeVisible();
  // Below the header (title and status strip), and far from the bottom where a form's Opslaan is.
  await expect
    .poll(async () => {
      const w = await wrapper();
      return w !== null && w.top >= w.headerBottom && w.bottom < 844 - 150;
    })
    .toBe(true);
  await shot(page, 'saved-toast');
  expect(warnings).toEqual([]);
});

test('"Opgevolgd" takes a follow-up off Vandaag, with an undo, and stores it on the record', async ({ page }, info) => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  await recordSignal(
    page,
    {
      school: schools.springplank.option,
      pupil: { initials: 'OV', group: 'groep 4', birthYear: '2018' },
      theme: 'Verzuim',
      seriousness: 'Zorg',
      source: 'Leerkracht',
      description: 'Ouders bellen over verzuim.',
      followUp: today,
    },
    'OV',
  );
  const vandaag = await new TodayPage(page).open();
  const card = vandaag.followUpItems.filter({ hasText: 'Ouders bellen over verzuim.' });
  await expect(card).toHaveCount(1);
  const done = vandaag.followUps.getByRole('button', { name: 'Opgevolgd (signaal)' });
  expect(seriousOrWorse(await axeFindings(page, 'vandaag-opgevolgd', info))).toEqual([]);
  await shot(page, 'vandaag-opgevolgd');

  await done.click();
  await expect(card).toHaveCount(0);
  const notice = vandaag.view.locator('.undo-notice');
  await expect(notice).toContainText('Signaal opgevolgd');
  await notice.getByRole('button', { name: 'Ongedaan maken' }).click();
  await expect(card).toHaveCount(1);

  await done.click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await vandaag.expectShown();
  await expect(vandaag.followUps.getByRole('list')).toHaveCount(0);
  await expect(vandaag.followUps).toContainText('Niets op te volgen vandaag');

  const signalId = (await outbox(page)).find((m) => m.entity === 'signal')!.recordId;
  const changes = (await outbox(page)).filter((m) => m.recordId === signalId && m.kind === 'update').map((m) => m.changes.followedUpOn);
  expect(changes).toEqual([today, null, today]);
});

test('every device shows the browser and platform it reported', async ({ page }) => {
  const settings = await new SettingsPage(page).open();
  await expect(settings.devices.first()).toContainText(/Browser en systeem \(zoals gemeld bij inloggen\): \S+ op \S+/);
});
