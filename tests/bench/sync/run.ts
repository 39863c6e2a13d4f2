// `npm run bench` (after the bundle-size report): our sync against PouchDB, side by side on this
// machine, all on loopback. Prints a table and writes it to test-results/bench-sync.md. It reports
// the targets but never fails on time: it exits non-zero only when something crashed.
//
//   ours:    buildApp on a fresh in-memory PGlite; push/re-push 10,000 mutations over HTTP from Node;
//            a fresh pull into real IndexedDB in Chromium with the app's own syncOnce + DexieSyncStore
//            + HttpTransport, encrypted at rest as in the app (and once without, to show its cost);
//            a no-op sync.
//   floors:  every target is a ratio to a floor measured in the same run (a 2-core machine shared
//            with other work makes absolute times meaningless): the pull against the app's AES-GCM
//            sealing of the same rows plus a raw Dexie bulkPut of them per page; the push against the
//            rows it wrote inserted by one statement per table, no HTTP; the no-op sync against one
//            authenticated GET on the same service.
//   PouchDB: express-pouchdb on the memory adapter; a Node PouchDB (memory) replicates the same
//            10,000 records to it; pouchdb-browser (IndexedDB) in the same Chromium replicates them back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { MAX_PULL_LIMIT, MAX_PUSH_BATCH } from '../../../src/sync/protocol';
import { BENCH_PASSWORD, BENCH_USERNAME, PUPILS, SIGNALS, TOTAL, benchDocs, benchMutations } from './data';
import { login, push, pushedRows, startOurServer, writeFloor, type PushRun } from './ours';
import { pouchPush, startPouchServer } from './pouch';
import { buildBenchPage } from './buildPage';
import type { OursBench, PullRun } from './page/ours';
import type { PouchBench } from './page/pouch';
import { median, renderReport, type Report } from './report';
import { sized, writeReport } from '../support';

/** Repetitions: enough for a median, few enough to stay well under three minutes on two cores. */
const PULL_RUNS = Number(process.env.BENCH_PULL_RUNS ?? sized(3, 1));
const POUCH_PULL_RUNS = Number(process.env.BENCH_POUCH_PULL_RUNS ?? sized(3, 1));
const NOOP_RUNS = sized(15, 3);
/** Push rounds, ours then PouchDB's, each into a fresh database: one round's ratio swings with the machine's load. */
const PUSH_RUNS = Number(process.env.BENCH_PUSH_RUNS ?? sized(3, 1));
/** The whole bench stops by itself after this, whatever happens. */
const DEADLINE_MS = 12 * 60_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const log = (msg: string) => console.log(`[bench:sync] ${msg}`);
const fmt = (ms: number) => `${Math.round(ms)} ms`;

async function openPage(context: BrowserContext, url: string, ready: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector(`body[data-ready="${ready}"]`, { timeout: 15_000 });
  return page;
}

async function main(): Promise<void> {
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'schoolnabij-bench-'));
  // Outside test-results/: a Playwright run started meanwhile empties that folder.
  const pageDir = await buildBenchPage(join(work, 'page'));
  log(`bench page built in ${fmt(performance.now() - started)}`);

  const mutations = benchMutations();
  const docs = benchDocs(mutations);
  const loadBefore = loadavg()[0] ?? 0;

  // --- ours, Node side -------------------------------------------------------------------------
  const t = performance.now();
  const ours = await startOurServer(pageDir);
  log(`our service up on ${ours.url} (${ours.store}) in ${fmt(performance.now() - t)}`);
  const token = await login(ours.url, 'Node (bench)');
  const pushRun: PushRun = await push(ours.url, token, mutations);
  log(`push ${TOTAL}: ${fmt(pushRun.ms)} ${JSON.stringify(pushRun.counts)}`);
  const repushRun: PushRun = await push(ours.url, token, mutations);
  log(`re-push ${TOTAL}: ${fmt(repushRun.ms)} ${JSON.stringify(repushRun.counts)}`);

  // --- PouchDB, Node side ----------------------------------------------------------------------
  const pouch = await startPouchServer(pageDir);
  const pouchPushRun = await pouchPush(pouch.dbUrl, docs, MAX_PUSH_BATCH);
  log(`PouchDB push ${TOTAL}: ${fmt(pouchPushRun.ms)} (${pouchPushRun.docsWritten} written)`);
  // More rounds, each into a fresh database on both sides (the first round's databases are the ones
  // the pulls read).
  const pushRounds = { ours: [pushRun.ms], pouch: [pouchPushRun.ms], floor: [] as number[] };
  // The rows the first push wrote: every floor round inserts these into a fresh store.
  const written = await pushedRows(ours.db);
  const floorRound = async (i: number) => {
    const f = await writeFloor(written);
    if (f.records !== TOTAL || f.audit !== TOTAL)
      throw new Error(`write floor round ${i + 1} wrote ${f.records} records, ${f.audit} audit rows; expected ${TOTAL}`);
    pushRounds.floor.push(f.ms);
    log(`write floor round ${i + 1}: ${fmt(f.ms)}`);
  };
  await floorRound(0);
  for (let i = 1; i < PUSH_RUNS; i++) {
    const fresh = await startOurServer(pageDir);
    try {
      const run = await push(fresh.url, await login(fresh.url, 'Node (bench)'), mutations);
      if (run.counts.applied !== TOTAL) throw new Error(`push round ${i + 1} applied ${run.counts.applied} of ${TOTAL}`);
      pushRounds.ours.push(run.ms);
    } finally {
      await fresh.close();
    }
    await floorRound(i);
    const pouchRun = await pouchPush(`${pouch.url}/db/bench-push-${i}`, docs, MAX_PUSH_BATCH);
    if (pouchRun.docsWritten !== TOTAL) throw new Error(`PouchDB push round ${i + 1} wrote ${pouchRun.docsWritten} of ${TOTAL}`);
    pushRounds.pouch.push(pouchRun.ms);
    log(`push round ${i + 1}: ours ${fmt(pushRounds.ours[i]!)}, PouchDB ${fmt(pouchRun.ms)}`);
  }

  // --- the browser -----------------------------------------------------------------------------
  // A persistent profile on disk: an incognito context keeps IndexedDB in memory, which is not what
  // a phone does.
  const profile = join(work, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const oursPage = await openPage(context, `${ours.url}/`, 'ours');
  // The user agent says 156.0.0.0 (reduced); the DevTools protocol gives the full version.
  const cdp = await context.newCDPSession(oursPage);
  const chromiumVersion = ((await cdp.send('Browser.getVersion')) as { product: string }).product;
  await cdp.detach();
  type W = { bench: OursBench; pouchBench: PouchBench };
  await oursPage.evaluate(([u, p]) => (window as unknown as W).bench.login(u, p), [BENCH_USERNAME, BENCH_PASSWORD] as const);
  const pages = await oursPage.evaluate(() => (window as unknown as W).bench.fetchPages());
  log(
    `pull stream: ${pages.pages} pages, ${(pages.bytes / 1024 / 1024).toFixed(1)} MiB JSON; fetch+JSON.parse ${fmt(pages.fetchMs)}, zod parse ${fmt(pages.parseMs)}`,
  );

  const pouchPage = await openPage(context, `${pouch.url}/pouch.html`, 'pouch');
  const pulls: PullRun[] = [];
  const floors: number[] = [];
  const floorsPerPage: number[] = [];
  const encFloors: { ms: number; sealMs: number; putMs: number }[] = [];
  const prefetches: number[] = [];
  const plains: number[] = [];
  const applyOnlys: number[] = [];
  const pouchPulls: number[] = [];
  const synced = `bench-ours-${PULL_RUNS - 1}`;
  const pouchSynced = `bench-pouch-${POUCH_PULL_RUNS - 1}`;
  // Interleaved, ours and PouchDB in each round, so a busy moment of the machine (it is shared)
  // does not land on one side only.
  for (let i = 0; i < Math.max(PULL_RUNS, POUCH_PULL_RUNS); i++) {
    if (i < PULL_RUNS) {
      const name = `bench-ours-${i}`;
      const p = await oursPage.evaluate((n) => (window as unknown as W).bench.pull(n), name);
      if (p.rows !== TOTAL) throw new Error(`pull wrote ${p.rows} rows, expected ${TOTAL}`);
      if (name !== synced) await oursPage.evaluate((n) => (window as unknown as W).bench.drop(n), name);
      const f = await oursPage.evaluate((n) => (window as unknown as W).bench.floor(n, false), `bench-floor-${i}`);
      const fp = await oursPage.evaluate((n) => (window as unknown as W).bench.floor(n, true), `bench-floor-pages-${i}`);
      if (f.rows !== TOTAL || fp.rows !== TOTAL) throw new Error(`floor wrote ${f.rows}/${fp.rows} rows, expected ${TOTAL}`);
      const ef = await oursPage.evaluate((n) => (window as unknown as W).bench.encryptedFloor(n), `bench-floor-sealed-${i}`);
      if (ef.rows !== TOTAL) throw new Error(`encrypted floor wrote ${ef.rows} rows, expected ${TOTAL}`);
      encFloors.push(ef);
      const pp = await oursPage.evaluate((n) => (window as unknown as W).bench.pullNoPrefetch(n), `bench-noprefetch-${i}`);
      if (pp.rows !== TOTAL) throw new Error(`pull without prefetch wrote ${pp.rows} rows, expected ${TOTAL}`);
      const plain = await oursPage.evaluate((n) => (window as unknown as W).bench.pull(n, false), `bench-plain-${i}`);
      if (plain.rows !== TOTAL) throw new Error(`pull without encryption wrote ${plain.rows} rows, expected ${TOTAL}`);
      await oursPage.evaluate((n) => (window as unknown as W).bench.drop(n), `bench-plain-${i}`);
      plains.push(plain.ms);
      const ao = await oursPage.evaluate((n) => (window as unknown as W).bench.applyOnly(n), `bench-apply-${i}`);
      if (ao.rows !== TOTAL) throw new Error(`applyPage of the fetched pages wrote ${ao.rows} rows, expected ${TOTAL}`);
      applyOnlys.push(ao.ms);
      pulls.push(p);
      floors.push(f.ms);
      floorsPerPage.push(fp.ms);
      prefetches.push(pp.ms);
      log(
        `pull #${i + 1}: ${fmt(p.ms)} (transport ${fmt(p.transportMs)}, applyPage ${fmt(p.applyMs)}); encrypted floor ${fmt(ef.ms)} (seal ${fmt(ef.sealMs)} + bulkPut ${fmt(ef.putMs)}); plain bulkPut ${fmt(f.ms)}, per page ${fmt(fp.ms)}; without prefetch ${fmt(pp.ms)}; without encryption at rest ${fmt(plain.ms)}; applyPage of fetched pages ${fmt(ao.ms)}`,
      );
    }
    if (i < POUCH_PULL_RUNS) {
      const name = `bench-pouch-${i}`;
      const p = await pouchPage.evaluate(([u, n, b, k]) => (window as unknown as W).pouchBench.pull(u, n, b, k), [
        pouch.dbUrl,
        name,
        MAX_PULL_LIMIT,
        name === pouchSynced,
      ] as const);
      if (p.docs !== TOTAL) throw new Error(`PouchDB pulled ${p.docs} docs, expected ${TOTAL}`);
      pouchPulls.push(p.ms);
      log(`PouchDB pull #${i + 1}: ${fmt(p.ms)}`);
    }
  }
  // The no-op and its floor taken turn about, so a busy moment of the machine lands on both.
  const noops: number[] = [];
  const emptyGets: number[] = [];
  for (let i = 0; i < NOOP_RUNS; i++) {
    noops.push(...(await oursPage.evaluate(([n, r]) => (window as unknown as W).bench.noop(n, r), [synced, 1] as const)));
    emptyGets.push(...(await oursPage.evaluate((r) => (window as unknown as W).bench.emptyGet(r), 1)));
  }
  const emptyPulls = await oursPage.evaluate(([n, r]) => (window as unknown as W).bench.emptyPullRequest(n, r), [
    synced,
    NOOP_RUNS,
  ] as const);
  log(
    `no-op sync median ${median(noops).toFixed(1)} ms; authenticated GET ${median(emptyGets).toFixed(1)} ms; empty pull request alone ${median(emptyPulls).toFixed(1)} ms`,
  );
  const pouchNoops = await pouchPage.evaluate(([u, n, r]) => (window as unknown as W).pouchBench.noop(u, n, r), [
    pouch.dbUrl,
    pouchSynced,
    NOOP_RUNS,
  ] as const);
  log(`PouchDB no-op sync median ${median(pouchNoops).toFixed(1)} ms`);

  await context.close();
  await pouch.close();
  await ours.close();
  await rm(work, { recursive: true, force: true });

  const report: Report = {
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memGiB: totalmem() / 2 ** 30,
      node: process.version,
      chromium: chromiumVersion,
      load: [loadBefore, loadavg()[0] ?? 0],
    },
    store: ours.store,
    records: { total: TOTAL, pupils: PUPILS, signals: SIGNALS },
    push: pushRun,
    repush: repushRun,
    pullStream: pages,
    pulls,
    floors,
    floorsPerPage,
    encFloors,
    prefetches,
    plains,
    applyOnlys,
    noops,
    emptyPulls,
    emptyGets,
    pushRounds,
    pouch: { push: pouchPushRun.ms, pulls: pouchPulls, noops: pouchNoops, batchPush: MAX_PUSH_BATCH, batchPull: MAX_PULL_LIMIT },
    totalMs: performance.now() - started,
  };
  await writeReport(process.env.DATABASE_URL ? 'sync-pg' : 'sync', renderReport(report));
}

const deadline = setTimeout(() => {
  console.error(`[bench:sync] stopped: still running after ${DEADLINE_MS / 1000} s`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench:sync] crashed:', err);
    process.exit(1);
  },
);
