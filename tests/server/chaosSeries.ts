// The seeded chaos series of `npm test`, shared by the two files that run it (chaos.pg.test.ts and
// chaos.second.pg.test.ts): each file takes every other seed, so the two test workers share the
// longest part of the server tests instead of one worker running it alone.
//
// CHAOS_RUNS seeds from CHAOS_FIRST_SEED (default 1); `npm test` runs seeds 1–100 on PGlite and
// 101–200 on PostgreSQL, so one CI run covers 200 different seeds (CI runs at least 200). Many more
// run in parallel workers with `npm run test:chaos -- --runs 10000` (tests/server/run-chaos.mjs).
// CHAOS_SEED=n runs one seed (in the first file). A seed that fails here or there becomes a named
// test in chaosRegressions.pg.test.ts.
import { describe, it } from 'vitest';
import { DEFAULT_STEPS, DEVICES, runSeed } from './chaos.support';
import { SEED_TIMEOUT, chaosWorld } from './chaosWorld';

// Without CHAOS_RUNS: 50 seeds on CI (CI=true), 25 locally.
const RUNS = Number(process.env.CHAOS_RUNS ?? (process.env.CI ? 50 : 25));
const FIRST_SEED = Number(process.env.CHAOS_FIRST_SEED ?? 1);
const STEPS = Number(process.env.CHAOS_STEPS ?? DEFAULT_STEPS);

/** The seeds of one of the two files: `half` 0 takes the 1st, 3rd, … seed, `half` 1 the others. */
export function seedsOf(half: 0 | 1): number[] {
  if (process.env.CHAOS_SEED) return half === 0 ? [Number(process.env.CHAOS_SEED)] : [];
  return Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i).filter((_, i) => i % 2 === half);
}

export function describeChaosSeries(half: 0 | 1): void {
  const world = chaosWorld();
  const seeds = seedsOf(half);
  describe(`chaos: ${DEVICES} devices, ${STEPS} steps, faulty network and tokens, restarts`, () => {
    // One seed alone (CHAOS_SEED) runs in the first file; the second then has nothing to do.
    if (seeds.length === 0) it.skip('no seed for this file', () => {});
    for (const seed of seeds) {
      it(
        `seed ${seed} converges, loses and doubles no write`,
        async () => {
          try {
            await runSeed(world(), seed, { steps: STEPS });
          } catch (err) {
            const pg = process.env.DATABASE_URL ? ' --pg' : '';
            if (err instanceof Error)
              err.message += `\nrerun it alone: npm run test:chaos -- --seed ${seed}${pg}; then add it to chaosRegressions.pg.test.ts`;
            throw err;
          }
        },
        SEED_TIMEOUT,
      );
    }
  });
}
