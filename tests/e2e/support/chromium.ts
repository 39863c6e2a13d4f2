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

/** The phone every browser test is: a 390×844 touch screen in the Netherlands, service workers on. */
export const phoneUse = {
  locale: 'nl-NL',
  timezoneId: 'Europe/Amsterdam',
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  hasTouch: true,
  serviceWorkers: 'allow',
  trace: 'retain-on-failure',
  screenshot: 'only-on-failure',
} as const;
