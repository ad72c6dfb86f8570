import { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { documentMarker, funnelValue, markDocument, waitForFunnelStep } from './support/dashboard';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';
import { DESKTOP_USER_AGENT, routeSpotifyStandIn, SandboxCatalog, sandboxControl } from './support/sandbox';

/**
 * The whole journey on the built product, in the real SPA, with two browsers: an owner registers, connects
 * Spotify, creates a campaign from a Spotify link, creates and copies a tracker link and opens the
 * campaign's dashboard; a listener, in a fresh browser of their own, looks at the public trends, opens the
 * copied link, reads the connect page, connects Spotify on the sandbox's consent page and lands on the
 * music. The sandbox plays tracks; the owner's open dashboard shows the click, the connect and the
 * attributed plays live. The listener sees their insights on their own page and erases their data; the
 * owner's figures drop accordingly. No page logs a console error; the trends page and the listener's page
 * with insights pass axe (WCAG 2.x A/AA) and fit a phone.
 */
describe('the full journey: owner, listener, live dashboard, insights and erasure, in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let listenerContext: BrowserContext;
  let owner: Page;
  let listener: Page;
  let ownerProblems: string[];
  let listenerProblems: string[];
  let sandbox: ReturnType<typeof sandboxControl>;
  let playlist: SandboxCatalog['playlists'][number];
  let listenerUserId: string;
  let linkUrl: string;
  let campaignUrl: string;

  const slug = `journey-${Date.now().toString(36)}`;
  const tracks = new Map<string, string>();

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();
    sandbox = sandboxControl(product.url);
    const catalog = await sandbox<SandboxCatalog>('catalog');
    const info = await sandbox<{ demoPlaylistId: string }>('info');
    playlist = catalog.playlists.find((p) => p.id === info.demoPlaylistId)!;
    for (const track of catalog.tracks) tracks.set(track.id, track.name);
    // The listener's Spotify account: new, so everything they will see is what happens here.
    listenerUserId = (await sandbox<{ id: string }>('users', { displayName: 'Jo Journey' })).id;

    ownerContext = await browser.newContext({ userAgent: DESKTOP_USER_AGENT });
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
    owner = await ownerContext.newPage();
    ownerProblems = watchConsoleErrors(owner);
  });
  afterAll(() => closeAll(listenerContext, ownerContext, browser, product));

  it('an owner registers and connects their Spotify account', async () => {
    await owner.goto(`${product.url}/register`);
    await owner.getByLabel('Name').fill('Maya at Nightjar');
    await owner.getByLabel('Email').fill(`journey.${Date.now()}@nightjar.example`);
    await owner.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await owner.getByRole('button', { name: 'Create account' }).click();
    await owner.waitForURL('**/dashboard');

    await owner.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
    await owner.getByRole('link', { name: 'Connect Spotify' }).click();
    await owner.getByLabel(/Nightjar Records/).check();
    await owner.getByRole('button', { name: 'Agree' }).click();
    await owner.waitForURL('**/settings?spotify=connected');
    await owner.getByText('Spotify is connected.').waitFor();
    expect(ownerProblems).toEqual([]);
  });

  it('creates a campaign from a Spotify link, and a tracker link it copies', async () => {
    await owner.goto(`${product.url}/campaigns/new`);
    await owner
      .getByLabel('Spotify link')
      .fill(`https://open.spotify.com/playlist/${playlist.id}?si=journey`);
    await owner.locator('.preview__card').getByText(playlist.name, { exact: true }).waitFor();
    await owner.getByLabel('Campaign name').fill('Summer Singles journey');
    await owner.getByRole('button', { name: 'Create campaign' }).click();
    await owner.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await owner.getByRole('heading', { level: 1, name: 'Summer Singles journey' }).waitFor();
    campaignUrl = owner.url();

    await owner.getByLabel('Label').fill('Newsletter');
    await owner.getByLabel('Custom slug').fill(slug);
    await owner.getByRole('button', { name: 'Create link' }).click();
    const card = owner.locator('[data-link-id]').filter({ hasText: 'Newsletter' });
    await card.waitFor();
    await card.getByRole('button', { name: /^Copy/ }).click();
    await card.getByRole('button', { name: /^Copied/ }).waitFor();
    const copied = await owner.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`/l/${slug}$`));
    // The link as the owner shared it, on this test's host.
    linkUrl = copied.replace(/^https?:\/\/[^/]+/, product.url);
    expect(ownerProblems).toEqual([]);
  });

  it('opens the campaign dashboard, live and still empty', async () => {
    await owner.getByRole('link', { name: 'Open the dashboard' }).click();
    await owner.waitForURL(`${campaignUrl}/dashboard`);
    await owner.getByRole('heading', { level: 1, name: 'Summer Singles journey' }).waitFor();
    await owner.locator('.live', { hasText: 'Live' }).waitFor();
    expect(await funnelValue(owner, 'Clicks')).toBe(0);
    await markDocument(owner);
    expect(ownerProblems).toEqual([]);
  });

  it('a visitor in a fresh browser finds the public trends, with the window in the URL', async () => {
    listenerContext = await browser.newContext({ userAgent: DESKTOP_USER_AGENT });
    await routeSpotifyStandIn(listenerContext);
    listener = await listenerContext.newPage();
    listenerProblems = watchConsoleErrors(listener);

    await listener.goto(`${product.url}/`);
    await listener.getByRole('banner').getByRole('link', { name: 'Trends' }).click();
    await listener.waitForURL('**/trends');
    await listener.getByRole('heading', { level: 1, name: 'What Soundlink listeners play' }).waitFor();
    // A new deployment: nobody reaches the threshold yet, and the page says why.
    await listener.getByText(/at least 10 different listeners in the window are shown/).waitFor();
    await listener
      .locator('[data-chart="top-track"]')
      .getByText(/^Not enough listeners yet\./)
      .waitFor();
    await listener.getByRole('link', { name: '28 days' }).click();
    await listener.waitForURL('**/trends?window=28d');
    expect(await listener.locator('[aria-current="true"]').innerText()).toBe('28 days');
    await listener.locator('[data-chart="top-artist"] .chart__empty').waitFor();
    await expectPageAccessible(listener, 'the public trends page');
    expect(listenerProblems).toEqual([]);
  });

  it('the listener opens the copied link, reads the connect page and connects Spotify', async () => {
    await listener.goto(linkUrl);
    await listener.waitForURL(new RegExp(`/connect/${slug}\\?click=[0-9a-f-]{36}$`));
    await listener.getByRole('heading', { level: 1, name: playlist.name }).waitFor();
    const facts = listener.locator('dl');
    await facts.getByText('recently played tracks').waitFor();
    await facts.getByText(/Until you disconnect/).waitFor();

    // The owner's dashboard, open all along, shows the click.
    await waitForFunnelStep(owner, 'Clicks', 1);
    await owner.locator('.feed', { hasText: 'New click via Newsletter' }).waitFor();

    await listener.getByRole('link', { name: 'Connect Spotify' }).click();
    await listener.getByLabel(/Jo Journey/).check();
    await listener.getByRole('button', { name: 'Agree' }).click();
    await listener.waitForURL(`https://open.spotify.com/playlist/${playlist.id}`);
    await listener.getByRole('heading', { name: 'Spotify stand-in' }).waitFor();

    // … and the connect, live.
    await waitForFunnelStep(owner, 'Connects', 1);
    expect(listenerProblems).toEqual([]);
    expect(ownerProblems).toEqual([]);
  });

  it('the listener plays the campaign; the owner sees the attributed plays live', async () => {
    const played = playlist.trackIds.slice(0, 3);
    // Started after the click (played_at is the end of a play: a track up to 6 minutes long that ends 7 minutes
    // from now started after it; plays before the click are the listener's baseline, never attributed) …
    const now = Date.now() + 7 * 60_000;
    for (const [i, trackId] of played.entries()) {
      await sandbox(`users/${listenerUserId}/plays`, {
        trackId,
        playedAt: new Date(now - 3_000 + i * 1_000).toISOString(),
        context: { type: 'playlist', uri: `spotify:playlist:${playlist.id}` },
      });
    }
    // … and already over: the sandbox's clock moves past them.
    await sandbox('clock', { advanceMs: 8 * 60_000 });
    // The listener opens their own page and has Soundlink read Spotify now.
    await listener.goto(`${product.url}/me`);
    await listener.getByRole('heading', { level: 1, name: 'Your Soundlink data' }).waitFor();
    await listener.getByRole('button', { name: 'Sync now' }).click();
    // Stored and attributed in one transaction: the answer says both.
    await listener.getByText('3 new plays recorded, 3 of them attributed to a campaign.').waitFor();

    await waitForFunnelStep(owner, 'Attributed plays', 3);
    await waitForFunnelStep(owner, 'Listeners', 1);
    await owner.locator('.feed', { hasText: /Attributed play \(\w+ confidence\) via Newsletter/ }).waitFor();
    expect(await documentMarker(owner)).toBeDefined();
    expect(ownerProblems).toEqual([]);
  });

  it('the listener sees their insights on their own page', async () => {
    // Back on their page. Spotify's (the sandbox's) clock is 8 minutes ahead of Soundlink's, so the plays ended
    // "in the future" for Soundlink: its insights count them all the same (they end the range).
    await listener.reload();
    await listener.getByRole('heading', { level: 1, name: 'Your Soundlink data' }).waitFor();
    const insights = listener.getByRole('region', { name: 'Your listening' });
    const plays = insights.locator('[data-figure="plays"] dd');
    await listener.waitForFunction(
      () => document.querySelector('[data-figure="plays"] dd')?.textContent?.trim() === '3',
    );
    expect(await plays.innerText()).toBe('3');
    const topTracks = insights.getByRole('region', { name: 'Top tracks' });
    await topTracks.getByText(tracks.get(playlist.trackIds[0]!)!, { exact: true }).waitFor();
    await insights.getByRole('heading', { name: 'Listening time per day' }).waitFor();
    await insights.getByRole('img', { name: /Minutes listened on each day/ }).waitFor();
    await insights.locator('.clock__summary', { hasText: /^Most plays on \w+days from \d\d:00/ }).waitFor();
    await insights
      .getByRole('region', { name: 'Campaigns you connected through' })
      .getByText(/3 plays credited to it/)
      .waitFor();
    await listener.getByRole('region', { name: 'Import your streaming history' }).waitFor();
    await expectPageAccessible(listener, 'the listener page with insights');
    expect(listenerProblems).toEqual([]);
  });

  it('the listener erases their data after a confirmation that says what cannot be undone', async () => {
    await listener.getByRole('button', { name: 'Erase my data' }).click();
    const confirm = listener.getByRole('group', { name: 'Erase everything?' });
    await confirm.getByText(/all 3 plays Soundlink recorded/).waitFor();
    await confirm.getByText('It cannot be undone').waitFor();
    await confirm.getByRole('button', { name: 'Yes, erase my data' }).click();
    await listener.getByRole('heading', { level: 1, name: 'Your data has been erased' }).waitFor();
    const cookies = await listenerContext.cookies(product.url);
    expect(cookies.find((c) => c.name === 'sl_listener')).toBeUndefined();
    expect(listenerProblems).toEqual([]);
  });

  it("the owner's figures drop: the erased listener's plays no longer count", async () => {
    const deadline = Date.now() + 30_000;
    let attributed = -1;
    for (;;) {
      await owner.reload();
      await owner.getByRole('heading', { level: 1, name: 'Summer Singles journey' }).waitFor();
      await owner.locator('.funnel__step').first().waitFor();
      attributed = await funnelValue(owner, 'Attributed plays');
      if (attributed === 0 || Date.now() > deadline) break;
      await owner.waitForTimeout(1_000);
    }
    expect(attributed).toBe(0);
    expect(await funnelValue(owner, 'Listeners')).toBe(0);
    // The click stays, anonymous: it no longer leads back to anyone.
    expect(await funnelValue(owner, 'Clicks')).toBe(1);
    await owner.getByText('No attributed plays in this range yet.').first().waitFor();
    expect(ownerProblems).toEqual([]);
  });
});
