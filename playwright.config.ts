import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, phoneUse } from './tests/e2e/support/chromium';

/**
 * Browser tests run against the built app and service (`npm run build` first) served by the real central
 * service on a fresh embedded database with the demo region, in the Debian Chromium (no browser
 * downloads here), at phone size. Port 4173 (E2E_PORT to change, e.g. for two
 * checkouts testing at once) so a running `npm start` on 5173 does not clash.
 * Every test gets a fresh browser context: IndexedDB starts empty.
 */
const port = process.env.E2E_PORT ?? '4173';
const baseURL = `http://127.0.0.1:${port}`;
// Config files are read by every worker too: create the data folder once, in the main process.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'schoolnabij-e2e-'));
// The services' JSON logs, read after all browser tests by serviceLog.check.ts (no personal data).
process.env.E2E_LOG_DIR ??= mkdtempSync(join(tmpdir(), 'schoolnabij-e2e-log-'));

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  reporter: 'list',
  // One retry on CI, reported as "flaky" in the summary (never hidden): a 2-core runner under load
  // sometimes misses an Ionic page transition. Locally 0, so a flaky test shows up at once.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    ...phoneUse,
    // Recording a trace costs every test about a tenth of its time on two cores, also when it passes:
    // so only the retry on CI records one. Locally: `npx playwright test --trace retain-on-failure`.
    trace: 'on-first-retry',
  },
  projects: [
    {
      name: 'chromium',
      testMatch: '*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
    // After every browser test has passed: read the logs those tests made the service write.
    { name: 'service-log', testMatch: 'serviceLog.check.ts', dependencies: ['chromium'] },
  ],
  webServer: {
    // The compiled service (`npm run build` writes dist-server/), as in production, on the Node
    // this run uses (24 under npm/npx: node_modules/.bin comes first on their PATH).
    command: `${JSON.stringify(process.execPath)} --enable-source-maps dist-server/main.js`,
    url: `${baseURL}/api/health`,
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      DATA_DIR: process.env.E2E_DATA_DIR,
      AUTH_RATE_LIMIT: '100000',
      // The dashboard's default view computed after start (docs/kengetallen.md); off by default.
      KENGETALLEN_WARM: '1',
      STATIC_DIR: process.env.E2E_STATIC_DIR ?? 'dist',
      LOG: 'info',
      LOG_FILE: join(process.env.E2E_LOG_DIR, 'webserver.log'),
    },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
