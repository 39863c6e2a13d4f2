// One worker process of `npm run test:chaos` (tests/server/run-chaos.mjs): a database and service of
// its own (in-memory PGlite, or a schema of its own on the PostgreSQL in DATABASE_URL), on which it
// runs the seeds the runner sends, one at a time.
//
// Messages to the runner: `ready` (send a seed), `start` (the seed's time limit begins: opening a
// database is not part of it), `done` with the seed's report, `failed` with what went wrong.
import {
  ChaosFailure,
  DEFAULT_STEPS,
  closeWorld,
  floorSeed,
  openWorld,
  runSeed,
  sessionTrail,
  type ChaosWorld,
  type SeedReport,
} from './chaos.support';

export type ToWorker = { type: 'seed'; seed: number } | { type: 'floor'; seeds: number; requests: number; statements: number };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'floor'; seeds: number; ms: number; cpuMs: number }
  | { type: 'start'; seed: number }
  | { type: 'done'; seed: number; ms: number; cpuMs: number; report: SeedReport }
  | { type: 'failed'; seed: number; ms: number; cpuMs: number; message: string; problems: string[]; report: SeedReport | null };

const steps = Number(process.env.CHAOS_STEPS ?? DEFAULT_STEPS);
/**
 * Seeds per database: every seed adds records and audit rows, and a database that only grows makes
 * each seed slower (and an in-memory PGlite holds it all in this process). A fresh one every so
 * often keeps the seeds of a long run as fast as the first.
 */
const SEEDS_PER_WORLD = Number(process.env.CHAOS_SEEDS_PER_DB ?? 250);

let world: ChaosWorld | null = null;
let seedsOnWorld = 0;

const send = (msg: FromWorker) => {
  process.send!(msg);
};

async function drop() {
  const w = world;
  world = null;
  if (w) await closeWorld(w).catch(() => {});
}

async function open() {
  if (world && seedsOnWorld >= SEEDS_PER_WORLD) await drop();
  if (!world) {
    try {
      world = await openWorld();
    } catch (err) {
      // No database, no seeds: the runner sees this worker exit and stops.
      console.error('chaos worker: could not open a database:', err);
      process.exit(2);
    }
    seedsOnWorld = 0;
  }
  return world;
}

async function run(seed: number) {
  // This process's CPU time (PGlite runs in it), a new database's included: what a seed costs
  // whatever else the machine runs.
  const cpu = process.cpuUsage();
  const w = await open();
  seedsOnWorld++;
  send({ type: 'start', seed });
  const started = performance.now();
  const cpuMs = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  try {
    const report = await runSeed(w, seed, { steps });
    send({ type: 'done', seed, ms: performance.now() - started, cpuMs: cpuMs(), report });
  } catch (err) {
    const ms = performance.now() - started;
    const failed = { type: 'failed', seed, ms, cpuMs: cpuMs() } as const;
    if (err instanceof ChaosFailure) send({ ...failed, message: err.message, problems: err.problems, report: err.report });
    else {
      const trail = await sessionTrail(w).catch((e: unknown) => [`no session trail: ${String(e)}`]);
      send({ ...failed, message: err instanceof Error ? (err.stack ?? err.message) : String(err), problems: trail, report: null });
    }
    // Devices may be left half-way (a token, an outbox): the next seed starts on a fresh database.
    await drop();
  }
}

async function floor(msg: Extract<ToWorker, { type: 'floor' }>) {
  const w = await open();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < msg.seeds; i++) await floorSeed(w, msg.requests, msg.statements);
  const used = process.cpuUsage(cpu);
  send({ type: 'floor', seeds: msg.seeds, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
}

// One seed at a time, in the order they come.
let queue = Promise.resolve();
process.on('message', (msg: ToWorker) => {
  if (msg.type === 'seed') queue = queue.then(() => run(msg.seed)).then(() => send({ type: 'ready' }));
  else if (msg.type === 'floor') queue = queue.then(() => floor(msg));
});
process.on('disconnect', () => {
  void queue.then(drop).then(() => process.exit(0));
});
send({ type: 'ready' });
