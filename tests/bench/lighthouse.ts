// `npm run bench:lighthouse`: Lighthouse (npm devDependency) in Debian Chromium, its default mobile
// profile (Moto G Power screen, simulated slow 4G and 4× CPU), 5 runs each of Performance,
// Accessibility and Best Practices against the built app served by the real service:
//   1. the log-in page (the first screen without a session), storage reset before each run;
//   2. A returning phone: Playwright logs in (and sets the PIN) through the same browser over the
//      Chrome DevTools Protocol, then Lighthouse loads /vandaag with disableStorageReset so the
//      session and the service worker's precache stay. The app opens locked after every load (the
//      data key is in memory only), so what loads is the lock screen "Vergrendeld".
//   3. Vandaag unlocked: puppeteer (Lighthouse's own) enters the PIN, then a Lighthouse snapshot of
//      the screen: Accessibility and Best Practices (a snapshot has no Performance score).
// Prints every run's scores and the median; targets ≥ 95 / 100 / 100. Never fails on the scores.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { snapshot } from 'lighthouse';
// puppeteer-core: Lighthouse's own dependency (not ours), the page type its snapshot mode takes.
import puppeteer from 'puppeteer-core';
import { chromium } from 'playwright-core';
import { logIn } from './browser';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  DEMO_PIN,
  deadline,
  freePort,
  load1,
  loadText,
  machine,
  machineLine,
  median,
  startService,
  table,
  verdict,
  writeReport,
} from './support';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const categories = ['performance', 'accessibility', 'best-practices'] as const;
const targets = { performance: 95, accessibility: 100, 'best-practices': 100 } as const;

interface Run {
  scores: Record<(typeof categories)[number], number>;
  load: number;
  failing: string[];
  /** FCP, LCP, TBT, CLS as Lighthouse displays them. */
  metrics: string[];
  /** Lighthouse's own CPU benchmark of this machine at that moment (a quiet laptop is ~1,000–2,000). */
  benchmarkIndex: number;
}

async function launchChromium(): Promise<{ port: number; proc: ChildProcess }> {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), 'schoolnabij-lighthouse-'));
  const proc = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, '--headless=new', `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/json/version`)).ok) return { port, proc };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill('SIGKILL');
  throw new Error('Chromium did not open its DevTools port');
}

/** Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP): retry such a run, counted. */
let retries = 0;
async function audit(url: string, port: number, keepStorage: boolean): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await auditOnce(url, port, keepStorage);
    } catch (e) {
      if (attempt >= 3) throw e;
      retries++;
      console.warn(`  retry after: ${String(e)}`);
    }
  }
}

async function auditOnce(url: string, port: number, keepStorage: boolean): Promise<Run> {
  const load = load1();
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...categories],
    disableStorageReset: keepStorage,
  });
  if (!result) throw new Error('Lighthouse gave no result');
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(categories.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Run['scores'];
  // The audits that cost points outside Performance's metrics: what a reader needs to act on.
  const failing = categories
    .filter((c) => c !== 'performance')
    .flatMap((c) =>
      lhr.categories[c]!.auditRefs.filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id),
    );
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
    .map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id]?.displayValue ?? '?'}`)
    .join(', ');
  console.log(`  ${url}: ${categories.map((c) => `${c} ${scores[c]}`).join(', ')} (load ${load}); ${metrics}`);
  const shown = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift'].map(
    (id) => lhr.audits[id]?.displayValue ?? '?',
  );
  return { scores, load, failing, metrics: shown, benchmarkIndex: Math.round(lhr.environment.benchmarkIndex) };
}

function rows(name: string, runs: Run[]): (string | number)[][] {
  const out: (string | number)[][] = runs.map((r, i) => [
    `${name}, run ${i + 1}`,
    ...categories.map((c) => r.scores[c]),
    ...r.metrics,
    r.load,
    r.benchmarkIndex,
    '',
  ]);
  const med = categories.map((c) => median(runs.map((r) => r.scores[c])));
  out.push([
    `**${name}, median of ${runs.length}**`,
    ...med.map((x) => `**${x}**`),
    '',
    '',
    '',
    '',
    '',
    '',
    categories.map((c, i) => `${c} ${verdict(med[i]! >= targets[c])}`).join(', '),
  ]);
  return out;
}

async function main(): Promise<void> {
  deadline(20, 'lighthouse');
  const m = machine();
  const loadAtStart = loadText();
  const service = await startService();
  const { port, proc } = await launchChromium();
  const runs: Record<string, Run[]> = { login: [], today: [] };
  let unlocked: { scores: Record<string, number>; failing: string[] } | undefined;
  let todayProblem = '';
  try {
    console.log(`[bench:lighthouse] ${service.url} (${service.store}); Chromium DevTools on ${port}`);
    for (let i = 0; i < RUNS; i++) runs.login!.push(await audit(`${service.url}/inloggen`, port, false));

    // Log in through the same browser (default context, so Lighthouse's new tab shares the storage).
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const page = await browser.contexts()[0]!.newPage();
      await page.setViewportSize({ width: 412, height: 823 });
      await logIn(page, service.url);
      // Let the first sync and the service worker's precache finish before measuring.
      await page.waitForLoadState('networkidle');
      await page.close();
    } finally {
      // Disconnects Playwright only: a browser from connectOverCDP is not closed by close().
      await browser.close();
    }
    for (let i = 0; i < RUNS; i++) runs.today!.push(await audit(`${service.url}/vandaag`, port, true));
    unlocked = await unlockedSnapshot(service.url, port);
  } catch (e) {
    todayProblem = String(e);
    console.error(e);
  } finally {
    proc.kill('SIGTERM');
    await service.stop();
  }
  const failing = [...new Set([...Object.values(runs).flatMap((rs) => rs.flatMap((r) => r.failing)), ...(unlocked?.failing ?? [])])];
  const md = [
    `### Lighthouse ${lighthouseVersion()} (mobile profile: simulated slow 4G, 4× CPU slowdown), ${RUNS} runs per page`,
    '',
    machineLine(m, loadAtStart) +
      ` Chromium ${await chromiumVersion()} (Debian, headless=new). Served by the real service (${service.store}) on loopback.`,
    '',
    table(
      [
        'page',
        `Performance (≥ ${targets.performance})`,
        `Accessibility (${targets.accessibility})`,
        `Best Practices (${targets['best-practices']})`,
        'FCP',
        'LCP',
        'TBT',
        'CLS',
        'load (1 min)',
        'benchmarkIndex',
        'target',
      ],
      [
        ...rows('Log-in page /inloggen', runs.login!),
        ...rows('Returning phone: load of /vandaag = lock screen (logged in, warm service worker)', runs.today!),
        ...(unlocked
          ? [
              [
                'Vandaag unlocked (snapshot)',
                '–',
                unlocked.scores.accessibility!,
                unlocked.scores['best-practices']!,
                '',
                '',
                '',
                '',
                '',
                '',
                `accessibility ${verdict(unlocked.scores.accessibility === 100)}, best-practices ${verdict(unlocked.scores['best-practices'] === 100)}`,
              ],
            ]
          : []),
      ],
    ),
    '',
    `Runs retried after a Lighthouse trace error (NO_NAVSTART and the like): ${retries}.`,
    failing.length
      ? `Audits that cost Accessibility/Best Practices points: ${failing.join(', ')}.`
      : 'No Accessibility or Best Practices audit failed.',
    ...(todayProblem ? [`Could not complete: ${todayProblem}`] : []),
  ].join('\n');
  await writeReport('lighthouse', md);
}

/** Unlock Vandaag with the PIN in a new tab, then a Lighthouse snapshot of what the user sees. */
async function unlockedSnapshot(base: string, port: number): Promise<{ scores: Record<string, number>; failing: string[] }> {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/vandaag`);
    const pin = await page.waitForSelector('#f-pin', { timeout: 60_000 }).catch(() => null);
    if (pin) {
      await pin.type(DEMO_PIN);
      await page.click('form.login-form button[type="submit"]');
    }
    await page.waitForSelector('#thuiszitters-title', { timeout: 120_000 });
    const result = await snapshot(page, { flags: { onlyCategories: ['accessibility', 'best-practices'], logLevel: 'error' } });
    if (!result) throw new Error('Lighthouse snapshot gave no result');
    const { lhr } = result;
    const scores = Object.fromEntries(
      ['accessibility', 'best-practices'].map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
    );
    const failing = ['accessibility', 'best-practices'].flatMap((c) =>
      lhr.categories[c]!.auditRefs.filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id),
    );
    console.log(`  ${base}/vandaag unlocked (snapshot): ${JSON.stringify(scores)}`);
    return { scores, failing };
  } finally {
    await browser.disconnect();
  }
}

function lighthouseVersion(): string {
  return (JSON.parse(readFileSync('node_modules/lighthouse/package.json', 'utf8')) as { version: string }).version;
}

async function chromiumVersion(): Promise<string> {
  return new Promise((ok) => {
    const p = spawn(CHROMIUM_PATH, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', () => ok(/\d+\.\d+\.\d+\.\d+/.exec(out)?.[0] ?? '?'));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
