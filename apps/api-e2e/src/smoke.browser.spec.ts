import { Browser, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';

describe('the SPA served by the API, in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();
  });
  afterAll(() => closeAll(browser, product));

  async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems = watchConsoleErrors(page);
    await page.goto(`${product.url}${path}`);
    return { page, problems };
  }

  it('loads the shell, shows the API status and logs no console errors', async () => {
    const { page, problems } = await openPage('/');
    await page.getByRole('banner').getByText('Soundlink').first().waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText(/database up/i).waitFor();
    expect(await page.title()).toMatch(/Soundlink/);
    await expectPageAccessible(page, 'the home page');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('serves client-side routes from index.html and shows the not-found page', async () => {
    const { page, problems } = await openPage('/no/such/page');
    await page.getByRole('link', { name: /home/i }).first().waitFor();
    await page.getByText(/Error 404/).waitFor();
    await page.getByText(/couldn't find the page/).waitFor();
    await expectPageAccessible(page, 'the not-found page');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('explains, on a page of its own, a tracker link that leads nowhere', async () => {
    const { page, problems } = await openPage('/l/no-such-link');
    await page.getByRole('heading', { level: 1, name: 'This link doesn’t lead anywhere' }).waitFor();
    expect(await page.title()).toBe('This link doesn’t lead anywhere · Soundlink');
    await expectPageAccessible(page, 'the unknown-link page');
    // The browser reports the 404 document itself; that status is the page's point, not an app error.
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    await page.close();
  });

  it('explains a connection that cannot be completed, on a page of its own', async () => {
    const { page, problems } = await openPage('/api/v1/listeners/connect/callback?state=forged&code=x');
    await page.getByRole('heading', { level: 1, name: 'We couldn’t finish connecting Spotify' }).waitFor();
    await expectPageAccessible(page, 'the connect problem page');
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await page.close();
  });

  // Swagger UI is a third-party page: it is checked for errors, not audited with axe.
  it('shows the API documentation at /api/docs', async () => {
    const { page, problems } = await openPage('/api/docs');
    await page.getByText('Soundlink API').first().waitFor();
    await page.getByText('/health').first().waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
