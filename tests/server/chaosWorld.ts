// One chaos world per test file (chaos.support.ts), opened before its seeds and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { closeWorld, openWorld, type ChaosWorld } from './chaos.support';

/** Per seed, not for the whole file: a hang is reported as that seed's. A seed takes seconds. */
export const SEED_TIMEOUT = 300_000;

/** The world of this file's seeds, for use inside its tests. */
export function chaosWorld(): () => ChaosWorld {
  let world: ChaosWorld | undefined;
  beforeAll(async () => {
    world = await openWorld();
  }, 600_000); // 20 log-ins (scrypt) and a migrated, seeded database: minutes on a busy machine
  afterAll(async () => {
    if (world) await closeWorld(world);
  });
  return () => {
    if (!world) throw new Error('the chaos world is not open');
    return world;
  };
}
