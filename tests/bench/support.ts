// Shared by the benchmarks in tests/bench/*.ts (not the sync bench, which has its own): the machine
// they ran on, the real service started as a child process, simple statistics and the Markdown
// table each bench prints and writes to test-results/bench-<name>.md. No bench ever fails on time:
// they print figures next to the targets, and exit non-zero only when something crashed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export { chromiumArgs as CHROMIUM_ARGS, chromiumPath as CHROMIUM_PATH } from '../e2e/support/chromium';

export const DEMO_PASSWORD = 'demo-schoolnabij';
/** A PIN for the PIN lock, if the app asks for one after log-in. */
export const DEMO_PIN = '284716';

export interface Machine {
  cores: number;
  cpu: string;
  memGiB: number;
  node: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return { cores: cpus().length, cpu, memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version };
}

/** The 1-minute load average, as printed next to every figure. */
export const load1 = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
export const loadText = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Nearest-rank quantile (p in 0..1) of a non-empty list. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  if (p === 0.5) {
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  }
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

export const ms = (x: number) =>
  Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US');
export const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machineLine(m: Machine, loadAtStart: string): string {
  return `Machine: ${m.cores} cores (\`nproc\`), ${m.cpu}, ${m.memGiB} GiB RAM, Node ${m.node}; load average at start (1/5/15 min): ${loadAtStart}.`;
}

/**
 * `npm run bench:smoke` (the last step of `npm test`): the benches that use the app's internals
 * (save, caseload, firstsync, load and its capacity mode, sync) once each, small, to prove they
 * still run against the current app: a bench that reads an index the schema dropped fails in CI,
 * not at the next measurement. Its figures mean nothing; its tables go to bench-<name>-smoke.md.
 * An explicit BENCH_* setting still wins.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';
export const sized = (full: number, smoke: number): number => (SMOKE ? smoke : full);

/** Prints the report and writes it to test-results/bench-<name>.md (BENCHMARKS.md copies these). */
export async function writeReport(name: string, markdown: string): Promise<void> {
  const file = join('test-results', `bench-${name}${SMOKE ? '-smoke' : ''}.md`);
  console.log(`\n${markdown}\n`);
  await mkdir('test-results', { recursive: true });
  await writeFile(file, `${markdown}\n`);
  console.log(`(written to ${file})`);
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface Service {
  url: string;
  store: string;
  stop(): Promise<void>;
}

/**
 * The real service (src/server/main.ts, run with tsx) as a child process, on a free port with a fresh
 * temporary DATA_DIR (PGlite) or on DATABASE_URL when set (scripts/with-postgres.sh), serving the
 * built app from BENCH_STATIC_DIR (default dist), seeded with the demo region.
 */
/** Extra Node flags for the service, e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
function serviceNodeArgs(): string[] {
  return (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** `cpus`: pin the service to these CPUs (a taskset list, e.g. "0"), so a load generator on the others does not share them. */
export async function startService(extraEnv: Record<string, string> = {}, opts: { cpus?: string } = {}): Promise<Service> {
  const staticDir = resolve(process.env.BENCH_STATIC_DIR ?? 'dist');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir}/index.html ontbreekt: bouw de app eerst (npm run build, of BENCH_STATIC_DIR=<map>)`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'schoolnabij-bench-data-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STATIC_DIR: staticDir,
    AUTH_RATE_LIMIT: '1000000',
    ...extraEnv,
  };
  const command = [process.execPath, ...serviceNodeArgs(), '--import', 'tsx', 'src/server/main.ts'];
  const [file, ...args] = opts.cpus ? ['taskset', '-c', opts.cpus, ...command] : command;
  const child: ChildProcess = spawn(file!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service stopped (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`service did not start within 180 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const store = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (fresh DATA_DIR)';
  return {
    url,
    store,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        // One process (node --import tsx = `npx tsx src/server/main.ts`): it stops cleanly on SIGTERM.
        child.kill('SIGTERM');
      }),
  };
}

/** A hard stop for a whole bench, so a hang never blocks `npm run bench`. */
export function deadline(minutes: number, name: string): void {
  setTimeout(() => {
    console.error(`[bench:${name}] stopped after ${minutes} min`);
    process.exit(2);
  }, minutes * 60_000).unref();
}
