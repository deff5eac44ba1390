/**
 * How every browser run of the project launches Debian's Chromium: Playwright cannot download
 * its own browsers on this network, and the flags keep Chromium from reaching out to one.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
