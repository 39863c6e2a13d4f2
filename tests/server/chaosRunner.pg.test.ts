// The parallel runner of the chaos simulation (`npm run test:chaos`, run-chaos.mjs) as a person
// runs it: a separate process with its worker, on this test run's store (PGlite, or the PostgreSQL
// in DATABASE_URL). Two short seeds: what it prints at the end, and its exit code.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const runner = fileURLToPath(new URL('./run-chaos.mjs', import.meta.url));

describe('chaos runner', () => {
  it('runs the seeds in a worker, prints what it checked, the floor and the ratio to it, and exits 0', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [runner, '--runs', '2', '--first', '5', '--steps', '2', '--workers', '1'],
      {
        env: { ...process.env, CI: '' },
        timeout: 170_000,
      },
    );
    const store = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    expect(stdout).toContain(`chaos: 2 of 2 seeds on ${store} with 1 workers`);
    expect(stdout).toMatch(/chaos: \d+ writes checked: 0 lost, 0 doubled/);
    expect(stdout).toMatch(
      /a seed is \d+ requests and \d+ statements; its floor .* takes \d+\.\d\d s a seed, a real seed \d+\.\d\d s: \d+\.\d× the floor/,
    );
    expect(stdout).toMatch(/10,000 seeds at the floor would take \S+ with 1 workers/);
    expect(stdout.trim().split('\n').at(-1)).toBe('chaos: all passed');
  }, 180_000);
});
