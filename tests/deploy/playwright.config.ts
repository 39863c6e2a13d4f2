import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, phoneUse } from '../e2e/support/chromium';

/**
 * The deployment recipe test (`npm run test:deploy`, part of `npm test`): nginx over HTTPS in front
 * of two copies of the compiled service on PostgreSQL, set up by globalSetup.ts (stack.ts) from the
 * files in deploy/. nginx listens on DEPLOY_PORT (default 4443) and the copies on the next two
 * ports, all on 127.0.0.1. `npm run build` first; run under scripts/with-postgres.sh.
 */
process.env.DEPLOY_PORT ??= '4443';
// Config files are read by every worker too: one folder, made in the main process.
process.env.DEPLOY_STATE_DIR ??= mkdtempSync(join(tmpdir(), 'schoolnabij-deploy-'));

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/deploy',
  reporter: 'list',
  // One journey in order: the last test stops a copy.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 150_000,
  expect: { timeout: 15_000 },
  globalSetup: './globalSetup.ts',
  use: {
    baseURL: `https://127.0.0.1:${process.env.DEPLOY_PORT}`,
    // The certificate is self-signed (openssl, made by the test).
    ignoreHTTPSErrors: true,
    ...phoneUse,
    browserName: 'chromium',
    // A service worker is registered only from an origin whose certificate the browser accepts.
    launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs, '--ignore-certificate-errors'] },
  },
});
