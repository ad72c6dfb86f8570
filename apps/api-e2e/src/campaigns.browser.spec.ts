import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';
import { SandboxCatalog, sandboxControl } from './support/sandbox';

/** Waits for an <img> to load and answers its natural width (a broken image rejects). */
const loadedWidth = (img: Locator) =>
  img.evaluate((el: HTMLImageElement) => el.decode().then(() => el.naturalWidth));

/**
 * A campaign owner's first campaign, end to end in the real SPA on the built product with its Spotify
 * sandbox: register, paste an album link and see what it points at before saving, save, create a tracker
 * link with a custom slug, copy it, see its QR code; then connect Spotify in Settings (sandbox consent page,
 * as Nightjar Records) and create a campaign for the label's demo playlist. No console errors anywhere, and
 * every page of ours passes axe (WCAG 2.x A/AA) and fits a phone.
 */
describe('campaigns and tracker links in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let catalog: SandboxCatalog;
  let problems: string[];

  const email = `owner.${Date.now()}@label.example`;
  const slug = `summer-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();
    catalog = await sandboxControl(product.url)<SandboxCatalog>('catalog');
    context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
    page = await context.newPage();
    problems = watchConsoleErrors(page);
  });
  afterAll(() => closeAll(context, browser, product));

  const header = () => page.getByRole('banner');

  it('registers and is shown how to start', async () => {
    await page.goto(`${product.url}/register`);
    await page.getByLabel('Name').fill('Maya at Nightjar');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
    await header().getByRole('link', { name: 'Campaigns' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('creates a campaign from a pasted album link after seeing what it points at', async () => {
    const album = catalog.albums.find((a) => a.trackIds.length > 1)!;
    await page.getByRole('link', { name: 'Create your first campaign' }).click();
    await page.waitForURL('**/campaigns/new');
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    await expectPageAccessible(page, 'the empty campaign form');

    await page.getByLabel('Spotify link').fill(`https://open.spotify.com/album/${album.id}?si=e2e`);
    const previewCard = page.locator('.preview__card');
    await previewCard.getByText(album.name, { exact: true }).waitFor();
    await previewCard.getByText(`${album.trackIds.length} tracks`).waitFor();
    // The artwork really loads (same-origin sandbox images, allowed by the CSP).
    expect(await loadedWidth(previewCard.locator('img'))).toBeGreaterThan(0);

    await page.getByLabel('Campaign name').fill('Summer Singles launch');
    await page.getByRole('button', { name: '30 days' }).click();
    expect(await page.getByLabel('Attribution window (hours)').inputValue()).toBe('720');
    await expectPageAccessible(page, 'the campaign form with a preview');
    await page.getByRole('button', { name: 'Create campaign' }).click();

    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Summer Singles launch' }).waitFor();
    await page.locator('.head__status').getByText('Active').waitFor();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    await page.getByText('No links yet.').waitFor();
    await expectPageAccessible(page, 'a new campaign');
    expect(problems).toEqual([]);
  });

  it('creates a tracker link, copies it with one click and shows its QR code', async () => {
    await page.getByLabel('Label').fill('Instagram bio');
    await page.getByLabel('Custom slug').fill('settings');
    await page.getByText('The slug is a reserved word.').waitFor();
    await page.getByLabel('Custom slug').fill(slug);
    await page.locator('summary', { hasText: 'UTM tags' }).click();
    await page.getByLabel('utm_source').fill('instagram');
    await page.getByRole('button', { name: 'Create link' }).click();

    const card = page.locator('[data-link-id]').filter({ hasText: 'Instagram bio' });
    await card.waitFor();
    const url = await card.getByLabel('Tracker link for Instagram bio').inputValue();
    expect(url).toMatch(new RegExp(`/l/${slug}$`));
    await card.getByText('utm_source=instagram').waitFor();

    await card.getByRole('button', { name: /^Copy/ }).click();
    await card.getByRole('button', { name: /^Copied/ }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    const qr = card.getByRole('img', { name: `QR code for ${url}` });
    expect(await loadedWidth(qr)).toBeGreaterThan(0);
    const png = await card.getByRole('link', { name: /^Download PNG/ }).getAttribute('href');
    const download = await page.evaluate(async (href) => {
      const res = await fetch(href!);
      return { status: res.status, type: res.headers.get('content-type') };
    }, png);
    expect(download).toEqual({ status: 200, type: 'image/png' });

    await expectPageAccessible(page, 'a campaign with a link');

    // The link itself works: it redirects to Spotify.
    const redirect = await fetch(url.replace(/^https?:\/\/[^/]+/, product.url), { redirect: 'manual' });
    expect([301, 302, 303, 307, 308]).toContain(redirect.status);
    expect(problems).toEqual([]);
  });

  it('connects Spotify in Settings and creates a campaign for the demo playlist', async () => {
    await header().getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Spotify account' }).waitFor();
    await page.getByText('Not connected').waitFor();
    await page.getByRole('link', { name: 'Connect Spotify' }).click();

    await page.getByLabel(/Nightjar Records/).check();
    await page.getByRole('button', { name: 'Agree' }).click();
    await page.waitForURL('**/settings?spotify=connected');
    await page.getByText('Spotify is connected.').waitFor();
    await page.locator('#spotify').getByText('Connected', { exact: true }).waitFor();
    await expectPageAccessible(page, 'the settings page, Spotify connected');

    const label = catalog.users.find((u) => u.displayName === 'Nightjar Records')!;
    const playlist = catalog.playlists.find((p) => p.ownerId === label.id && /Demo/.test(p.name))!;
    await page.goto(`${product.url}/campaigns/new`);
    await page.getByLabel('Spotify link').fill(`spotify:playlist:${playlist.id}`);
    await page.locator('.preview__card').getByText(playlist.name, { exact: true }).waitFor();
    expect(await page.locator('.notice').count()).toBe(0);
    await page.getByLabel('Campaign name').fill('Demo playlist push');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Demo playlist push' }).waitFor();

    await header().getByRole('link', { name: 'Campaigns' }).click();
    await page.waitForURL('**/campaigns');
    await page.getByRole('link', { name: 'Demo playlist push' }).waitFor();
    await expectPageAccessible(page, 'the campaigns list');
    await page.getByLabel('Search by name').fill('summer');
    await page.waitForURL('**/campaigns?q=summer');
    await page.getByRole('link', { name: 'Summer Singles launch' }).waitFor();
    expect(await page.getByRole('link', { name: 'Demo playlist push' }).count()).toBe(0);
    await expectPageAccessible(page, 'the campaigns list, filtered');
    expect(problems).toEqual([]);
  });

  it('fits a 375 px wide phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const detail = await page.getByRole('link', { name: 'Summer Singles launch' }).getAttribute('href');
    for (const path of ['/campaigns', '/campaigns/new', detail!, `${detail!}/edit`, '/settings']) {
      await page.goto(`${product.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      if (path.endsWith('/edit')) await expectPageAccessible(page, 'the campaign editor');
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);
  });
});
