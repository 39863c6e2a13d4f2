/**
 * How Chromium runs here (TOOLCHAIN.md): the Debian build, as root, headless, without internet.
 * Shared by playwright.config.ts, the tests that launch a browser of their own and the benchmarks
 * (tests/bench/support.ts). CHROME_PATH names another build.
 */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
