import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: the browser tests use the one the system has, and never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium; fails (never skips) with how to install it when it is not there. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (the browser tests never download a browser)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}
