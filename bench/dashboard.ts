/**
 * npm run bench:dashboard — what an owner waits for: the SPA's initial JavaScript and the time to a rendered
 * campaign dashboard on localhost in headless Chromium (Debian's, or CHROMIUM_PATH).
 *
 * 1. Reads the production build (dist/apps/web/browser): the scripts index.html loads and preloads, raw and
 *    gzip -9 (what the bundle budget is about).
 * 2. Starts the built product with the demo on (sandbox mode) on a fresh database (BENCH_DATABASE_URL's
 *    server when set, else the embedded PostgreSQL), signs in as the demo owner and waits until the demo
 *    campaign has clicks.
 * 3. Loads, BENCH_LOADS times each with an empty cache: the home page (the baseline: the same SPA, no data)
 *    and the demo campaign's dashboard until its funnel figures and charts are drawn. Prints p50/p95 of both
 *    and their ratio.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { freePort, ROOT, startDatabase, waitHealthy } from './support';

const LOADS = Number(process.env['BENCH_LOADS'] ?? 20);
const DEMO = { email: 'demo@soundlink.demo', password: 'soundlink-demo-2026' };
const WEB = join(ROOT, 'dist/apps/web/browser');

/** The scripts index.html loads or preloads (the initial JavaScript), with their sizes. */
function initialScripts(): Array<{ file: string; raw: number; gzip: number }> {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const files = new Set(
    [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1] as string),
  );
  return [...files].map((file) => {
    const body = readFileSync(join(WEB, file));
    return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function main(): Promise<void> {
  const chromiumPath =
    process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!chromiumPath) throw new Error('No Chromium: apt-get install -y chromium, or set CHROMIUM_PATH.');
  const scripts = initialScripts();

  const database = await startDatabase();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-bench-'));
  const product = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'error',
      SOUNDLINK_DEMO: 'on',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await waitHealthy(base);
    let campaignId: string | undefined;
    for (let i = 0; i < 240 && !campaignId; i++) {
      campaignId = ((await (await fetch(`${base}/api/v1/demo`)).json()) as { campaignId?: string })
        .campaignId;
      if (!campaignId) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!campaignId) throw new Error('the demo did not start');

    // One signed-in session, reused by every measured load (each in a fresh context: an empty cache).
    const login = await browser.newContext();
    const signIn = await login.newPage();
    await signIn.goto(`${base}/login`);
    await signIn.getByLabel('Email').fill(DEMO.email);
    await signIn.getByLabel('Password', { exact: true }).fill(DEMO.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.waitForURL((url) => !url.pathname.startsWith('/login'));
    const session = await login.storageState();
    await login.close();

    const dashboard = `${base}/campaigns/${campaignId}/dashboard`;
    // The demo's listeners click within seconds of the start: wait for a funnel with clicks in it.
    for (let i = 0; i < 120; i++) {
      const probe = await browser.newContext({ storageState: session });
      const page = await probe.newPage();
      await page.goto(dashboard);
      await page.locator('.funnel__value').first().waitFor();
      const clicks = Number((await page.locator('.funnel__value').first().innerText()).replace(/,/g, ''));
      await probe.close();
      if (clicks > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    const measure = async (
      url: string,
      rendered: (page: import('playwright-core').Page) => Promise<unknown>,
    ) => {
      const times: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext({
          storageState: session,
          viewport: { width: 1280, height: 800 },
        });
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(url);
        await rendered(page);
        times.push(performance.now() - started);
        await context.close();
      }
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };
    const home = await measure(`${base}/`, (page) => page.locator('h1').first().waitFor());
    const board = await measure(dashboard, async (page) => {
      await page.locator('.funnel__value').first().waitFor();
      await page.locator('canvas').first().waitFor();
      // every section past its "Loading…" state
      await page.waitForFunction(
        () =>
          !Array.from(document.querySelectorAll('[role="status"]')).some((e) =>
            /^\s*Loading/.test(e.textContent ?? ''),
          ),
      );
    });

    const raw = scripts.reduce((sum, s) => sum + s.raw, 0);
    const gzip = scripts.reduce((sum, s) => sum + s.gzip, 0);
    console.log(
      [
        `Dashboard benchmark (headless Chromium, ${LOADS} loads each with an empty cache, Node ${process.version})`,
        `Database: ${database.kind}`,
        '',
        `initial JavaScript: ${scripts.length} files, ${kb(raw)} raw, ${kb(gzip)} gzip -9 (budget 300 kB compressed)`,
        `home page (baseline)      p50 ${home.p50.toFixed(0)} ms  p95 ${home.p95.toFixed(0)} ms  ratio 1.00`,
        `campaign dashboard        p50 ${board.p50.toFixed(0)} ms  p95 ${board.p95.toFixed(0)} ms  ratio ${(board.p50 / home.p50).toFixed(2)}`,
      ].join('\n'),
    );
  } finally {
    await browser.close();
    product.kill('SIGTERM');
    await new Promise((resolve) => product.once('exit', resolve));
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
