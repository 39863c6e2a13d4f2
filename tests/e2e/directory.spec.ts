import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { join } from 'node:path';
import { DirectoryFormPage } from './pages/DirectoryFormPage';
import { DirectoryPage } from './pages/DirectoryPage';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { schools } from './support/data';
import { demo, newDevice, type Account } from './support/fixtures';
import { autoUnlock } from './support/lock';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { drafts, readStore } from './support/storage';

/**
 * Vaste contactpersonen through the real central service: the coordinator keeps the directory on
 * one device, the IB'er of De Springplank reads it on her phone, also offline. Names carry a token
 * unique to the run, so demo data and other runs never change what these tests find.
 */

async function device(browser: Browser, who: Account): Promise<{ context: BrowserContext; page: Page; directory: DirectoryPage }> {
  const { context, page } = await newDevice(browser, who);
  // Once the worker the first load registered is active, opening the directory is a load it
  // controls: no extra reload (and PIN unlock) just to be controlled.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const directory = await new DirectoryPage(page).open();
  await waitForServiceWorkerControl(page);
  await directory.expectShown();
  await synced(directory);
  return { context, page, directory };
}

/** Synced with nothing waiting: the outbox is empty and the strip says so. */
async function synced(screen: DirectoryPage) {
  await expect.poll(async () => (await readStore(screen.page, 'outbox')).length, { timeout: 30_000 }).toBe(0);
  await expect(screen.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
}

/** The weekday it is in Amsterdam now, as the app names it ("dinsdag"), and one that is not today. */
function weekdays(): { today: string; other: string } {
  const today = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', timeZone: 'Europe/Amsterdam' }).format(new Date());
  const all = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];
  return { today, other: all[(all.indexOf(today) + 3) % 7]! };
}

test("the coordinator edits a contact person and the IB'er's phone shows it offline after one sync", async ({ browser }, info) => {
  // Two devices, four syncs and two reloads with the service worker: more than the default minute on 2 shared cores.
  test.setTimeout(180_000);
  const token = `Q${Math.random().toString(36).slice(2, 6)}`;
  const henk = `Henk ${token}`;
  const joke = `Joke ${token}`;
  const day = weekdays();

  const coordinator = await device(browser, demo.coordinator);
  const ib = await device(browser, demo.ib);

  // The coordinator adds two people to De Springplank: Henk is at school today, Joke on another day.
  await test.step('the coordinator adds two contact persons', async () => {
    for (const p of [
      { name: henk, role: 'Leerplichtambtenaar', phone: '035 111 22 33', day: day.today, from: '08:30', to: '12:00' },
      { name: joke, role: 'JGZ (jeugdarts / jeugdverpleegkundige)', phone: '035 444 55 66', day: day.other, from: '13:00', to: '15:30' },
    ]) {
      await coordinator.directory.addLink.click();
      const form = new DirectoryFormPage(coordinator.page);
      await form.expectShown();
      await form.fill({
        school: schools.springplank.option,
        role: p.role,
        name: p.name,
        organisation: 'Gemeente Huizen',
        phone: p.phone,
        slots: [{ day: p.day, from: p.from, to: p.to }],
      });
      await form.save();
      await coordinator.directory.expectShown();
      await expect(coordinator.directory.toast(`${p.name} toegevoegd`)).toBeVisible();
    }
    await coordinator.directory.search.fill(token);
    await expect(coordinator.directory.person(henk)).toContainText(`${day.today} 8:30–12:00`);
    await synced(coordinator.directory);
  });

  await test.step("the IB'er syncs and sees them, without edit controls", async () => {
    await ib.page.reload();
    await ib.directory.expectShown();
    await synced(ib.directory);
    await ib.directory.search.fill(token);
    await expect(ib.directory.callLink(henk)).toHaveAttribute('href', 'tel:0351112233');
    await expect(ib.directory.addLink).toHaveCount(0);
    await expect(ib.directory.editLinks).toHaveCount(0);
  });

  await test.step("the coordinator changes Henk's phone number and syncs", async () => {
    await coordinator.directory.editLink(henk).click();
    const form = new DirectoryFormPage(coordinator.page, true);
    await form.expectShown();
    await expect(form.field('Telefoon')).toHaveValue('035 111 22 33');
    await form.field('Telefoon').fill('035 999 88 77');
    await form.save();
    await coordinator.directory.expectShown();
    await synced(coordinator.directory);
  });

  await test.step("the IB'er syncs once, goes offline, reloads and sees the new number", async () => {
    await ib.page.reload();
    await ib.directory.expectShown();
    await synced(ib.directory);
    await ib.context.setOffline(true);
    await ib.page.reload();
    await ib.directory.expectShown();
    await expect(ib.directory.statusLine).toHaveText(/^Offline/);
    await ib.directory.search.fill(token);
    const call = ib.directory.callLink(henk);
    await expect(call).toHaveAttribute('href', 'tel:0359998877');
    await expect(call).toHaveText('035 999 88 77');
    // Under the school, in the section of his role.
    await expect(
      ib.directory
        .schoolSection(schools.springplank.name)
        .getByRole('region', { name: 'Leerplichtambtenaar' })
        .getByRole('heading', { name: henk }),
    ).toBeVisible();
    await expect(ib.directory.person(henk)).toContainText('Gemeente Huizen');
    await expect(ib.directory.callLink(joke)).toHaveAttribute('href', 'tel:0354445566');
  });

  await test.step('search across roles and schools, and "vandaag op school", offline', async () => {
    const d = ib.directory;
    await d.search.fill(`jgz ${token}`);
    await expect(d.person(joke)).toBeVisible();
    await expect(d.person(henk)).toHaveCount(0);
    await d.search.fill(`springplank ${token}`);
    await expect(d.resultCount).toHaveText('2 contactpersonen gevonden');
    await d.search.fill(token);
    await d.todayToggle.check();
    await expect(d.person(henk)).toBeVisible();
    // The badge follows the clock: before, during or after his morning at school.
    await expect(d.person(henk)).toContainText(/Vandaag 8:30–12:00|Nu op school, tot 12:00|Was vandaag tot 12:00/);
    await expect(d.person(joke)).toHaveCount(0);
    await d.todayToggle.uncheck();
    await expect(d.person(joke)).toBeVisible();
  });

  await test.step('axe on the directory for both roles, and on the contact person form', async () => {
    await ib.directory.search.fill(token);
    expect(seriousOrWorse(await axeFindings(ib.page, 'contactpersonen-ib', info))).toEqual([]);
    await coordinator.directory.search.fill(token);
    expect(seriousOrWorse(await axeFindings(coordinator.page, 'contactpersonen-coordinator', info))).toEqual([]);
    await coordinator.directory.editLink(joke).click();
    const form = new DirectoryFormPage(coordinator.page, true);
    await form.expectShown();
    expect(seriousOrWorse(await axeFindings(coordinator.page, 'contactpersoon-formulier', info))).toEqual([]);
  });

  await test.step('screenshots: the directory at 390 x 844, and the form on a desktop', async () => {
    await ib.directory.search.fill('');
    await ib.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ib.page.screenshot({ path: join(info.project.outputDir, 'screens', 'contactpersonen.png') });
    await coordinator.page.setViewportSize({ width: 1280, height: 900 });
    await coordinator.page.screenshot({ path: join(info.project.outputDir, 'screens', 'contactpersoon-formulier-desktop.png') });
  });

  await coordinator.context.close();
  await ib.context.close();
});

test('the coordinator deletes a contact person and can undo it; a wrong time is a Dutch field error', async ({ browser }) => {
  // Two tabs and a sync: more than the default minute on 2 shared cores.
  test.setTimeout(120_000);
  const token = `R${Math.random().toString(36).slice(2, 6)}`;
  const name = `Ria ${token}`;
  const coordinator = await device(browser, demo.coordinator);
  const d = coordinator.directory;

  await d.addLink.click();
  const form = new DirectoryFormPage(coordinator.page);
  await form.expectShown();
  await form.fill({
    school: schools.vuurvogel.option,
    role: 'Veilig Thuis',
    name,
    slots: [{ day: 'maandag', from: '12:00', to: '09:00' }],
  });
  await form.save();
  await expect(form.errorSummary).toContainText('Vul een telefoonnummer of e-mailadres in');
  await expect(form.errorSummary).toContainText('Dagdeel 1: de eindtijd moet na de begintijd liggen');
  await form.expectFieldError(form.field('Telefoon'), 'Vul een telefoonnummer of e-mailadres in');
  await form.field('Telefoon').fill('0800-2000');
  await form.slot(1).getByRole('button', { name: 'Dagdeel 1 verwijderen' }).click();
  await form.field('E-mail').fill('advies@veiligthuis.example');
  await form.save();
  await d.expectShown();
  await d.search.fill(token);
  await expect(d.mailLink(name)).toHaveAttribute('href', 'mailto:advies@veiligthuis.example');

  await d.editLink(name).click();
  const edit = new DirectoryFormPage(coordinator.page, true);
  await edit.expectShown();

  // A change that reaches the open form (here saved in a second tab; a sync does the same) re-creates
  // the form with the new values: the page stays shown, never a blank screen.
  const tab = await coordinator.context.newPage();
  autoUnlock(tab);
  await tab.goto(new URL(coordinator.page.url()).pathname);
  const other = new DirectoryFormPage(tab, true);
  await other.expectShown();
  await other.field('Notities').fill('Alleen op maandag bereikbaar');
  await other.save();
  // The app returns to the list once the change is stored. Navigating before that threw the save
  // away (a flaky CI run: the outbox was empty, so `synced` passed without a push).
  await new DirectoryPage(tab).expectShown();
  await synced(await new DirectoryPage(tab).open());
  await tab.close();
  await expect(edit.field('Notities')).toHaveValue('Alleen op maandag bereikbaar');
  await edit.expectShown();

  // Typed but not saved, then deleted: the form's draft goes with the person, so after the undo the
  // form opens with what is stored, not with the abandoned typing.
  await edit.field('Notities').fill('Niet bewaren');
  const abandoned = async () => (await drafts(coordinator.page)).filter((x) => Object.values(x.values).includes('Niet bewaren')).length;
  await expect.poll(abandoned).toBe(1);
  await edit.deleteButton.click();
  await d.expectShown();
  await expect(d.person(name)).toHaveCount(0);
  await coordinator.page
    .locator('.undo-notice')
    .filter({ hasText: `${name} verwijderd` })
    .getByRole('button', { name: 'Ongedaan maken' })
    .click();
  await expect(d.person(name)).toBeVisible();
  expect(await abandoned()).toBe(0);
  await d.editLink(name).click();
  await edit.expectShown();
  await expect(edit.field('Notities')).toHaveValue('Alleen op maandag bereikbaar');
  await expect(edit.restoredNotice).toHaveCount(0);
  await coordinator.context.close();
});

test("an IB'er finds the leerplicht team of her gemeente offline and calls it; the coordinator sees what to check", async ({
  browser,
}, info) => {
  test.setTimeout(120_000);
  const ib = await device(browser, demo.ib);
  const d = ib.directory;

  await test.step('offline, after one sync: the regional entries of Huizen and the SWV, not those of another gemeente', async () => {
    await ib.context.setOffline(true);
    await ib.page.reload();
    await d.expectShown();
    await expect(d.statusLine).toHaveText(/^Offline/);
    await d.search.fill('leerplicht');
    const team = d.schoolSection('Gemeente Huizen').getByRole('region', { name: 'Leerplichtambtenaar' });
    await expect(team.getByRole('heading', { name: 'Leerplichtteam Huizen' })).toBeVisible();
    await expect(d.person('Leerplichtteam Weesp')).toHaveCount(0);
    await expect(d.person('Leerplichtteam Huizen')).toContainText('Bereikbaar ma–vr 8:30–17:00');
    const call = d.callLink('Leerplichtteam Huizen');
    await expect(call).toHaveAttribute('href', 'tel:0357503000');
    // Tapping it hands the number to the phone; the app stays where it was.
    await call.click();
    await d.expectShown();

    // Her school's own IB'er is in the directory too, and the SWV level (loket, Veilig Thuis's regional number).
    await d.search.fill('springplank intern begeleider');
    await expect(d.mailLink('Marieke Jansen')).toHaveAttribute('href', /^mailto:/);
    await d.search.fill('loket');
    await expect(
      d.schoolSection('Samenwerkingsverband Gooi en Vecht').getByRole('heading', { name: 'Loket passend onderwijs' }),
    ).toBeVisible();
    await d.search.fill('veilig thuis regionaal');
    await expect(d.callLink('Veilig Thuis Gooi en Vlietstreek')).toHaveAttribute('href', 'tel:08002000');
  });

  await test.step('axe and a screenshot at 360 px', async () => {
    expect(seriousOrWorse(await axeFindings(ib.page, 'wie-is-wie-ib', info))).toEqual([]);
    await ib.page.setViewportSize({ width: 360, height: 800 });
    await d.search.fill('huizen');
    await ib.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ib.page.screenshot({ path: join(info.project.outputDir, 'screens', 'wie-is-wie-360.png'), fullPage: false });
  });
  await ib.context.close();

  await test.step('the coordinator sees the entries not checked for 6 months and marks one as checked', async () => {
    const coordinator = await device(browser, demo.coordinator);
    const c = coordinator.directory;
    const due = coordinator.page.locator('.directory-due');
    await expect(due).toContainText('2 contactpersonen zijn langer dan 6 maanden niet gecontroleerd');
    await c.search.fill('rmc');
    await expect(c.person('RMC Gooi en Vecht')).toContainText('Controleren');
    expect(seriousOrWorse(await axeFindings(coordinator.page, 'wie-is-wie-coordinator', info))).toEqual([]);
    await coordinator.page.setViewportSize({ width: 360, height: 800 });
    await coordinator.page.screenshot({ path: join(info.project.outputDir, 'screens', 'wie-is-wie-coordinator-360.png') });
    await c.person('RMC Gooi en Vecht').getByRole('button', { name: 'Klopt nog (RMC Gooi en Vecht)' }).click();
    await expect(c.person('RMC Gooi en Vecht')).not.toContainText('Controleren');
    await expect(due).toContainText('1 contactpersoon is langer dan 6 maanden niet gecontroleerd');
    await synced(c);
    await coordinator.context.close();
  });
});
