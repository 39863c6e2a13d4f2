// npm run test:chaos -- [--runs N] [--first N] [--seed N] [--steps N] [--pg] [--workers N]
//                       [--seed-timeout S] [--seeds-per-db N]
// The seeded chaos simulation (tests/server/chaos.support.ts) on many seeds: worker processes
// (chaos.worker.ts), one per core by default, each on a database of its own, take the next seed
// when they finish one. Progress on the terminal; a failing seed is printed at once with the command
// that runs it alone; at the end the wall time, seeds per second and what was checked.
// --pg runs it on a throw-away PostgreSQL (scripts/with-postgres.sh), a schema per worker.
import { fork, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' }, first: { type: 'string' }, seed: { type: 'string' }, steps: { type: 'string' },
    pg: { type: 'boolean' }, workers: { type: 'string' }, 'seed-timeout': { type: 'string' }, 'seeds-per-db': { type: 'string' },
  },
  allowPositionals: true,
});

if (values.pg && !process.env.DATABASE_URL) {
  // Once around the whole run: the workers share the server, each in a schema of its own.
  const args = process.argv.slice(2).filter((a) => a !== '--pg');
  const child = spawn('bash', ['scripts/with-postgres.sh', process.execPath, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

async function main() {
  const int = (v, fallback) => (v === undefined ? fallback : Number(v));
  const seeds = values.seed !== undefined
    ? [int(values.seed)]
    : Array.from({ length: int(values.runs, 1000) }, (_, i) => int(values.first, 1) + i);
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error('--runs, --first and --seed take whole numbers');
  const workers = Math.max(1, Math.min(int(values.workers, availableParallelism()), seeds.length));
  const seedTimeout = int(values['seed-timeout'], 300) * 1000;
  const store = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  const rerun = (seed) => `npm run test:chaos -- --seed ${seed}${store === 'PostgreSQL' ? ' --pg' : ''}${values.steps ? ` --steps ${values.steps}` : ''}`;
  const env = { ...process.env };
  if (values.steps) env.CHAOS_STEPS = values.steps;
  if (values['seeds-per-db']) env.CHAOS_SEEDS_PER_DB = values['seeds-per-db'];

  const tty = process.stdout.isTTY;
  const started = performance.now();
  let next = 0;
  let done = 0;
  const failed = [];
  const total = { writes: 0, lost: 0, doubled: 0, wiped: 0, refreshes: 0, requests: 0, statements: 0, faults: {} };
  /** Wall time of the seeds that passed, and of the floor seeds run after them (chaos.support floorSeed). */
  let seedMs = 0;
  const floor = { seeds: 0, ms: 0, cpuMs: 0 };
  const FLOOR_SEEDS = 40;
  let slowest = { seed: 0, ms: 0 };
  let cpuMs = 0;
  const pgCpu = store === 'PostgreSQL' ? await postgresCpu() : null;
  let pgCpuMs = 0;
  const cpuNote = () => {
    if (!done || !cpuMs) return '';
    const perSeed = (cpuMs + pgCpuMs) / done / 1000;
    const what = store === 'PGlite' ? '' : pgCpu ? ' (workers and PostgreSQL)' : ' (workers only)';
    return `CPU ${perSeed.toFixed(2)} s per seed${what}, ${(workers / perSeed).toFixed(2)} seeds/s if ${workers} cores were free for it`;
  };
  let stopping = false;
  let deaths = 0;

  const clock = (ms) => {
    const s = Math.round(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${h ? `${h}h` : ''}${String(m).padStart(h ? 2 : 1, '0')}m${String(s % 60).padStart(2, '0')}s`;
  };
  const rate = () => done / ((performance.now() - started) / 1000);
  const say = (line) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
  const progress = () => {
    if (pgCpu) pgCpuMs = pgCpu();
    const r = rate();
    const current = pool.map((w) => w.seed).filter((s) => s !== null);
    const eta = r > 0 ? clock(((seeds.length - done) / r) * 1000) : '?';
    const line = `chaos [${store}, ${workers} workers] ${done}/${seeds.length} seeds · ${r.toFixed(2)} seeds/s · ETA ${eta} · now ${current.join(' ') || '-'} · failed ${failed.length} · ${cpuNote()}`;
    if (tty) process.stdout.write(`\r\x1b[K${line}`);
    else say(`${new Date().toISOString().slice(11, 19)} ${line}`);
  };

  const fail = (seed, message, problems = []) => {
    failed.push(seed);
    say(`chaos: seed ${seed} FAILED on ${store}: ${message}`);
    for (const p of problems.slice(0, 20)) say(`  - ${p}`);
    say(`  rerun it alone: ${rerun(seed)}`);
    say('  and keep it: a named test in tests/server/chaosRegressions.pg.test.ts');
  };
  const add = (report) => {
    for (const k of ['writes', 'lost', 'doubled', 'wiped', 'refreshes', 'requests', 'statements']) total[k] += report[k] ?? 0;
    for (const [k, v] of Object.entries(report.faults)) total.faults[k] = (total.faults[k] ?? 0) + v;
  };

  const workerFile = fileURLToPath(new URL('./chaos.worker.ts', import.meta.url));
  const pool = [];
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));

  const dispatch = (w) => {
    if (!stopping && next >= seeds.length && !w.floorSent && done > failed.length && !failed.length) {
      // Every seed is handed out: this worker measures the floor, with the mean seed's counts.
      w.floorSent = true;
      const passed = done - failed.length;
      w.child.send({
        type: 'floor',
        seeds: Math.max(1, Math.round(Math.min(seeds.length, FLOOR_SEEDS) / workers)),
        requests: Math.round(total.requests / passed),
        statements: Math.round(total.statements / passed),
      });
      return;
    }
    if (stopping || next >= seeds.length) {
      w.seed = null;
      // It closes its database and exits; the run ends when every worker has (a database server
      // stopped under a worker still closing would crash it).
      w.child.disconnect();
      return;
    }
    w.child.send({ type: 'seed', seed: seeds[next++] });
  };
  const spawnWorker = () => {
    const child = fork(workerFile, [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const w = { child, seed: null, timer: null, killed: false, exited: false, floorSent: false };
    child.on('message', (msg) => {
      if (msg.type === 'ready') dispatch(w);
      else if (msg.type === 'floor') {
        floor.seeds += msg.seeds;
        floor.ms += msg.ms;
        floor.cpuMs += msg.cpuMs;
        dispatch(w);
      }
      else if (msg.type === 'start') {
        w.seed = msg.seed;
        w.timer = setTimeout(() => {
          // Hung: the seed is a failure, the worker is replaced.
          w.killed = true;
          fail(w.seed, `no result within ${seedTimeout / 1000} s (a hang, or a machine far too busy)`);
          done++;
          child.kill('SIGKILL');
        }, seedTimeout);
      } else {
        clearTimeout(w.timer);
        done++;
        if (msg.ms > slowest.ms) slowest = { seed: msg.seed, ms: msg.ms };
        if (msg.type === 'done') seedMs += msg.ms;
        cpuMs += msg.cpuMs;
        if (msg.report) add(msg.report);
        if (msg.type === 'failed') fail(msg.seed, msg.message, msg.problems);
        w.seed = null;
      }
    });
    child.on('exit', (code) => {
      clearTimeout(w.timer);
      w.exited = true;
      const i = pool.indexOf(w);
      if (w.killed || (code !== 0 && !stopping)) {
        if (!w.killed) {
          deaths++;
          if (w.seed !== null) {
            fail(w.seed, `worker exited (${code}) during the seed`);
            done++;
          }
        }
        if (deaths > 3) {
          say('chaos: workers keep dying; stopping');
          stopping = true;
        }
        if (!stopping && next < seeds.length) {
          pool[i] = spawnWorker();
          return;
        }
      }
      w.seed = null;
      if (pool.every((x) => x.exited)) finish();
    });
    return w;
  };

  say(`chaos: ${seeds.length} seeds from ${seeds[0]} on ${store}, ${workers} workers (runner pid ${process.pid}; SIGTERM prints what is done)`);
  for (let i = 0; i < workers; i++) pool.push(spawnWorker());
  const ticker = setInterval(progress, tty ? 1000 : 30_000);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (stopping) process.exit(1);
      stopping = true;
      say(`chaos: ${sig}: stopping after the running seeds`);
      for (const w of pool) if (w.seed === null && w.child.connected) w.child.disconnect();
    });
  }
  await finished;
  clearInterval(ticker);
  if (pgCpu) {
    // The workers' connections have closed; give the postmaster a moment to reap their backends.
    await new Promise((resolve) => setTimeout(resolve, 500));
    pgCpuMs = pgCpu();
  }

  const wall = performance.now() - started;
  const f = total.faults;
  say(`chaos: ${done} of ${seeds.length} seeds on ${store} with ${workers} workers in ${clock(wall)} wall: ${(done / (wall / 1000)).toFixed(2)} seeds/s (slowest seed ${slowest.seed}: ${(slowest.ms / 1000).toFixed(1)} s)`);
  say(`chaos: ${cpuNote()}; the wall time counts whatever else runs on the machine`);
  const passed = done - failed.length;
  if (floor.seeds && passed) {
    // Both measured in the same workers, under the same load: the ratio holds on a busier machine too.
    const perSeed = seedMs / passed;
    const perFloor = floor.ms / floor.seeds;
    say(
      `chaos: a seed is ${Math.round(total.requests / passed)} requests and ${Math.round(total.statements / passed)} statements; ` +
        `its floor (as many GET /api/health and one-row lookups, ${floor.seeds} floor seeds) takes ${(perFloor / 1000).toFixed(2)} s a seed, ` +
        `a real seed ${(perSeed / 1000).toFixed(2)} s: ${(perSeed / perFloor).toFixed(1)}× the floor; ` +
        `10,000 seeds at the floor would take ${clock((10_000 * perFloor) / workers)} with ${workers} workers`,
    );
  }
  say(`chaos: ${total.writes} writes checked: ${total.lost} lost, ${total.doubled} doubled; ${total.wiped} unsent writes of revoked devices wiped (by design)`);
  say(`chaos: faults injected: token expired before a push ${f.expiredBeforePush ?? 0}, between pull pages ${f.expiredBetweenPages ?? 0}, all tokens at once ${f.allExpired ?? 0}; refresh answers lost ${f.refreshAnswerLost ?? 0}; devices revoked ${f.revoked ?? 0}; refreshes ${total.refreshes}`);
  if (failed.length) {
    say(`chaos: ${failed.length} seeds FAILED: ${failed.sort((a, b) => a - b).join(' ')}`);
    process.exit(1);
  }
  if (done < seeds.length) {
    say('chaos: stopped before the end');
    process.exit(1);
  }
  say('chaos: all passed');
  process.exit(0);
}

/**
 * CPU time PostgreSQL spends for this run (Linux /proc): the postmaster's own and that of the
 * backends it reaped (cutime), plus its children still running. A function giving ms since now, or
 * null where it can't be read; only for the report.
 */
async function postgresCpu() {
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query('SHOW data_directory');
    await client.end();
    const pid = readFileSync(`${rows[0].data_directory}/postmaster.pid`, 'utf8').split('\n')[0].trim();
    const stat = (p) => readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ').map(Number);
    const ticksPerMs = 100 / 1000; // USER_HZ
    const read = () => {
      const own = stat(pid);
      let ticks = own[11] + own[12] + own[13] + own[14];
      for (const p of readdirSync('/proc')) {
        if (!/^\d+$/.test(p)) continue;
        try {
          const s = stat(p);
          if (String(s[1]) === pid) ticks += s[11] + s[12];
        } catch {
          // gone meanwhile
        }
      }
      return ticks / ticksPerMs;
    };
    const base = read();
    return () => read() - base;
  } catch {
    return null;
  }
}
