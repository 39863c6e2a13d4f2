// `npm run bench:caseload`: a large caseload on the device. After the log-in (demo jeugdprofessional,
// first pull done, then sync cut off) 50,000 records are written straight into the app's IndexedDB
// through the page, in one readwrite transaction per table (raw IndexedDB puts: the same rows and
// indexes Dexie's bulkPut writes): 10,000 pupils, 25,000 signals and 15,000 contacts over the
// user's 3 schools, one pupil ("ZZ") with 40 records. Then, as the user sees it, each timed inside
// the page from the action to the DOM showing the answer (MutationObserver, and every frame), and to
// the next frame. "Showing" means: on a page that is not hidden and at least half opaque. During
// Ionic's page transition (tap on a pupil: the new page fades and slides in over the list for
// ~280 ms) that is the entering page; until 2 December the bench looked only at the first page in
// the DOM, the leaving list, and so measured the end of the transition (~350 ms even on a device with
// 82 records). That end is reported in its own column:
//   - Leerlingen: tap the tab → the count and the list are on the current page (above 1000 pupils
//     the 50 most recently changed, through an index);
//   - Search: type in "Zoek op initialen of groep" → the count of the answer is shown (the pupils are
//     decrypted in memory when the app is idle after the unlock);
//   - Timeline: tap pupil ZZ in the list → its 40 timeline items are on the page;
//   - App start: a fresh load of /vandaag → its sections rendered (the first 20 follow-ups due and the
//     thuiszitters through the derived indexes of schema v5).
// Target ≤ 100 ms each. Never fails on time; a slow screen is reported with its figures.
import type { Page } from 'playwright-core';
import { signalSources, signalThemes, seriousnessLevels } from '../../src/domain/signal';
import { contactChannels, contactParties } from '../../src/domain/contact';
import { fillUnlock, logIn, phoneContext } from './browser';
import { deadline, load1, loadText, machine, machineLine, median, ms, sized, startService, table, verdict, writeReport } from './support';

const RUNS = Number(process.env.BENCH_CASELOAD_RUNS ?? sized(5, 1));
const PUPILS = sized(10_000, 300);
const SIGNALS = sized(25_000, 600);
const CONTACTS = sized(15_000, 300);
const TIMELINE_ITEMS = 40;

const TARGET_MS = 100;
const step = (what: string) => process.env.BENCH_VERBOSE && console.log(`  … ${what}`);
const CURRENT = 'ion-router-outlet > .ion-page:not(.ion-page-hidden)';

interface Timing {
  dom: number;
  frame: number;
  /** Until the page transition is over too (one page left shown); the same as `dom` without one. */
  settled?: number;
}

/**
 * In the page: writes the records with raw IndexedDB into the app's own database.
 * The rows are written plain, as a device from before encryption at rest held them: setting the PIN
 * seals them (encryptExistingRows), and that write also gives them their derived index fields.
 * Generates the same records every time (seeded, ids too). `all` false writes only pupil ZZ and its
 * 40 records (the small device to compare with); true writes all 50,000.
 */
async function seed(page: Page, all: boolean): Promise<{ zz: string }> {
  return page.evaluate(
    async ({ PUPILS, SIGNALS, CONTACTS, TIMELINE_ITEMS, enums, all }) => {
      const sid = (n: number) => `0b6c1a52-3f1e-4c8a-9a51-7f7d2a00000${n}`;
      const schools = [sid(1), sid(2), sid(3)];
      const userId = '5e1d0a11-7c2b-4d3e-8f90-000000000001';
      let seed = 20261123;
      const rnd = () => {
        seed = (seed + 0x6d2b79f5) >>> 0;
        let t = seed;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const uuid = () => {
        const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
        hex[12] = '4';
        hex[16] = '8';
        const h = hex.join('');
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      };
      const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const letters = [...'ABCDEFGHIJKLMNOPRSTVWY'];
      const groups = ['groep 3', 'groep 4', 'groep 5', 'groep 6', 'groep 7', 'groep 8', '1 mavo', '2 havo', '3 vwo'];
      const base = (schoolId: string, daysAgo: number) => {
        const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
        return { id: uuid(), schoolId, createdBy: userId, createdAt: at, updatedAt: at, deleted: false, version: 1 };
      };
      const pupils = Array.from({ length: PUPILS }, (_, i) => ({
        ...base(pick(schools), Math.floor(rnd() * 700)),
        initials: i === 0 ? 'ZZ' : `${pick(letters)}${pick(letters)}`,
        group: pick(groups),
        birthYear: 2010 + Math.floor(rnd() * 10),
      }));
      const target = pupils[0]!;
      const pupilFor = (i: number) => (i < TIMELINE_ITEMS / 2 ? target : pupils[1 + Math.floor(rnd() * (PUPILS - 1))]!);
      const signals = Array.from({ length: SIGNALS }, (_, i) => {
        const p = pupilFor(i);
        const ago = Math.floor(rnd() * 700);
        return {
          ...base(p.schoolId, ago),
          pupilId: p.id,
          date: day(ago),
          theme: pick(enums.themes),
          seriousness: pick(enums.seriousness),
          source: pick(enums.sources),
          description: 'Al drie weken vaak te laat en twee keer ziek gemeld op maandag; leerkracht maakt zich zorgen.',
          followUpDate: rnd() < 0.2 ? day(ago - 14) : null,
        };
      });
      const contacts = Array.from({ length: CONTACTS }, (_, i) => {
        const p = pupilFor(i);
        const ago = Math.floor(rnd() * 700);
        return {
          ...base(p.schoolId, ago),
          pupilId: p.id,
          signalId: null,
          withWhom: pick(enums.parties),
          channel: pick(enums.channels),
          date: day(ago),
          time: '10:30',
          durationMinutes: 30,
          summary: 'Gesprek met moeder over de ochtenden; afspraak om over twee weken terug te koppelen.',
          followUpDate: rnd() < 0.2 ? day(ago - 14) : null,
        };
      });
      // Only into the app's existing database: opening a missing one would create it without tables.
      if (!(await indexedDB.databases()).some((d) => d.name === 'schoolnabij')) throw new Error('the app has not created its database yet');
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('schoolnabij');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      if (!db.objectStoreNames.contains('pupils')) throw new Error('the app database has no pupils table');
      const put = (store: string, rows: object[]) =>
        new Promise<void>((ok, fail) => {
          const tx = db.transaction(store, 'readwrite');
          const os = tx.objectStore(store);
          for (const r of rows) os.put(r);
          tx.oncomplete = () => ok();
          tx.onerror = () => fail(tx.error);
        });
      const mine = (r: { pupilId: string | null }) => r.pupilId === target.id;
      await put('pupils', all ? pupils : [target]);
      await put('signals', all ? signals : signals.filter(mine));
      await put('contacts', all ? contacts : contacts.filter(mine));
      db.close();
      return { zz: target.id };
    },
    {
      PUPILS,
      SIGNALS,
      CONTACTS,
      TIMELINE_ITEMS,
      enums: {
        themes: signalThemes,
        seriousness: seriousnessLevels,
        sources: signalSources,
        parties: contactParties,
        channels: contactChannels,
      },
      all,
    },
  );
}

/**
 * In the page: run `action` (a tap, or typing), then wait until `done` holds for the current page;
 * returns the time to that DOM state and to the frame after it.
 */
async function timed(page: Page, action: 'tab-leerlingen' | 'pupil-zz' | 'unlock' | { search: string }, done: string): Promise<Timing> {
  return page.evaluate(
    async ({ action, done, CURRENT }) => {
      const current = () => document.querySelector(CURRENT);
      // The pages the user sees: during Ionic's page transition two of them, the leaving page and
      // the entering one on top of it (first in the DOM is the leaving one). An entering page counts
      // once it is at least half opaque (Ionic keeps it `ion-page-invisible` until its animation
      // starts, and the animation fades it in); the answer is shown when one of them holds it.
      const seen = () =>
        [...document.querySelectorAll(CURRENT)].filter(
          (p) => !p.classList.contains('ion-page-invisible') && Number(getComputedStyle(p).opacity) >= 0.5,
        );
      // `done` is a small condition on a shown page, evaluated as code: the bench's own strings.
      const check = new Function('page', `return (${done});`) as (page: Element | null) => boolean;
      const ready = () =>
        seen().some((p) => {
          try {
            return !!check(p);
          } catch {
            return false;
          }
        });
      const settledNow = () => document.querySelectorAll(CURRENT).length === 1 && ready();
      let act: () => void;
      if (typeof action === 'object') {
        const input = current()!.querySelector<HTMLInputElement>('input[name="zoek"]')!;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        act = () => {
          setter.call(input, action.search);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
      } else if (action === 'unlock') {
        const button = [...document.querySelectorAll<HTMLButtonElement>('button[type="submit"]')].find(
          (b) => b.textContent?.trim() === 'Ontgrendelen',
        );
        if (!button) throw new Error('no Ontgrendelen button');
        act = () => button.click();
      } else if (action === 'pupil-zz') {
        const link = [...current()!.querySelectorAll<HTMLAnchorElement>('.pupil-list a')].find((a) =>
          a.querySelector('.pupil-initials')?.textContent?.trim().startsWith('ZZ'),
        );
        if (!link) throw new Error('pupil ZZ not in the list');
        act = () => link.click();
      } else {
        const tab = document.querySelector<HTMLElement>('ion-tab-button[tab="leerlingen"]')!;
        act = () => tab.click();
      }
      const t0 = performance.now();
      // Checked on every DOM change, and every frame: a fade-in changes no DOM.
      const waitFor = (cond: () => boolean, start?: () => void) =>
        new Promise<number>((ok, fail) => {
          let over = false;
          const finish = (t: number) => {
            over = true;
            obs.disconnect();
            clearTimeout(timer);
            ok(t);
          };
          const obs = new MutationObserver(() => cond() && finish(performance.now()));
          const timer = setTimeout(() => {
            over = true;
            obs.disconnect();
            fail(new Error(`not shown within 60 s: ${done}`));
          }, 60_000);
          const poll = () => !over && (cond() ? finish(performance.now()) : requestAnimationFrame(poll));
          obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
          start?.();
          poll();
        });
      const dom = await waitFor(ready, act);
      const frame = await new Promise<number>((ok) => requestAnimationFrame(() => setTimeout(() => ok(performance.now()), 0)));
      const settled = settledNow() ? dom : await waitFor(settledNow);
      return { dom: dom - t0, frame: frame - t0, settled: settled - t0 };
    },
    { action, done, CURRENT },
  );
}

/**
 * The floor under the screens: the same reads with raw IndexedDB in the page (no Dexie, no React):
 * all pupils (what the in-memory search decrypts), pupil ZZ's signals and contacts by the blind
 * `_pid` index (the timeline), all signals and contacts due up to today by the derived `_due` index (what
 * Vandaag reads; schema v6 dropped the `followUpDate` index, which no query read).
 */
async function rawReads(page: Page, zz: string): Promise<Record<string, number>> {
  return page.evaluate(async (zz) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('schoolnabij');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const time = async (read: () => IDBRequest) => {
      const t0 = performance.now();
      await new Promise((ok, fail) => {
        const req = read();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      return performance.now() - t0;
    };
    const store = (name: string) => db.transaction(name).objectStore(name);
    const today = new Date().toISOString().slice(0, 10);
    // The pupil of a record is a keyed blind index (`_pid`), which only the app can compute: ZZ's
    // token is the one with the most records (ZZ has TIMELINE_ITEMS, more than any other pupil).
    // Found untimed, from the index keys alone.
    const counts = new Map<IDBValidKey, number>();
    for (const name of ['signals', 'contacts']) {
      await new Promise<void>((ok, fail) => {
        const req = store(name).index('_pid').openKeyCursor();
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const c = req.result;
          if (!c) return ok();
          counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
          c.continue();
        };
      });
    }
    const token = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? zz;
    const out = {
      pupils: await time(() => store('pupils').getAll()),
      timeline:
        (await time(() => store('signals').index('_pid').getAll(token))) +
        (await time(() => store('contacts').index('_pid').getAll(token))),
      followUps:
        (await time(() => store('signals').index('_due').getAll(IDBKeyRange.upperBound(today)))) +
        (await time(() => store('contacts').index('_due').getAll(IDBKeyRange.upperBound(today)))),
    };
    db.close();
    return out;
  }, zz);
}

const listShown = (n: number) =>
  `page && page.querySelector('h1')?.textContent?.includes('Leerlingen') && page.querySelector('.result-count')?.textContent === '${n} leerlingen' && page.querySelectorAll('.pupil-list li').length > 0`;

const todayShown = `page && page.querySelector('h1')?.textContent?.includes('Vandaag') && page.querySelector('#thuiszitters-title') && ![...page.querySelectorAll('[role=status]')].some((e) => e.textContent.includes('Laden'))`;

/**
 * A fresh load of /vandaag, as the phone opens the app: the app starts locked (the data key is in
 * memory only), so the PIN is filled in and the time runs from the tap on "Ontgrendelen" to
 * Vandaag's sections rendered; it includes deriving the key from the PIN (Argon2id, slow on purpose,
 * the same on the small device) and decrypting what Vandaag reads. Without a lock: from navigation
 * start, polled every frame (can only overstate by a frame).
 */
async function coldToday(page: Page, base: string): Promise<Timing> {
  await page.goto(`${base}/vandaag`, { waitUntil: 'commit' });
  if (await fillUnlock(page)) return timed(page, 'unlock', todayShown);
  return page.evaluate(
    async ({ done, CURRENT }) => {
      const check = new Function('page', `return (${done});`) as (page: Element | null) => boolean;
      const ready = () => {
        try {
          return !!check(document.querySelector(CURRENT));
        } catch {
          return false;
        }
      };
      const dom = await new Promise<number>((ok, fail) => {
        const started = performance.now();
        const tick = () =>
          ready()
            ? ok(performance.now())
            : performance.now() - started > 120_000
              ? fail(new Error('Vandaag not shown'))
              : requestAnimationFrame(tick);
        tick();
      });
      return { dom, frame: dom };
    },
    { done: todayShown, CURRENT },
  );
}

/** What is on the device, counted with raw IndexedDB (`deleted` is not encrypted). */
function countRows(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('schoolnabij');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const all = (store: string) =>
      new Promise<{ deleted: boolean; _enc?: unknown }[]>((ok) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result as { deleted: boolean }[]);
      });
    const [pupils, signals, contacts] = [await all('pupils'), await all('signals'), await all('contacts')];
    db.close();
    return {
      pupils: pupils.length,
      signals: signals.length,
      contacts: contacts.length,
      listed: pupils.filter((p) => !p.deleted).length,
      encrypted: [...pupils, ...signals, ...contacts].filter((r) => r._enc !== undefined).length,
    };
  });
}

async function main(): Promise<void> {
  deadline(45, 'caseload');
  const m = machine();
  const loadAtStart = loadText();
  const service = await startService();
  const keys = ['today', 'list', 'search', 'timeline', 'searchBroad'] as const;
  type Results = Record<(typeof keys)[number], Timing[]>;
  const empty = (): Results => ({ today: [], list: [], search: [], timeline: [], searchBroad: [] });
  const small = empty();
  const large = empty();
  const raw: { small: Record<string, number>[]; large: Record<string, number>[] } = { small: [], large: [] };
  const loads: number[] = [];
  let smallCounts: Record<string, number> = {};
  let counts: Record<string, number> = {};
  let seedMs = 0;

  /**
   * One phone: log in, write the records on the PIN screen (the app seals them when the PIN is set),
   * the first pull, then the corridor (no sync) and RUNS runs, each from a fresh load.
   */
  const device = async (all: boolean, into: Results, raws: Record<string, number>[], label: string) => {
    const context = await phoneContext();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
      const s0 = performance.now();
      let zz = '';
      await logIn(page, service.url, { beforePin: async () => void ({ zz } = await seed(page, all)) });
      if (all) seedMs = performance.now() - s0;
      await page.waitForLoadState('networkidle');
      await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
      const c = await countRows(page);
      console.log(`[bench:caseload] ${label} device: ${JSON.stringify(c)}${all ? `, log-in + seed + sealing ${ms(seedMs / 1000)} s` : ''}`);
      for (let i = 0; i < RUNS; i++) {
        loads.push(load1());
        into.today.push(await coldToday(page, service.url));
        step('app start');
        into.list.push(await timed(page, 'tab-leerlingen', listShown(c.listed!)));
        step('list');
        into.search.push(await timed(page, { search: 'ZZ' }, `page.querySelector('.result-count')?.textContent === '1 leerling'`));
        into.timeline.push(
          await timed(
            page,
            'pupil-zz',
            `page.querySelector('h1')?.textContent?.includes('Leerling ZZ') && page.querySelectorAll('.record-list > li').length === ${TIMELINE_ITEMS}`,
          ),
        );
        step('timeline');
        await page.goBack();
        await page.locator(CURRENT).locator('h1', { hasText: 'Leerlingen' }).waitFor();
        // The back transition over too, so that it is not timed as part of the next search.
        await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, CURRENT);
        into.searchBroad.push(
          await timed(
            page,
            { search: 'groep 7' },
            `/^\\d+ leerlingen?$/.test(page.querySelector('.result-count')?.textContent ?? '') && page.querySelector('.result-count').textContent !== '1 leerling' && page.querySelector('.result-count').textContent !== '${c.listed} leerlingen'`,
          ),
        );
        step('search');
        raws.push(await rawReads(page, zz));
        console.log(
          `[bench:caseload] ${label} run ${i + 1}: ${keys.map((k) => `${k} ${ms(into[k].at(-1)!.dom)}`).join(', ')} (load ${load1()})`,
        );
      }
      if (all) await page.screenshot({ path: 'test-results/bench-caseload-leerlingen.png' });
      return c;
    } finally {
      await context.close();
    }
  };
  try {
    smallCounts = await device(false, small, raw.small, 'small');
    counts = await device(true, large, raw.large, 'large');
  } finally {
    await service.stop();
  }
  const listCount = counts.listed!;
  const total = (c: Record<string, number>) => c.pupils! + c.signals! + c.contacts!;
  const med = (xs: Timing[], f: (t: Timing) => number = (t) => t.dom) => median(xs.map(f));
  const rawMed = (xs: Record<string, number>[], k: string) => ms(median(xs.map((x) => x[k]!)));
  const row = (name: string, key: (typeof keys)[number], rawKey: string) => [
    name,
    ms(med(small[key])),
    `**${ms(med(large[key]))}**`,
    ms(med(large[key], (t) => t.frame)),
    ms(med(large[key], (t) => t.settled ?? t.dom)),
    large[key].map((x) => ms(x.dom)).join(' / '),
    rawKey ? `${rawMed(raw.small, rawKey)} → ${rawMed(raw.large, rawKey)}` : '',
    verdict(med(large[key]) <= TARGET_MS),
  ];
  const md = [
    `### Large caseload: ${total(counts).toLocaleString('en-US')} records on the device (Chromium, no CPU throttling, 390×844)`,
    '',
    machineLine(m, loadAtStart) + ` Load during the runs: ${Math.min(...loads)}–${Math.max(...loads)}.`,
    `Small device: ${total(smallCounts)} records (the demo pull plus pupil ZZ with ${TIMELINE_ITEMS} records). Large: ${counts.pupils} pupils, ${counts.signals} signals, ${counts.contacts} contacts over 3 schools; ${counts.encrypted} of them sealed by the app's encryption at rest. ` +
      `${RUNS} runs each, every run starting with a fresh load of the app (each screen mounted for the first time). Times from the action (tap, typed text, navigation start) to the DOM showing the answer on a shown page (not hidden, at least half opaque: during a page transition the entering page; MutationObserver and every frame); "next frame" adds the frame after it; "transition over" waits until only the new page is left.`,
    '',
    table(
      [
        'screen (action → DOM shows the answer)',
        `small: median ms`,
        `**${total(counts).toLocaleString('en-US')}: median ms**`,
        'to next frame ms',
        'until the page transition is over ms',
        'each run ms',
        'raw IndexedDB read, small → large ms',
        `target ≤ ${TARGET_MS} ms`,
      ],
      [
        row(`Leerlingen tab → list with its count (${listCount} leerlingen; the 50 most recent rendered)`, 'list', 'pupils'),
        row('Search "ZZ" typed → "1 leerling"', 'search', 'pupils'),
        row('Search "groep 7" typed → its count', 'searchBroad', 'pupils'),
        row(`Tap pupil ZZ → timeline with ${TIMELINE_ITEMS} items`, 'timeline', 'timeline'),
        row('App start: fresh load, tap "Ontgrendelen" (PIN filled in) → Vandaag\'s sections rendered', 'today', 'followUps'),
      ],
    ),
  ].join('\n');
  await writeReport('caseload', md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
