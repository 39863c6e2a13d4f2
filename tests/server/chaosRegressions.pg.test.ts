// Seeds of the chaos simulation (chaos.support.ts) that once failed, each kept as a named test of
// the fault it found, with the options it failed with. They run in every server test run, whatever
// CHAOS_RUNS, CHAOS_FIRST_SEED or CHAOS_SEED choose for the series in chaosSeries.ts. A new
// failing seed gets its own test here, named after what went wrong.
import { describe, it } from 'vitest';
import { DEFAULT_STEPS, runSeed } from './chaos.support';
import { SEED_TIMEOUT, chaosWorld } from './chaosWorld';

const world = chaosWorld();

describe('chaos regressions', () => {
  // Found 15 minutes into a long parallel run: every access token had run out, the pull answered
  // 401 token_expired, and devices did not refresh before trying again.
  it(
    'devices whose access tokens all ran out refresh them, then converge (seed 70687)',
    async () => {
      await runSeed(world(), 70687, { steps: DEFAULT_STEPS, tokensExpired: true });
    },
    SEED_TIMEOUT,
  );

  // Found when the devices started to sync with the app's engine: a device learned that it had
  // been revoked only in its last sync, was wiped and pulled nothing more, so it held none of the
  // server's records.
  it(
    'a device that learns of its revocation in the last sync logs in again and pulls it all (seed 30038)',
    async () => {
      await runSeed(world(), 30038, { steps: DEFAULT_STEPS });
    },
    SEED_TIMEOUT,
  );

  // Found in a long parallel run, minutes after the cause: a wiped device (revoked, logged in again)
  // renewed its tokens through a copy of itself, so the next seed started it with a replaced refresh
  // token; presented after the grace for lost answers, that ended its session as a re-used token.
  it(
    'a device wiped after its revocation ends the seed holding its live refresh token (seed 3)',
    async () => {
      await runSeed(world(), 3, { steps: DEFAULT_STEPS });
    },
    SEED_TIMEOUT,
  );
});
