import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { FamilyPage } from './pages/FamilyPage';
import { TodayPage } from './pages/TodayPage';
import { CURRENT_PAGE, type Screen } from './pages/Screen';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { DEMO_PASSWORD, demo, newDevice, type Account } from './support/fixtures';

/**
 * The demo gezin through the real central service, on two phones: Sanne (OBS De Springplank, PO, and
 * Meerwende College, VO) and Ahmed (Vechtdal Lyceum and IKC Het Palet). Each sees the children of
 * their own schools with initials and group, and a child at the other's school only as "a brother or
 * sister at <school>, call <name>". Sanne records a sibling at Ahmed's school; Ahmed links the pupil.
 */

const ahmed: Account = { username: 'ahmed', password: DEMO_PASSWORD, role: 'jeugdprofessional' };

async function synced(screen: Screen) {
  await expect(screen.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 60_000 });
}

async function expectNoSeriousAxe(page: Page, screen: string, info: TestInfo) {
  expect(seriousOrWorse(await axeFindings(page, screen, info)), `axe on ${screen}`).toEqual([]);
}

async function shoot(page: Page, info: TestInfo, name: string, top = false) {
  if (top) {
    await page
      .locator(CURRENT_PAGE)
      .locator('ion-content')
      .evaluate((c: HTMLElement & { scrollToTop(d: number): Promise<void> }) => c.scrollToTop(0));
  }
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
}

/** Vandaag's family plans due for review, and the one family item in it. */
function reviewItem(today: TodayPage, name: RegExp) {
  return today.view.getByRole('region', { name: 'Gezinsplannen' }).getByRole('link', { name });
}

test('a family across a PO and a VO school: details of the own schools, elsewhere only whom to call; a sibling recorded and linked', async ({
  browser,
}, info) => {
  test.setTimeout(300_000);
  const sanne = await newDevice(browser, demo.sanne, { context: { deviceScaleFactor: 1 } });
  const today = new TodayPage(sanne.page);
  // The demo plan's review date is today: a follow-up on Vandaag, named by the children Sanne may see.
  const item = reviewItem(today, /^Gezin S\.B\., Yara · 3 kinderen/);
  await expect(item).toBeVisible({ timeout: 60_000 });
  await expectNoSeriousAxe(sanne.page, 'vandaag met gezinsplan', info);
  await item.click();

  const family = new FamilyPage(sanne.page);
  await family.expectShown();
  const familyPath = new URL(sanne.page.url()).pathname;
  const kids = family.children;
  await expect(kids.getByRole('link', { name: 'S.B. · groep 3 · OBS De Springplank' })).toBeVisible();
  await expect(kids.getByRole('link', { name: 'Yara · 2 havo · Meerwende College' })).toBeVisible();
  await expect(kids.getByText('Heeft een broer/zus op Vechtdal Lyceum')).toBeVisible();
  await expect(kids.getByText('Bel Ahmed El Amrani', { exact: true })).toBeVisible();
  await expect(kids.getByRole('link', { name: 'Bel Ahmed El Amrani, 035 750 21 14' })).toHaveAttribute('href', 'tel:0357502114');
  // Of the child at Ahmed's school nothing but the school and whom to call (Jesse, 1 mavo).
  await expect(kids.getByRole('listitem')).toHaveCount(3);
  await expect(kids).not.toContainText('1 mavo');

  // "A brother or sister at IKC Het Palet": Sanne cannot see its pupils, so she names the school.
  await family.field('School').selectOption({ label: 'IKC Het Palet (Hilversum)' });
  await family.button('Vastleggen').click();
  await expect(kids.getByText('Heeft een broer/zus op IKC Het Palet')).toBeVisible();
  await expect(kids.getByRole('listitem')).toHaveCount(4);

  await shoot(sanne.page, info, 'family-page-children', true);

  // The plan: a goal for vrije tijd (the review date stays today: Ahmed's Vandaag shows it too).
  await family.field('Doel vrije tijd').fill('Zwemles voor de jongste, op zaterdag.');
  await family.button('Gezinsplan opslaan').click();
  await expect(family.view.getByRole('status').filter({ hasText: 'Gezinsplan opgeslagen' })).toBeVisible();
  await expectNoSeriousAxe(sanne.page, 'gezin en gezinsplan', info);
  await shoot(sanne.page, info, 'family-page-plan');
  await synced(family);

  // The pupil page: the family section of S.B.
  await kids.getByRole('link', { name: 'S.B. · groep 3 · OBS De Springplank' }).click();
  await expect(sanne.page.locator(CURRENT_PAGE).getByRole('heading', { name: 'Leerling S.B.', level: 1 })).toBeVisible();
  const section = sanne.page.locator(CURRENT_PAGE).getByRole('region', { name: 'Gezin', exact: true });
  await expect(section.getByRole('link', { name: 'Broer/zus: Yara · 2 havo · Meerwende College' })).toBeVisible();
  await expect(section.getByText('Heeft een broer/zus op Vechtdal Lyceum')).toBeVisible();
  await expect(
    section.getByRole('listitem').filter({ hasText: 'Vechtdal Lyceum' }).getByRole('link', { name: 'Bel Ahmed El Amrani, 035 750 21 14' }),
  ).toBeVisible();
  await expect(section.getByText('Heeft een broer/zus op IKC Het Palet')).toBeVisible();
  await expect(section.getByText(/^Regie: Sanne de Vries · evalueren op/)).toBeVisible();
  await expect(section).not.toContainText('1 mavo');
  await section.scrollIntoViewIfNeeded();
  await expectNoSeriousAxe(sanne.page, 'leerling met gezin', info);
  await shoot(sanne.page, info, 'family-pupil-page');

  // Ahmed's phone: the same family, his children in detail, Sanne's as whom to call; he links the sibling.
  const his = await newDevice(browser, ahmed, { context: { deviceScaleFactor: 1 } });
  const hisToday = new TodayPage(his.page);
  const hisItem = reviewItem(hisToday, /^Gezin Jesse · 4 kinderen/);
  await expect(hisItem).toBeVisible({ timeout: 60_000 });
  await hisItem.click();
  const hisFamily = new FamilyPage(his.page);
  await hisFamily.expectShown();
  await expect(hisFamily.children.getByRole('link', { name: 'Jesse · 1 mavo · Vechtdal Lyceum' })).toBeVisible();
  await expect(hisFamily.children.getByText('Heeft een broer/zus op OBS De Springplank')).toBeVisible();
  await expect(hisFamily.children.getByRole('link', { name: 'Bel Sanne de Vries, 035 750 21 10' }).first()).toBeVisible();
  await expect(hisFamily.field('Doel vrije tijd')).toHaveValue('Zwemles voor de jongste, op zaterdag.');
  await hisFamily.field('Welke leerling van IKC Het Palet?').selectOption({ label: 'Daan · groep 7' });
  await hisFamily.button('Koppelen').click();
  await expect(hisFamily.children.getByRole('link', { name: 'Daan · groep 7 · IKC Het Palet' })).toBeVisible();
  await expect(hisFamily.children).not.toContainText('S.B.');
  await expect(hisFamily.children).not.toContainText('Yara');
  await hisFamily.field('Doel school').fill('Jesse en Daan elke dag op tijd; de scholen bellen elkaar bij verzuim.');
  // The next review in the future: the plan leaves Vandaag on both phones.
  await hisFamily.field('Evalueren op').fill('2031-03-03');
  await hisFamily.button('Gezinsplan opslaan').click();
  await expect(hisFamily.view.getByRole('status').filter({ hasText: 'Gezinsplan opgeslagen' })).toBeVisible();
  await shoot(his.page, info, 'family-page-ahmed');
  await synced(hisFamily);

  // Sanne's phone after its next sync (a fresh start syncs): Ahmed's plan change is there, and of
  // the child he linked she still sees only the school and whom to call.
  await sanne.page.goto(familyPath);
  await family.expectShown();
  await synced(family);
  // The plan form starts from what is stored when the page opens: open it again after the sync.
  await sanne.page.reload();
  await family.expectShown();
  await expect(family.field('Doel school')).toHaveValue(/^Jesse en Daan elke dag op tijd/);
  await expect(kids.getByText('Heeft een broer/zus op IKC Het Palet')).toBeVisible();
  await expect(kids).not.toContainText('Daan');
  await expect(kids.getByRole('listitem')).toHaveCount(4);
  await new TodayPage(sanne.page).open();
  await expect(today.view.getByRole('region', { name: 'Gezinsplannen' })).toContainText('Geen gezinsplan om te evalueren.');
  await sanne.context.close();
  await his.context.close();
});
