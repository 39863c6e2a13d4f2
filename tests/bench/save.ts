// `npm run bench:save`: save latency of the signal form, in Chromium with 4× CPU throttling (CDP
// Emulation.setCPUThrottlingRate), logged in as the demo jeugdprofessional, BENCH_SAVES (200) saves.
// Measured inside the page, without touching app code: the tap's click event timestamp (the moment
// the form's handler starts) to the `complete` event of the IndexedDB readwrite transaction that
// wrote the `signals` store (the record committed). IndexedDB is instrumented by wrapping
// IDBDatabase.prototype.transaction in an init script; the app's own code runs unchanged.
// Each save goes through the screens: pupil page → "+ Signaal" → fill → tap "Opslaan" → pupil page.
// Sync is cut off after the log-in and first pull (a corridor without network), so no sync work
// runs between saves. The same run measures a floor: a bare form that writes the same three
// requests in plain IndexedDB, in the same browser at the same throttling. Target: the app's median
// ≤ 1.3× the floor's (a ratio, so it reads the same on a busy 2-core machine). Never fails on time.
import type { CDPSession, Page } from 'playwright-core';
import { countStoredRows, logIn, phoneContext } from './browser';
import {
  deadline,
  load1,
  loadText,
  machine,
  machineLine,
  median,
  ms,
  quantile,
  sized,
  startService,
  table,
  verdict,
  writeReport,
} from './support';

const SAVES = Number(process.env.BENCH_SAVES ?? sized(200, 5));
const BASELINE_SAVES = Number(process.env.BENCH_BASELINE_SAVES ?? sized(50, 3));
const THROTTLE = 4;
/** The app's median save ÷ the bare form's median, both from this run. */
const TARGET_RATIO = 1.3;
const CURRENT = 'ion-router-outlet > .ion-page:not(.ion-page-hidden)';

declare global {
  interface Window {
    __bench: { taps: number[]; handled: number[]; opened: number[]; commits: number[] };
  }
}

/** Runs in the page before the app: records taps on "Opslaan" and commits of the signals store. */
function instrument(): void {
  window.__bench = { taps: [], handled: [], opened: [], commits: [] };
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = original.apply(this, args);
    const stores = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
    if (args[1] === 'readwrite' && stores.includes('signals')) {
      window.__bench.opened.push(performance.now());
      tx.addEventListener('complete', () => window.__bench.commits.push(performance.now()));
    }
    return tx;
  } as IDBDatabase['transaction'];
  document.addEventListener(
    'click',
    (e) => {
      const button = (e.target as Element | null)?.closest?.('button[type="submit"]');
      if (button?.textContent?.trim() === 'Opslaan') {
        window.__bench.taps.push(e.timeStamp);
        // The click reaches the page (its first listener, before the form's): what came before is
        // the main thread still busy with earlier work (the last keystroke's render, a draft write).
        window.__bench.handled.push(performance.now());
      }
    },
    true,
  );
}

const descriptions = [
  'Al drie weken vaak te laat en twee keer ziek gemeld op maandag.',
  'Trekt zich terug in de klas en zit in de pauze alleen.',
  'Moeder vertelt dat het thuis onrustig is en vraagt om een gesprek.',
];

interface Save {
  total: number;
  /** Tap to the click event dispatched in the page: input delay (the main thread busy before). */
  input: number;
  /** Click dispatched to the transaction opened: the handler, validation (zod), encryption. */
  before: number;
  /** Transaction opened to committed: IndexedDB. */
  commit: number;
}

/**
 * A finger on the button: touchStart and touchEnd at its centre through the DevTools protocol, so
 * Chromium makes the tap (and its click) as on a touch screen. Not Playwright's tap(): its
 * actionability checks put listeners in the page that run inside the tap's own events (a hit-target
 * check on every pointer event), which would be measured as the app's input delay.
 */
async function touch(cdp: CDPSession, box: { x: number; y: number; width: number; height: number }): Promise<void> {
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A person moves the thumb from the keyboard to "Opslaan": the page has finished its last keystroke's work. */
function idle(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((ok) => requestIdleCallback(() => ok())));
}

async function oneSave(page: Page, cdp: CDPSession, i: number): Promise<Save> {
  const view = page.locator(CURRENT);
  await view.getByRole('link', { name: '+ Signaal' }).tap();
  await page.locator(CURRENT).getByRole('heading', { name: 'Nieuw signaal', level: 1 }).waitFor();
  await view.getByLabel(/^Thema/).selectOption({ index: 1 + (i % 4) });
  await view.getByRole('radio', { name: ['Zorg', 'Zorgelijk', 'Acuut'][i % 3]!, exact: true }).check();
  await view.getByLabel(/^Bron/).selectOption({ index: 1 + (i % 3) });
  await view.getByLabel(/^Beschrijving/).fill(`${descriptions[i % descriptions.length]} (${i + 1})`);
  const before = await page.evaluate(() => ({
    taps: window.__bench.taps.length,
    handled: window.__bench.handled.length,
    opened: window.__bench.opened.length,
    commits: window.__bench.commits.length,
  }));
  const button = view.getByRole('button', { name: 'Opslaan' });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error(`save ${i + 1}: no "Opslaan" button on the screen`);
  await idle(page);
  await touch(cdp, box);
  // Back on the pupil page: the save is done, as the user sees it.
  await page.locator(CURRENT).getByRole('link', { name: '+ Signaal' }).waitFor({ timeout: 30_000 });
  const after = await page.evaluate(() => window.__bench);
  const tap = after.taps[before.taps];
  const handled = after.handled[before.handled];
  const opened = after.opened[before.opened];
  const commit = after.commits[before.commits];
  if (tap === undefined || handled === undefined || opened === undefined || commit === undefined) {
    throw new Error(
      `save ${i + 1}: no tap (${after.taps.length}), transaction (${after.opened.length}) or commit (${after.commits.length}) recorded`,
    );
  }
  return { total: commit - tap, input: handled - tap, before: opened - handled, commit: commit - opened };
}

/**
 * The baseline, in the same browser and run: a bare form (one textarea, one "Opslaan") that writes
 * the same three requests (a signal-sized record, its outbox entry, a draft removal) in one plain
 * IndexedDB transaction. No framework, no Ionic, no encryption, no validation: what this browser
 * needs at 4× throttling for a tap and one commit, so the app's figure reads against it.
 */
const BASELINE_HTML = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Baseline</title></head>
<body><form id="f"><label for="d">Beschrijving</label><textarea id="d"></textarea><button type="submit">Opslaan</button></form><p id="n">0</p>
<script>
const req = indexedDB.open('bench-baseline', 1);
req.onupgradeneeded = () => { const db = req.result; db.createObjectStore('signals', { keyPath: 'id' }); db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }); db.createObjectStore('drafts', { keyPath: 'key' }); };
req.onsuccess = () => { window.db = req.result; document.body.dataset.ready = '1'; };
document.getElementById('f').addEventListener('submit', (e) => {
  e.preventDefault();
  const d = document.getElementById('d');
  const now = new Date().toISOString();
  const record = { id: crypto.randomUUID(), pupilId: crypto.randomUUID(), schoolId: crypto.randomUUID(), date: now.slice(0, 10), theme: 'verzuim', seriousness: 'zorg', source: 'leerkracht', description: d.value, followUpDate: null, createdBy: 'u1', createdAt: now, updatedAt: now, deleted: false, version: 0 };
  const tx = window.db.transaction(['signals', 'outbox', 'drafts'], 'readwrite');
  tx.objectStore('signals').add(record);
  tx.objectStore('drafts').delete('signal:nieuw');
  tx.objectStore('outbox').add({ id: crypto.randomUUID(), entity: 'signal', recordId: record.id, kind: 'create', changes: record, baseVersion: 0, createdAt: now });
  tx.oncomplete = () => { const n = document.getElementById('n'); n.textContent = String(Number(n.textContent) + 1); d.value = ''; };
});
</script></body></html>`;

async function baselineSaves(page: Page, cdp: CDPSession, url: string, n: number): Promise<number[]> {
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: BASELINE_HTML }));
  await page.goto(url);
  await page.locator('body[data-ready="1"]').waitFor();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const out: number[] = [];
  // One more than counted: the first save is the page's first transaction, a warm-up the app's
  // saves (after the log-in and the first pull) no longer pay.
  for (let i = 0; i <= n; i++) {
    await page.locator('#d').fill(`${descriptions[i % descriptions.length]} (${i + 1})`);
    const before = await page.evaluate(() => ({ taps: window.__bench.taps.length, commits: window.__bench.commits.length }));
    const box = await page.getByRole('button', { name: 'Opslaan' }).boundingBox();
    if (!box) throw new Error('baseline: no "Opslaan" button');
    await idle(page);
    await touch(cdp, box);
    await page
      .locator('#n')
      .filter({ hasText: new RegExp(`^${i + 1}$`) })
      .waitFor({ timeout: 30_000 });
    const after = await page.evaluate(() => window.__bench);
    const tap = after.taps[before.taps];
    const commit = after.commits[before.commits];
    if (tap === undefined || commit === undefined) throw new Error(`baseline save ${i + 1}: no tap or commit recorded`);
    if (i > 0) out.push(commit - tap);
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return out;
}

async function main(): Promise<void> {
  deadline(30, 'save');
  const m = machine();
  const loadAtStart = loadText();
  const service = await startService();
  const context = await phoneContext();
  const saves: Save[] = [];
  const loads: number[] = [];
  let stored = 0;
  let baseline: number[] = [];
  try {
    await context.addInitScript(instrument);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
    await logIn(page, service.url);
    // The first pull brings the demo pupils; then the corridor: no more sync.
    await page.waitForLoadState('networkidle');
    await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    await page.locator('ion-tab-button[tab="leerlingen"]').click();
    await page.locator(CURRENT).locator('.pupil-list a').first().click();
    await page.locator(CURRENT).getByRole('link', { name: '+ Signaal' }).waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const signalsBefore = await countStoredRows(page, ['signals']);
    for (let i = 0; i < SAVES; i++) {
      saves.push(await oneSave(page, cdp, i));
      if (i % 20 === 0) loads.push(load1());
      if ((i + 1) % 25 === 0)
        console.log(`[bench:save] ${i + 1}/${SAVES}: median so far ${ms(median(saves.map((x) => x.total)))} ms (load ${load1()})`);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    stored = (await countStoredRows(page, ['signals'])) - signalsBefore;
    const bare = await context.newPage();
    // Another origin (localhost, not 127.0.0.1): the app's service worker would answer this address
    // on its own origin with the app shell. The page is fulfilled by the bench, never fetched.
    const bareUrl = `${service.url.replace('127.0.0.1', 'localhost')}/__bench-baseline`;
    baseline = await baselineSaves(bare, await context.newCDPSession(bare), bareUrl, BASELINE_SAVES);
  } finally {
    await context.close();
    await service.stop();
  }
  const latencies = saves.map((x) => x.total);
  const med = median(latencies);
  const floor = median(baseline);
  const ratio = med / floor;
  const part = (xs: number[]) => [ms(median(xs)), ms(quantile(xs, 0.95)), ms(Math.min(...xs)), ms(Math.max(...xs))];
  const md = [
    `### Save latency: signal form, tap "Opslaan" → committed in IndexedDB (Chromium, ${THROTTLE}× CPU throttling)`,
    '',
    machineLine(m, loadAtStart) + ` Load during the run: ${Math.min(...loads)}–${Math.max(...loads)}.`,
    '',
    table(
      ['target', 'measured', 'goal', ''],
      [
        [
          `median tap → committed ÷ the bare form's median (floor: ${ms(floor)} ms, same browser and run)`,
          `**${ratio.toFixed(2)}×**`,
          `≤ ${TARGET_RATIO}×`,
          verdict(ratio <= TARGET_RATIO),
        ],
      ],
    ),
    '',
    table(
      ['measure', 'saves', 'median ms', 'p95 ms', 'min ms', 'max ms'],
      [
        ['**tap → committed**', latencies.length, ...part(latencies)],
        ['of which: tap → click dispatched in the page (input delay: main thread busy)', saves.length, ...part(saves.map((x) => x.input))],
        [
          'of which: click dispatched → transaction opened (handler, validation, encryption)',
          saves.length,
          ...part(saves.map((x) => x.before)),
        ],
        ['of which: transaction opened → committed (IndexedDB)', saves.length, ...part(saves.map((x) => x.commit))],
        ['floor: a bare form, the same 3 writes in plain IndexedDB (same browser, same run)', baseline.length, ...part(baseline)],
      ],
    ),
    '',
    `Signals stored by the run (IndexedDB count after − before): ${stored} of ${saves.length}.`,
    '',
    'From the click event of the tap (the form handler starts) to the `complete` event of the readwrite IndexedDB transaction that wrote the signal, its outbox mutation and the draft removal (one transaction); sync cut off after the first pull.',
  ].join('\n');
  await writeReport('save', md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
