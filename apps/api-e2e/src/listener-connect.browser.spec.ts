import { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { HttpClient } from './support/http-client';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';
import {
  connectOwnerSpotify,
  DESKTOP_USER_AGENT,
  routeSpotifyStandIn,
  sandboxControl,
} from './support/sandbox';

/**
 * A listener's way through a tracker link in the real SPA served by the built product: the connect page,
 * Spotify's (sandbox) consent page, the music, then their own page with what was recorded. The owner is
 * set up over the API. No page may log a console error; every page of ours passes axe (WCAG 2.x A/AA) and fits
 * a phone.
 */
describe('a listener connects Spotify from a tracker link, in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let playlistId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();

    // The owner: an account, their Spotify connected as Nightjar Records, a campaign for the demo playlist, a link.
    const owner = new HttpClient(product.url);
    await owner.registerOwner(`label.${Date.now()}@nightjar.example`, 'Nightjar Records');
    playlistId = (await sandboxControl(product.url)<{ demoPlaylistId: string }>('info')).demoPlaylistId;
    const back = await connectOwnerSpotify(owner, product.url, 'Nightjar Records');
    expect(back.headers.get('location')).toBe('/settings?spotify=connected');
    const campaign = await owner.json<{ id: string }>(
      'POST',
      '/api/v1/campaigns',
      { name: 'Summer Singles', destination: `https://open.spotify.com/playlist/${playlistId}` },
      201,
    );
    await owner.json(
      'POST',
      `/api/v1/campaigns/${campaign.id}/links`,
      { label: 'Instagram', slug: 'summer-ig' },
      201,
    );
    await owner.json(
      'POST',
      `/api/v1/campaigns/${campaign.id}/links`,
      { label: 'Last summer', slug: 'summer-old', expiresAt: '2020-06-01T00:00:00.000Z' },
      201,
    );

    // Headless Chromium says so in its user agent, and the redirect (rightly) treats that as a bot.
    context = await browser.newContext({ acceptDownloads: true, userAgent: DESKTOP_USER_AGENT });
    await routeSpotifyStandIn(context);
    page = await context.newPage();
    problems = watchConsoleErrors(page);
  });
  afterAll(() => closeAll(context, browser, product));

  it("tells a visitor who hasn't connected that /me has nothing to show", async () => {
    await page.goto(`${product.url}/me`);
    await page.getByRole('heading', { level: 1, name: 'Your listener page' }).waitFor();
    await expectPageAccessible(page, 'the listener page, not connected');
    // The browser reports the API's 401 (no listener cookie yet); that answer is what the page expects.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    problems.splice(0);
  });

  it('explains an expired link on a page of its own, and a connect link that leads nowhere', async () => {
    const expired = await page.goto(`${product.url}/l/summer-old`);
    expect(expired?.status()).toBe(410);
    await page.getByRole('heading', { level: 1, name: 'This link has expired' }).waitFor();
    await expectPageAccessible(page, 'the expired-link page');

    await page.goto(`${product.url}/connect/no-such-link`);
    await page.getByRole('heading', { level: 1, name: 'This link doesn’t lead anywhere now' }).waitFor();
    await expectPageAccessible(page, 'the connect page of an unknown link');
    // The 410 document and the API's 404 are the answers these pages exist for.
    expect(problems.filter((p) => !/status of (404|410)/.test(p))).toEqual([]);
    problems.splice(0);
  });

  it('opens the link and reads, in plain words, what connecting means', async () => {
    await page.goto(`${product.url}/l/summer-ig`);
    await page.waitForURL(/\/connect\/summer-ig\?click=[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Nightjar Demo Campaign: Summer Singles' }).waitFor();
    expect(await page.title()).toBe('Connect Spotify · Soundlink');
    const facts = page.locator('dl');
    await facts.getByText('recently played tracks').waitFor();
    await facts.getByText(/Nightjar Records, who runs this campaign/).waitFor();
    await facts.getByText(/Until you disconnect/).waitFor();
    expect(
      await page.getByRole('link', { name: 'No thanks, take me to the music' }).getAttribute('href'),
    ).toBe(`https://open.spotify.com/playlist/${playlistId}`);
    const art = page.getByRole('img', { name: /Cover art of/ });
    await art.waitFor();
    // The artwork really loads (the sandbox's covers are served by the product itself; the CSP allows them).
    await art.evaluate(
      (img: HTMLImageElement) =>
        new Promise<void>((resolve, reject) => {
          if (img.complete) return img.naturalWidth > 0 ? resolve() : reject(new Error('artwork failed'));
          img.addEventListener('load', () => resolve());
          img.addEventListener('error', () => reject(new Error('artwork failed')));
        }),
    );
    await expectPageAccessible(page, 'the connect page');
    expect(problems).toEqual([]);
  });

  it('says what went wrong when the listener said no on Spotify', async () => {
    const url = page.url();
    await page.goto(`${url}&error=denied`);
    await page.getByRole('alert').waitFor();
    await expectPageAccessible(page, 'the connect page after a refusal');
    await page.goto(url);
    await page.getByRole('link', { name: 'Connect Spotify' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('connects Spotify on the consent page and lands on the music', async () => {
    await page.getByRole('link', { name: 'Connect Spotify' }).click();
    await page.getByRole('button', { name: 'Agree' }).waitFor();
    await page.getByLabel(/Ada Moreno/).check();
    await page.getByRole('button', { name: 'Agree' }).click();

    await page.waitForURL(`https://open.spotify.com/playlist/${playlistId}`);
    await page.getByRole('heading', { name: 'Spotify stand-in' }).waitFor();
    const cookies = await context.cookies(product.url);
    expect(cookies.find((c) => c.name === 'sl_listener')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(problems).toEqual([]);
  });

  it('shows the listener what was recorded on /me, and lets them download it', async () => {
    await page.goto(`${product.url}/me`);
    await page.getByRole('heading', { level: 1, name: 'Your Soundlink data' }).waitFor();
    await page.getByText('Ada Moreno').first().waitFor();
    await page.locator('.sl-page__lead .sl-badge', { hasText: 'Connected' }).waitFor();
    // The sources Soundlink reads: Spotify alone, with its own Disconnect.
    const spotify = page.locator('.listener__source', { hasText: 'Spotify' });
    await spotify.locator('.sl-badge', { hasText: 'Connected' }).waitFor();
    await spotify.getByRole('button', { name: 'Disconnect Spotify' }).waitFor();
    const campaigns = page.getByRole('region', { name: 'Campaigns you came through' });
    await campaigns.getByText('Summer Singles', { exact: true }).waitFor();
    await campaigns.getByText(/1 click/).waitFor();
    const plays = Number(
      await page.locator('.listener__counts div', { hasText: 'Plays' }).locator('dd').innerText(),
    );
    expect(plays).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/new plays? recorded|No new plays since the last sync/).waitFor();

    await expectPageAccessible(page, 'the listener page');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('soundlink-my-data.json');
    await page.getByText('Your data is downloading as soundlink-my-data.json.').waitFor();
    await expectPageAccessible(page, 'the listener page after a download');
    expect(problems).toEqual([]);
  });

  it('goes straight to the music on the next tap of a campaign link', async () => {
    // Tapped in a post, as a listener would (Playwright routes only browser-initiated navigations' redirects).
    await page.setContent(`<a href="${product.url}/l/summer-ig">Summer Singles, out now</a>`);
    await page.getByRole('link', { name: 'Summer Singles, out now' }).click();
    await page.waitForURL(`https://open.spotify.com/playlist/${playlistId}`);
    await page.getByRole('heading', { name: 'Spotify stand-in' }).waitFor();
    expect(problems).toEqual([]);
  });
});
