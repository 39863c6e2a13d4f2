import type { Page, TestInfo } from '@playwright/test';
import { demo, expect, newDevice, test } from './support/fixtures';
import { ConsultationFormPage } from './pages/ConsultationFormPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ContactFormPage } from './pages/ContactFormPage';
import { ContactPersonsPage } from './pages/ContactPersonsPage';
import { PupilFormPage } from './pages/PupilFormPage';
import { PupilsPage } from './pages/PupilsPage';
import { RecordsPage } from './pages/RecordsPage';
import type { Screen } from './pages/Screen';
import { SettingsPage } from './pages/SettingsPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { TodayPage } from './pages/TodayPage';
import { axeFindings, clippedText, horizontalOverflow, MIN_TARGET, seriousOrWorse, tooSmall, touchTargets } from './support/a11y';
import { schools } from './support/data';
import { pupilWithSignal } from './support/flows';
import { phoneUse } from './support/chromium';
import { draftWith } from './support/storage';

/** Every screen, opened the way a user reaches it, with enough data to show its parts. */
const screens: Record<string, (page: Page) => Promise<Screen>> = {
  vandaag: (page) => new TodayPage(page).open(),
  // After "leerling" (same test): the pupil and signal it recorded are in the list.
  leerlingen: (page) => new PupilsPage(page).open(),
  consultaties: (page) => new ConsultationsPage(page).open(),
  contactpersonen: (page) => new ContactPersonsPage(page).open(),
  leerling: (page) => pupilWithSignal(page),
  'signaal-formulier': async (page) => {
    // With a restored draft and the new-pupil fields open: every control the form can show.
    const form = await new SignalFormPage(page).open();
    await form.fill({
      school: schools.springplank.option,
      pupil: { initials: 'Lu', group: 'groep 2', birthYear: '2020' },
      description: 'Iets',
    });
    await draftWith(page, 'signal:nieuw', 'description', 'Iets');
    await page.reload();
    await form.expectShown();
    await expect(form.discardDraftButton).toBeVisible();
    await expect(form.field('Initialen of roepnaam')).toBeVisible();
    return form;
  },
  'signaal-formulier-met-fouten': async (page) => {
    const form = await new SignalFormPage(page).open();
    await form.select('School', schools.springplank.option);
    await form.save();
    await expect(form.errorSummary.getByRole('listitem')).toHaveCount(5);
    return form;
  },
  'contactmoment-formulier': (page) => new ContactFormPage(page).open(),
  'consultatie-formulier': (page) => new ConsultationFormPage(page).open(),
  'leerling-formulier': (page) => new PupilFormPage(page).open(),
  registraties: (page) => new RecordsPage(page).open(),
  instellingen: async (page) => {
    const settings = await new SettingsPage(page).open();
    await expect(settings.fact('Gebruikt')).toBeVisible();
    return settings;
  },
};

/**
 * Screens that start from the same state share a test: the log-in with its PIN (Argon2id) costs
 * more than the checks, so one per screen was most of this file's time. Each group starts on a
 * fresh device, so every screen is checked in the state it was checked in alone: the screens
 * without data first, the form with errors last (its draft must not show on the others), the two
 * pupil screens on one pupil with a signal, the restored draft on its own.
 */
const groups: Record<string, string[]> = {
  'lists and settings, no data': ['vandaag', 'consultaties', 'contactpersonen', 'registraties', 'instellingen'],
  'empty forms': ['contactmoment-formulier', 'consultatie-formulier', 'leerling-formulier', 'signaal-formulier-met-fouten'],
  'a pupil with a signal': ['leerling', 'leerlingen'],
  'a restored draft': ['signaal-formulier'],
};

/**
 * Per screen three checks (soft, so one failing check does not hide the others): axe at phone
 * size, touch targets of our own controls, and no sideways scrolling at 360 px.
 */
async function checkScreen(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  // Back to phone size: the screen before was measured at 360 px.
  await page.setViewportSize(phoneUse.viewport);
  await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(phoneUse.viewport.width);
  const open = screens[name];
  if (!open) throw new Error(`no screen ${name}`);
  const screen = await open(page);

  await test.step('axe: no serious or critical WCAG 2.1 A/AA violations', async () => {
    const findings = await axeFindings(page, name, testInfo);
    expect.soft(seriousOrWorse(findings), `serious or critical axe violations on ${name}`).toEqual([]);
  });

  await test.step(`touch targets of at least ${MIN_TARGET} x ${MIN_TARGET} px`, async () => {
    const targets = [...(await touchTargets(screen.view)), ...(await touchTargets(page.locator('ion-tab-bar')))];
    expect(targets.length, 'controls were measured').toBeGreaterThan(3);
    await testInfo.attach(`touch-targets-${name}.json`, { body: JSON.stringify(targets, null, 2), contentType: 'application/json' });
    const small = tooSmall(targets);
    const ionic = small.filter((t) => t.ionic);
    if (ionic.length) {
      console.log(
        `[touch] ${name}: Ionic controls below ${MIN_TARGET} px (reported, not failed):\n${ionic.map((t) => `    ${t.control} ${t.width}x${t.height}`).join('\n')}`,
      );
    }
    expect
      .soft(
        small.filter((t) => !t.ionic),
        `our own controls below ${MIN_TARGET} x ${MIN_TARGET} px on ${name}`,
      )
      .toEqual([]);
  });

  await test.step('no horizontal scrolling and no text cut off at 360 px wide', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(360);
    const overflow = await horizontalOverflow(screen.view);
    expect.soft(overflow.document, `document.documentElement.scrollWidth on ${name}`).toBeLessThanOrEqual(360);
    expect.soft(overflow.content, `the screen content of ${name} scrolls sideways by this many px`).toBeLessThanOrEqual(0);
    expect.soft(await clippedText(screen.view), `text cut off at 360 px on ${name}`).toEqual([]);
  });
}

test('every screen is in a group', () => {
  expect(Object.values(groups).flat().sort()).toEqual(Object.keys(screens).sort());
});

for (const [group, names] of Object.entries(groups)) {
  test(`${group} (${names.join(', ')}): axe, touch targets, 360 px wide`, async ({ page }, testInfo) => {
    // A full page load with a PIN unlock per screen, on a busy two-core runner.
    if (names.length > 1) test.slow();
    for (const name of names) {
      await test.step(name, () => checkScreen(page, name, testInfo));
    }
  });
}

/**
 * Every role's tab bar at 360 px: each label shows whole (no ellipsis), so four tabs at most
 * (README, "Vier tabbladen"). Measured on the label's text box, as a clipped label shows it.
 */
for (const who of Object.values(demo)) {
  test(`tab bar of the ${who.role} (${who.username}): every label whole at 360 px`, async ({ browser }, testInfo) => {
    const { context, page } = await newDevice(browser, who, { context: { viewport: { width: 360, height: 740 } } });
    const labels = page.locator('ion-tab-bar ion-tab-button ion-label');
    await expect(labels.first()).toBeVisible();
    const measured = await labels.evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent ?? '', scrollWidth: el.scrollWidth, clientWidth: el.clientWidth })),
    );
    await testInfo.attach(`tabs-${who.role}.json`, { body: JSON.stringify(measured, null, 2), contentType: 'application/json' });
    expect(measured.length, 'tabs').toBeLessThanOrEqual(4);
    expect(
      measured.filter((m) => m.scrollWidth > m.clientWidth),
      'tab labels cut off at 360 px',
    ).toEqual([]);
    await context.close();
  });
}
