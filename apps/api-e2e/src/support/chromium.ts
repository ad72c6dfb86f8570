import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium } from 'playwright-core';
import type { RunningProduct } from './product';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium (or CHROMIUM_PATH); browser tests never download a browser of their own. */
export function findChromium(): string | undefined {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** Launches headless Chromium; fails, saying how to get one, where there is none. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH.');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * A browser spec's teardown, in the order given (contexts, the browser, then the product): each is closed
 * or stopped, and what beforeAll did not get to start is skipped.
 */
export async function closeAll(...open: Array<Browser | BrowserContext | RunningProduct | undefined>) {
  for (const thing of open) {
    if (!thing) continue;
    if ('stop' in thing) await thing.stop();
    else await thing.close();
  }
}
