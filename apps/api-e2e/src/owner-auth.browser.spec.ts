import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct, WORKSPACE } from './support/product';

/**
 * An owner's first visit, end to end in the real SPA served by the built product: create an account,
 * stay signed in across a reload, create an API key (secret shown once), sign out, mistype the password,
 * sign in again; made an admin by the operator (`npm run admin -- grant`, with the product stopped: the embedded
 * database is one process's), see the owners and the poller's health. Every page passes axe
 * (WCAG 2.x A/AA) and fits a phone; none may log a console error, apart from the 401 a wrong password causes.
 */
describe('owner sign-up, session and API keys in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-e2e-auth-'));

  const email = `maya.${Date.now()}@label.example`;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct({}, { dataDir });
    context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    problems = watchConsoleErrors(page);
  });
  afterAll(async () => {
    await closeAll(context, browser, product);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const header = () => page.getByRole('banner');

  it('registers a new owner and lands on the dashboard', async () => {
    await page.goto(`${product.url}/`);
    await header().getByRole('link', { name: 'Create account' }).click();
    await page.waitForURL('**/register');
    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await expectPageAccessible(page, 'the register page');

    await page.getByLabel('Name').fill('Maya at Nightjar');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
    await header().getByText('Maya at Nightjar').waitFor();
    expect(await page.title()).toBe('Dashboard · Soundlink');
    await expectPageAccessible(page, 'the empty dashboard');
    expect(problems).toEqual([]);
  });

  it('is still signed in after a reload', async () => {
    await page.reload();

    await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
    await header().getByRole('button', { name: 'Sign out' }).waitFor();
    expect(page.url()).toBe(`${product.url}/dashboard`);
    expect(problems).toEqual([]);
  });

  it('creates an API key in Settings and shows its secret once', async () => {
    await header().getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings');
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();
    await page.getByText('No API keys yet').waitFor();
    await expectPageAccessible(page, 'the settings page');

    await page.locator('#key-name').fill('Reporting warehouse');
    await page.getByRole('button', { name: 'Create key' }).click();

    const panel = page.locator('.secret-panel');
    await panel.getByText("You won't see it again.").waitFor();
    const secret = await page.getByLabel('API key', { exact: true }).inputValue();
    expect(secret).toMatch(/^slk_/);
    await expectPageAccessible(page, 'the settings page showing a new key');

    await panel.getByRole('button', { name: 'Copy' }).click();
    await panel.getByText('The key is on your clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    // The key shown is the real thing: it authenticates against the API.
    const me = await fetch(`${product.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(email);

    await panel.getByRole('button', { name: "Done, I've stored it" }).click();
    await panel.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Reporting warehouse/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.split('_').slice(0, 2).join('_'));
    expect(await page.content()).not.toContain(secret);

    // Gone for good: a reload lists the key without its secret.
    await page.reload();
    await page.getByRole('row', { name: /Reporting warehouse/ }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await expectPageAccessible(page, 'the settings page with a key');
    expect(problems).toEqual([]);
  });

  it('fits a 375 px wide phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/settings', '/dashboard']) {
      await page.goto(`${product.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);
  });

  it('is made an admin by the operator with npm run admin, which refuses while the product runs', async () => {
    const admin = (...args: string[]) =>
      promisify(execFile)('npm', ['run', '--silent', 'admin', '--', ...args], {
        cwd: WORKSPACE,
        env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir },
      });
    await expect(admin('grant', email)).rejects.toMatchObject({
      stderr: expect.stringMatching(/in use by process \d+ .*Stop that process first/),
    });
    await product.stop();
    expect((await admin('grant', email)).stdout).toContain(`${email} is now an admin.`);
    product = await startProduct({}, { dataDir });
    // Cookies belong to the host, not the port: still signed in, now as an admin.
    await page.goto(`${product.url}/dashboard`);
    await header().getByRole('link', { name: 'Admin' }).waitFor();
    expect(problems).toEqual([]);
  });

  it("shows an admin the owners and the poller's health, refreshed on demand", async () => {
    await header().getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL('**/admin');
    await page.getByRole('heading', { level: 1, name: 'Owners' }).waitFor();
    await page
      .getByRole('row', { name: /Maya at Nightjar/ })
      .getByText('You')
      .waitFor();
    expect(await page.title()).toBe('Owners · Admin · Soundlink');
    await expectPageAccessible(page, 'the admin owners page');

    const adminNav = page.getByRole('navigation', { name: 'Administration' });
    await adminNav.getByRole('link', { name: 'Polling health' }).click();
    await page.waitForURL('**/admin/polling');
    await page.getByRole('heading', { level: 1, name: 'Polling health' }).waitFor();
    expect(await page.title()).toBe('Polling health · Admin · Soundlink');
    expect(await adminNav.getByRole('link', { name: 'Polling health' }).getAttribute('aria-current')).toBe(
      'page',
    );
    // No listener has connected on this fresh product: nothing to poll, nothing paused.
    await page.getByText('Nothing to poll yet').waitFor();
    await page.getByText('No listener has connected Spotify yet').waitFor();
    await page.locator('[data-stat="calls"]').getByText('Flowing').waitFor();
    await expectPageAccessible(page, 'the polling health page');

    const polled = page.waitForResponse((res) => res.url().endsWith('/api/v1/admin/polling'));
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    expect((await polled).status()).toBe(200);
    await page.getByText('Polling health updated. Nothing to poll yet.').waitFor();
    expect(problems).toEqual([]);
  });

  it('signs out', async () => {
    await header().getByRole('button', { name: 'Sign out' }).click();

    await page.waitForURL(`${product.url}/`);
    await header().getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto(`${product.url}/settings`);
    await page.waitForURL('**/login?returnUrl=%2Fsettings');
    expect(problems).toEqual([]);
  });

  it('refuses a wrong password with a clear message, then signs in with the right one', async () => {
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectPageAccessible(page, 'the sign-in page');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByText('The email or password is incorrect.').waitFor();
    expect(page.url()).toContain('/login');
    await expectPageAccessible(page, 'the sign-in page with an error');
    // The browser itself reports the failed request; that 401 is the expected answer, not an app error.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    problems.splice(0);

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL('**/settings');
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();
    await header().getByText('Maya at Nightjar').waitFor();
    expect(problems).toEqual([]);
  });
});
