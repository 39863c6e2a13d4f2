// npm run test:chaos -- [--runs N] [--first N] [--seed N] [--steps N]: the seeded simulation on demand.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string' }, first: { type: 'string' }, seed: { type: 'string' }, steps: { type: 'string' } },
  allowPositionals: true,
});
const env = { ...process.env };
if (values.runs) env.CHAOS_RUNS = values.runs;
if (values.first) env.CHAOS_FIRST_SEED = values.first;
if (values.seed) env.CHAOS_SEED = values.seed;
if (values.steps) env.CHAOS_STEPS = values.steps;
const res = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.server.config.ts', 'tests/server/chaos.pg.test.ts'], { stdio: 'inherit', env });
process.exit(res.status ?? 1);
