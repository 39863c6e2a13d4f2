/**
 * How Chromium runs here (TOOLCHAIN.md): the Debian build, as root, headless, without internet.
 * Shared by playwright.config.ts and the tests that launch a browser of their own.
 */
export const chromiumPath = '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
