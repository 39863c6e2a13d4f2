import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContactFormPage } from './pages/ContactFormPage';
import { RequestFormPage } from './pages/RequestFormPage';
import { SignalFormPage } from './pages/SignalFormPage';
import { RequestPage } from './pages/RequestPage';
import { RequestsPage } from './pages/RequestsPage';
import { TodayPage } from './pages/TodayPage';
import { CURRENT_PAGE, type Screen } from './pages/Screen';
import { axeFindings, seriousOrWorse } from './support/a11y';
import { demo, newDevice, type Account } from './support/fixtures';
import { readStore, waitingText } from './support/storage';

/**
 * A consultatievraag from school to the jeugdprofessional and back, through the real central
 * service: two browser contexts are two people's phones (the IB'er of OBS De Springplank and the
 * jeugdprofessional Sanne). The answer has a shared part (advies voor school) and a private part
 * (eigen aantekening); the IB'er must never be able to get the private part, not by any API call.
 */

/** A phone of `who`, logged in, with the service worker in control (offline reloads). */
async function phone(browser: Browser, who: Account): Promise<{ context: BrowserContext; page: Page }> {
  return newDevice(browser, who, { serviceWorker: true, context: { deviceScaleFactor: 1 } });
}

/** The status strip of the screen shown says: synced, nothing waiting. */
async function synced(screen: Screen) {
  await expect(screen.statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
}

async function expectNoSeriousAxe(page: Page, screen: string, info: TestInfo) {
  expect(seriousOrWorse(await axeFindings(page, screen, info)), `axe on ${screen}`).toEqual([]);
}

async function shoot(page: Page, info: TestInfo, name: string, top = false) {
  await expect(page.locator('ion-toast')).toHaveCount(0, { timeout: 15_000 });
  if (top) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page
      .locator(CURRENT_PAGE)
      .locator('ion-content')
      .evaluate((c: HTMLElement & { scrollToTop(d: number): Promise<void> }) => c.scrollToTop(0));
  }
  await page.screenshot({ path: join(info.project.outputDir, 'screens', `${name}.png`) });
}

/** Every IndexedDB store of the app on this page, as one JSON text. */
async function wholeDatabase(page: Page): Promise<string> {
  const stores = await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('schoolnabij');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const names = Array.from(open.result.objectStoreNames);
          open.result.close();
          resolve(names);
        };
      }),
  );
  expect(stores).toContain('consultationRequests');
  const all: Record<string, unknown[]> = {};
  for (const s of stores) all[s] = await readStore<unknown>(page, s);
  return JSON.stringify(all);
}

async function accessTokenOf(page: Page): Promise<string> {
  const meta = await readStore<{ key: string; value: { accessToken?: string } }>(page, 'meta');
  const token = meta.find((m) => m.key === 'session')?.value.accessToken;
  expect(token, 'the session on the device holds an access token').toBeTruthy();
  return token!;
}

/**
 * Every GET route the central service has, read from its source (so a route added later is covered
 * too), with path parameters filled in by `ids`.
 */
function getRoutes(ids: string[]): string[] {
  const dir = 'src/server/routes';
  const paths = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const src = readFileSync(join(dir, file), 'utf8');
    for (const m of src.matchAll(/\.get\(\s*['"`]([^'"`]+)['"`]/g)) paths.add(m[1]!);
    for (const m of src.matchAll(/method:\s*['"]GET['"][^}]*?url:\s*['"`]([^'"`]+)['"`]/gs)) paths.add(m[1]!);
  }
  const out: string[] = [];
  for (const p of paths) {
    if (!p.includes(':')) out.push(p);
    else for (const id of ids) out.push(p.replace(/:[A-Za-z]+/g, id));
  }
  return out;
}

/** Everything a pull from cursor 0 returns for this token, all pages. */
async function fullPull(baseURL: string, token: string): Promise<string> {
  const pages: string[] = [];
  let cursor = '0';
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${baseURL}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, {
      headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '2' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    pages.push(text);
    const body = JSON.parse(text) as { cursor: string; hasMore: boolean };
    if (!body.hasMore) break;
    cursor = body.cursor;
  }
  return pages.join('\n');
}

const unique = () => Math.random().toString(36).slice(2, 7);

test("an IB'er asks offline, the jeugdprofessional answers with shared and private parts, the IB'er sees only the advice", async ({
  browser,
}, info) => {
  test.setTimeout(180_000);
  const tag = unique();
  const question = `Noor ${tag} is erg stil sinds de herfstvakantie. Kun je meekijken?`;
  const advice = `Advies ${tag}: begroet Noor de eerste week bij de deur en plan een gesprek met moeder.`;
  const secret = `Privé ${tag}: moeder belde, scheiding speelt thuis.`;

  const ib = await phone(browser, demo.ib);
  const jp = await phone(browser, demo.sanne);
  const ibList = new RequestsPage(ib.page);
  await ibList.expectShown();
  await synced(ibList);

  // The IB'er, offline, asks a question. It is kept on the phone and waits in the outbox.
  await ib.context.setOffline(true);
  await ibList.newRequest.click();
  const form = new RequestFormPage(ib.page);
  await form.expectShown();
  await form.fill({
    pupil: { initials: `Noor${tag}`, group: 'groep 6' },
    topic: 'Emotioneel welzijn',
    question,
    urgency: 'Vandaag',
    channel: 'Op school',
    moment: 'dinsdagochtend na 10:00',
    consent: 'Ouders zijn op de hoogte',
  });
  await expectNoSeriousAxe(ib.page, 'vraag-formulier', info);
  await shoot(ib.page, info, 'vraag-formulier', true);
  await form.save();
  await ibList.expectShown();
  await expect(ibList.item(question)).toContainText('Nieuw');
  await expect(ibList.item(question)).toContainText('Nog niet verstuurd');
  await expect(ibList.item(question)).toContainText(/Gesteld op \w\w \d+ \S+ \d{4} om \d\d:\d\d/);
  await ibList.expectStatus('Offline', waitingText(1));

  // Back online: the app sends it by itself.
  await ib.context.setOffline(false);
  await synced(ibList);
  await expect(ibList.item(question)).not.toContainText('Nog niet verstuurd');
  await expectNoSeriousAxe(ib.page, 'vragen', info);

  // The jeugdprofessional syncs: the question is on Vandaag with a count, and on the tab badge.
  await jp.page.reload();
  const today = new TodayPage(jp.page);
  await today.expectShown();
  await synced(today);
  const requestsOnToday = today.view.getByRole('region', { name: /^Vragen van school/ });
  const card = requestsOnToday.getByRole('listitem').filter({ hasText: question });
  await expect(card).toContainText('Urgent: vandaag');
  await expect(card).toContainText(`Noor${tag} · groep 6 · Emotioneel welzijn`);
  const openCount = Number(
    await requestsOnToday
      .locator('h2 ion-badge')
      .innerText()
      .then((t) => t.replace(/\D/g, '')),
  );
  expect(openCount).toBeGreaterThanOrEqual(1);
  await expect(jp.page.getByRole('tab', { name: `Consultaties ${openCount} open` })).toBeVisible();
  await expectNoSeriousAxe(jp.page, 'vandaag-met-vragen', info);

  // It opens; the jeugdprofessional plans it and answers it in two parts.
  await card.getByRole('link').click();
  const request = new RequestPage(jp.page);
  await request.expectShown();
  await expect(request.detail).toContainText('Ouders zijn op de hoogte');
  await expect(request.detail).toContainText('dinsdagochtend na 10:00');
  await shoot(jp.page, info, 'vraag-jeugdprofessional', true);
  await request.planSection.getByLabel('Datum').fill('2026-01-20');
  await request.planSection.getByLabel('Tijd').fill('10:30');
  await request.button('Inplannen').click();
  await expect(request.detail).toContainText('Ingepland');
  await expect(request.detail).toContainText('di 20 jan. 2026 om 10:30');
  await expect(request.answerSection).toContainText('Alleen voor jou zichtbaar.');
  await expect(request.answerSection).toContainText("Gedeeld met school: de IB'er die de vraag stelde leest dit.");
  await request.adviceField.fill(advice);
  await request.noteField.fill(secret);
  // The pupil is not in the caseload, so no consent is known: the advice stays general.
  await expect(request.answerSection).toContainText('de app kan de toestemming niet controleren');
  await request.view.getByRole('radio', { name: /algemene termen/ }).check();
  await expectNoSeriousAxe(jp.page, 'vraag-beantwoorden', info);
  await shoot(jp.page, info, 'vraag-beantwoorden');
  await request.button('Beantwoorden').click();
  await expect(request.advice).toContainText(advice);
  await expect(request.history).toContainText(/Nieuw.*Ingepland.*Beantwoord/s);
  // Answered: the urgency it was asked with no longer shows.
  await expect(request.detail).not.toContainText('Urgent');
  await synced(request);
  await expect(request.noteField).toHaveValue(secret);
  expect(await wholeDatabase(jp.page)).toContain(secret);

  // The IB'er syncs and sees the status and the shared advice, and nothing of the private note.
  await ib.page.reload();
  await ibList.expectShown();
  await synced(ibList);
  await expect(ibList.item(question)).toContainText('Beantwoord');
  await expect(ibList.item(question)).toContainText(advice);
  await expect(ibList.item(question)).toContainText('Ingepland op di 20 jan. 2026 om 10:30');
  await shoot(ib.page, info, 'vragen-school', true);
  await ibList.item(question).getByRole('link').click();
  const onIb = new RequestPage(ib.page);
  await onIb.expectShown();
  await expect(onIb.advice).toContainText(advice);
  await expect(onIb.button('Vraag terugtrekken')).toHaveCount(0);
  await expect(onIb.view).not.toContainText(secret);
  await expectNoSeriousAxe(ib.page, 'vraag-school', info);
  expect(await wholeDatabase(ib.page)).not.toContain(secret);
  expect(await wholeDatabase(ib.page)).toContain(advice);

  // No API call with the IB'er's token returns the private note: the pull from the start, and every
  // GET route the service has (path parameters filled with the request's and the note's ids).
  const baseURL = info.project.use.baseURL!;
  const ibToken = await accessTokenOf(ib.page);
  const jpToken = await accessTokenOf(jp.page);
  const ibPull = await fullPull(baseURL, ibToken);
  expect(ibPull).toContain(advice); // the token works and the request is there
  expect(ibPull).not.toContain(secret);
  expect(ibPull).not.toContain('"consultationNote"');
  const jpPull = await fullPull(baseURL, jpToken);
  expect(jpPull).toContain(secret); // the note is on the server: the check above can fail
  const notes = await readStore<{ id: string; requestId: string; note: string }>(jp.page, 'consultationNotes');
  const note = notes.find((n) => n.note === secret)!;
  const routes = getRoutes([note.requestId, note.id]);
  expect(routes).toContain('/api/sync/pull');
  for (const path of routes) {
    for (const q of ['', '?cursor=0', `?id=${note.id}`, `?requestId=${note.requestId}`]) {
      const res = await fetch(`${baseURL}${path}${q}`, { headers: { authorization: `Bearer ${ibToken}`, 'x-protocol-version': '2' } });
      expect(await res.text(), `GET ${path}${q}`).not.toContain(secret);
    }
  }

  // The jeugdprofessional's Vandaag no longer lists it as open.
  await jp.page.goto('/vandaag');
  await today.expectShown();
  await expect(requestsOnToday.getByRole('listitem').filter({ hasText: question })).toHaveCount(0);
  await shoot(jp.page, info, 'vandaag');

  // "Maak er een contactmoment / signaal van": the form starts from the question: its school, the
  // IB'er, the planned moment and the channel she preferred; the signal gets its topic and text.
  await jp.page.goto(`/vragen/${note.requestId}`);
  await request.expectShown();
  await request.view.getByRole('link', { name: 'Maak er een contactmoment van' }).click();
  const contact = new ContactFormPage(jp.page);
  await contact.expectShown();
  await expect(contact.selected('School')).toHaveText(/^OBS De Springplank/);
  await expect(contact.selected('Met wie')).toHaveText("IB'er");
  await expect(contact.selected('Hoe')).toHaveText('Gesprek op school');
  await expect(contact.field('Datum')).toHaveValue('2026-01-20');
  await expect(contact.field('Tijd')).toHaveValue('10:30');
  await expect(contact.field('Samenvatting')).toHaveValue(`Consultatievraag: ${question}`);
  await contact.backButton.click();
  await request.expectShown();
  await request.view.getByRole('link', { name: 'Maak er een signaal van' }).click();
  const signal = new SignalFormPage(jp.page);
  await signal.expectShown();
  await expect(signal.selected('School')).toHaveText(/^OBS De Springplank/);
  await expect(signal.selected('Thema')).toHaveText('Emotioneel welzijn');
  await expect(signal.selected('Bron')).toHaveText("IB'er");
  await expect(signal.field('Beschrijving')).toHaveValue(question);

  await ib.context.close();
  await jp.context.close();
});

test("the IB'er withdraws a question after confirming; it stays visible as teruggetrokken", async ({ browser }) => {
  const tag = unique();
  const question = `Anonieme vraag ${tag} over een leerling die vaak huilt.`;
  const ib = await phone(browser, demo.ib);
  const list = new RequestsPage(ib.page);
  await list.expectShown();
  await expect(list.view).toContainText(/consultatievraag|Nieuwe vraag/);
  await list.newRequest.click();
  const form = new RequestFormPage(ib.page);
  await form.expectShown();
  await form.save();
  await expect(form.errorSummary.getByRole('listitem')).not.toHaveCount(0);
  await form.expectFieldError(form.field('Initialen of roepnaam'), 'Vul initialen of een roepnaam in, of kies anoniem');
  await form.fill({
    topic: 'Emotioneel welzijn',
    question,
    urgency: 'Kan wachten',
    channel: 'Telefonisch',
    consent: 'Nog niet besproken met ouders',
  });
  await expect(form.field('Initialen of roepnaam')).toHaveCount(0);
  await form.save();
  await list.expectShown();
  await list.item(question).getByRole('link').click();
  const page = new RequestPage(ib.page);
  await page.expectShown();
  await expect(page.detail).toContainText('Anoniem');
  await page.button('Vraag terugtrekken').click();
  await expect(page.view.getByRole('alertdialog')).toContainText('Weet je zeker');
  await page.button('Nee, laten staan').click();
  await expect(page.detail).toContainText('Nieuw');
  await page.button('Vraag terugtrekken').click();
  await page.button('Ja, terugtrekken').click();
  await expect(page.detail).toContainText('Teruggetrokken');
  await expect(page.history).toContainText('Teruggetrokken');
  await expect(page.button('Vraag terugtrekken')).toHaveCount(0);
  await expect(page.link('Vraag wijzigen')).toHaveCount(0);
  await synced(page);
  await ib.context.close();
});
