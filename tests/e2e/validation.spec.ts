import { expect, test } from './support/fixtures';
import { SignalFormPage } from './pages/SignalFormPage';
import { schools } from './support/data';
import { outbox, records, waitingText } from './support/storage';

test('an empty signal form is refused with Dutch messages at the fields and in a summary', async ({ page }) => {
  // A Saturday: no school today, so the form starts without one (on a school day it starts there).
  await page.clock.setFixedTime(new Date('2026-11-14T09:00:00+01:00'));
  const form = await new SignalFormPage(page).open();
  await expect(form.errorSummary).toHaveText('');

  await form.save();
  // Every problem at once, in form order; focus on the first (the school: the pupils depend on it).
  await expect(form.errorSummary).toContainText('Controleer deze 6 velden:');
  await expect(form.errorSummary.getByRole('listitem')).toHaveText([
    'Kies een school',
    'Kies een leerling',
    'Kies een thema',
    'Kies hoe ernstig het is',
    'Kies van wie het signaal komt',
    'Beschrijf het signaal (minstens 3 tekens)',
  ]);
  await form.expectFieldError(form.field('School'), 'Kies een school');
  await expect(form.field('School')).toBeFocused();

  await form.select('School', schools.springplank.option);
  // Fixing a field clears its message straight away.
  await expect(form.field('School')).not.toHaveAttribute('aria-invalid');
  await form.save();
  await expect(form.errorSummary).toContainText('Controleer deze 5 velden:');
  await form.expectFieldError(form.field('Leerling'), 'Kies een leerling');
  await form.expectFieldError(form.theme, 'Kies een thema');
  await form.expectFieldError(form.seriousness, 'Kies hoe ernstig het is');
  await form.expectFieldError(form.source, 'Kies van wie het signaal komt');
  await form.expectFieldError(form.description, 'Beschrijf het signaal (minstens 3 tekens)');
  await expect(form.field('Leerling')).toBeFocused();
  // The message is text on the screen, not only an attribute.
  await expect(form.view.getByText('Kies hoe ernstig het is', { exact: true }).last()).toBeVisible();
  // Optional and valid fields are not marked.
  await expect(form.date).not.toHaveAttribute('aria-invalid');
  await expect(form.followUp).not.toHaveAttribute('aria-invalid');

  await form.expectStatus('Online', waitingText(0));
  expect(await outbox(page)).toEqual([]);
  expect(await records(page, 'signals')).toEqual([]);
});

test('a number as initials, or a BSN in the description, is refused and nothing is saved', async ({ page }) => {
  const form = await new SignalFormPage(page).open();
  await form.fill({
    school: schools.meerwende.option,
    pupil: { initials: '123456789', group: '2 havo', birthYear: '2012' },
    theme: 'Gedrag',
    seriousness: 'Zorg',
    source: "IB'er",
    description: 'Vecht in de pauze.',
  });
  await form.save();

  const initials = form.field('Initialen of roepnaam');
  await form.expectFieldError(initials, /cijfers.*BSN/);
  await expect(form.errorSummary.getByRole('listitem')).toHaveText([/BSN/]);
  await expect(initials).toBeFocused();
  await expect(form.view.getByText(/Alleen cijfers is niet toegestaan.*nooit een BSN/).first()).toBeVisible();

  // Initials fixed, but a BSN (passes the elfproef) written in the description.
  await initials.fill('Sem');
  await form.description.fill('Moeder noemde BSN 111222333 aan de telefoon.');
  await form.save();
  await form.expectFieldError(form.description, /lijkt op een BSN/);
  await expect(form.errorSummary.getByRole('listitem')).toHaveText([/lijkt op een BSN/]);

  // Still on the form, and nothing stored: no pupil, no signal, no change waiting.
  await form.expectShown();
  await form.expectStatus('Online', waitingText(0));
  expect(await outbox(page)).toEqual([]);
  expect(await records(page, 'pupils')).toEqual([]);
  expect(await records(page, 'signals')).toEqual([]);
});
