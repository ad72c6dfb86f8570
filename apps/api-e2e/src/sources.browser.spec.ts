import { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { waitForFunnelStep } from './support/dashboard';
import { HttpClient } from './support/http-client';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';
import {
  consentAs,
  DESKTOP_USER_AGENT,
  routeSpotifyStandIn,
  SandboxCatalog,
  sandboxControl,
} from './support/sandbox';
import { sourceSandboxes, unixSeconds } from './support/sources-sandbox';

const SLUG = 'album-news';
/**
 * Plays count when they started after the click. A few seconds pass between noting the time and the click,
 * so the plays start 10 minutes after the noted time; the sandboxes' clock is then moved past them.
 */
const AFTER_MS = 10 * 60_000;
const TWO_HOURS_MS = 2 * 3_600_000;

interface Attribution {
  playId: string;
  trackId: string;
  clickId: string;
  reasons: string[];
}

interface Listener {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * Issue 18 in the real SPA served by the built product, in sandbox mode: listeners reach an album campaign
 * through a tracker link and connect Last.fm (through the Last.fm sandbox's authorization page) or
 * ListenBrainz (a pasted user token) instead of Spotify; their scrobbles and listens, with name variants and
 * without Spotify ids, are read through "Sync now" on their page and attributed with how and from where they
 * were matched; a listener on Spotify and Last.fm at once has a play counted once. The catalog learns the
 * album's tracks from a Spotify listener's plays first (name matching needs them). No page may log a console
 * error; every page of ours passes axe (WCAG 2.x A/AA) and fits a phone.
 */
describe('listeners connect Last.fm and ListenBrainz from a tracker link, in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let owner: HttpClient;
  let campaignId: string;
  let catalog: SandboxCatalog;
  let album: SandboxCatalog['albums'][number];
  let tracks: SandboxCatalog['tracks'];
  let sources: ReturnType<typeof sourceSandboxes>;
  let spotify: ReturnType<typeof sandboxControl>;
  const open: BrowserContext[] = [];

  const artistOf = (track: SandboxCatalog['tracks'][number]) =>
    catalog.artists.find((a) => a.id === track.artistIds[0])!.name;
  const destination = () => `https://open.spotify.com/album/${album.id}`;

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();
    spotify = sandboxControl(product.url);
    sources = sourceSandboxes(product.url);

    // The owner over HTTP: an account, an album campaign and its link.
    owner = new HttpClient(product.url);
    await owner.registerOwner(`sources.${Date.now()}@nightjar.example`, 'Nightjar Records');
    catalog = await spotify<SandboxCatalog>('catalog');
    album = catalog.albums.find((a) => a.trackIds.length >= 4)!;
    tracks = album.trackIds.map((id) => catalog.tracks.find((t) => t.id === id)!);
    campaignId = (
      await owner.json<{ id: string }>(
        'POST',
        '/api/v1/campaigns',
        { name: 'Album push', destination: destination() },
        201,
      )
    ).id;
    await owner.json(
      'POST',
      `/api/v1/campaigns/${campaignId}/links`,
      { label: 'Newsletter', slug: SLUG },
      201,
    );

    // A Spotify listener who played the album's tracks before clicking: connecting imports them, and with
    // them the catalog learns the tracks' names.
    const seeder = (await spotify<{ id: string }>('users', { displayName: 'Catalog Seeder' })).id;
    for (const [i, track] of tracks.entries()) {
      await spotify(`users/${seeder}/plays`, {
        trackId: track.id,
        playedAt: new Date(Date.now() - (i + 2) * 3_600_000).toISOString(),
      });
    }
    const http = new HttpClient(product.url, DESKTOP_USER_AGENT);
    expect((await http.call('GET', `/l/${SLUG}`)).status).toBe(302);
    const start = await http.call('GET', `/api/v1/listeners/connect/start?slug=${SLUG}`);
    const callback = await consentAs(start.headers.get('location')!, seeder);
    const back = await http.call('GET', callback.pathname + callback.search);
    expect(back.headers.get('location')).toBe(destination());
  });
  afterAll(() => closeAll(...open, browser, product));

  /** A listener's own browser (headless Chromium's user agent would be taken for a bot by the redirect). */
  async function newListener(): Promise<Listener> {
    const context = await browser.newContext({ userAgent: DESKTOP_USER_AGENT });
    open.push(context);
    await routeSpotifyStandIn(context);
    const page = await context.newPage();
    return { context, page, problems: watchConsoleErrors(page) };
  }

  /** Taps the tracker link; answers the click's id (from the connect page's URL). */
  async function clickLink(page: Page): Promise<string> {
    await page.goto(`${product.url}/l/${SLUG}`);
    await page.waitForURL(new RegExp(`/connect/${SLUG}\\?click=[0-9a-f-]{36}$`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    return new URL(page.url()).searchParams.get('click')!;
  }

  /** On Last.fm's (sandbox) authorization page: picks the user and allows access; lands on the music. */
  async function allowOnLastfm(page: Page, userName: string): Promise<void> {
    await page.getByRole('link', { name: 'Use Last.fm instead' }).click();
    await page.getByRole('button', { name: 'Yes, allow access' }).waitFor();
    await page.getByLabel(userName, { exact: true }).check();
    await page.getByRole('button', { name: 'Yes, allow access' }).click();
    await page.waitForURL(destination());
    await page.getByRole('heading', { name: 'Spotify stand-in' }).waitFor();
  }

  /** The listener page's "Sync now", as a listener uses it: reads every connected source now. */
  async function syncNow(page: Page): Promise<void> {
    await page.goto(`${product.url}/me`);
    await page.getByRole('heading', { level: 1, name: 'Your Soundlink data' }).waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/new plays? recorded|No new plays since the last sync/).waitFor();
  }

  /**
   * The campaign's attributions of one click, as the owner's API lists them. Sync answers once the plays it
   * read are stored and attributed, but the worker may be reading the same source at that moment (it then
   * stores them): wait for `atLeast` of them, up to a minute, and answer what there is.
   */
  async function attributionsOf(clickId: string, atLeast: number): Promise<Attribution[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const page = await owner.json<{ items: Attribution[] }>(
        'GET',
        `/api/v1/campaigns/${campaignId}/attributions?limit=100`,
      );
      const mine = page.items.filter((a) => a.clickId === clickId);
      if (mine.length >= atLeast || Date.now() > deadline) return mine;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  const byTrack = (attributions: Attribution[]) =>
    Object.fromEntries(attributions.map((a) => [a.trackId, a.reasons]));

  describe('(a) a listener refused by Spotify’s five-user cap connects Last.fm instead', () => {
    let listener: Listener;
    let clickId: string;
    let clickedAfter: number;

    it('is refused by Spotify and offered Last.fm and ListenBrainz on the same page', async () => {
      await sources.lastfmUser('lf_ada');
      listener = await newListener();
      const { page, problems } = listener;
      clickedAfter = Date.now();
      clickId = await clickLink(page);
      await page.getByRole('link', { name: 'Use Last.fm instead' }).waitFor();
      await page.getByText('Last.fm shares the tracks you scrobble').waitFor();
      await page.getByText('ListenBrainz shares the listens on your profile').waitFor();
      await expectPageAccessible(page, 'the connect page with its three sources');

      // The Spotify app is at its development-mode cap: the one listener it connected (the seeder).
      const { devModeUserCap } = await spotify<{ devModeUserCap: number }>('config');
      await spotify('config', { devModeUserCap: 1 });
      try {
        await page.getByRole('link', { name: 'Connect Spotify' }).click();
        await page.getByRole('button', { name: 'Agree' }).waitFor();
        await page.getByLabel(/Ada Moreno/).check();
        await page.getByRole('button', { name: 'Agree' }).click();
        await page.waitForURL(new RegExp(`/connect/${SLUG}\\?error=dev-mode-cap$`));
      } finally {
        await spotify('config', { devModeUserCap });
      }
      const alert = page.getByRole('alert');
      await alert.getByText(/Spotify didn’t let this app connect you/).waitFor();
      await alert.getByText(/You can still connect with Last.fm or ListenBrainz below/).waitFor();
      await expectPageAccessible(page, 'the connect page after Spotify’s user cap');
      expect(problems).toEqual([]);
    });

    it('chooses Use Last.fm instead, allows access on Last.fm’s page and lands on the music', async () => {
      const { context, page, problems } = listener;
      await allowOnLastfm(page, 'lf_ada');
      const cookies = await context.cookies(product.url);
      expect(cookies.find((c) => c.name === 'sl_listener')).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
      });
      expect(problems).toEqual([]);
    });

    it('has its scrobbles, in other spellings, attributed "matched by name from Last.fm" after Sync now', async () => {
      const { page, problems } = listener;
      const [t0, t1] = tracks as [(typeof tracks)[0], (typeof tracks)[0]];
      const at = clickedAfter + AFTER_MS;
      await sources.scrobble('lf_ada', {
        artistName: artistOf(t0).toUpperCase(),
        trackName: `${t0.name} - Remastered 2011`,
        timestamp: unixSeconds(at),
      });
      await sources.scrobble('lf_ada', {
        artistName: artistOf(t1),
        trackName: t1.name.toLowerCase(),
        albumName: album.name,
        timestamp: unixSeconds(at + 600_000),
      });
      await sources.scrobble('lf_ada', {
        artistName: 'Nobody Known',
        trackName: 'Not In The Catalog',
        timestamp: unixSeconds(at + 1_200_000),
      });
      await spotify('clock', { advanceMs: TWO_HOURS_MS });

      await syncNow(page);
      const credited = await attributionsOf(clickId, 2);
      expect(Object.keys(byTrack(credited)).sort()).toEqual([t0.id, t1.id].sort());
      for (const a of credited) expect(a.reasons.slice(-2)).toEqual(['MATCHED_BY_NAME', 'FROM_LASTFM']);

      // The listener's page names the account, not a Spotify one.
      await page.getByText('Listening as lf_ada').waitFor();
      const source = page.locator('.listener__source', { hasText: 'Last.fm' });
      await source.getByText('lf_ada').waitFor();
      await source.locator('.sl-badge', { hasText: 'Connected' }).waitFor();
      await source.getByText(/Last read/).waitFor();
      await expectPageAccessible(page, 'the listener page of a Last.fm listener');
      expect(problems).toEqual([]);
    });
  });

  describe('(b) a listener connects ListenBrainz with a token', () => {
    let listener: Listener;
    let clickId: string;
    let clickedAfter: number;

    it('pastes their user token, is told when it is wrong, and lands on the music', async () => {
      const { token } = await sources.listenBrainzUser('lb_bo');
      listener = await newListener();
      const { page, problems } = listener;
      clickedAfter = Date.now();
      clickId = await clickLink(page);

      await page.getByRole('button', { name: 'Use ListenBrainz instead' }).click();
      const field = page.getByLabel('ListenBrainz user token');
      await field.fill('not-a-token');
      await page.getByRole('button', { name: 'Connect ListenBrainz' }).click();
      await page.locator('#listenbrainz-token-error', { hasText: /not valid/ }).waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await expectPageAccessible(page, 'the connect page with a refused ListenBrainz token');

      await field.fill(token);
      await page.getByRole('button', { name: 'Connect ListenBrainz' }).click();
      await page.waitForURL(destination());
      await page.getByRole('heading', { name: 'Spotify stand-in' }).waitFor();
      // The refused token is the API's 422, the answer the form exists for.
      expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
      problems.splice(0);
    });

    it('has a listen with a Spotify id and one with only names attributed, each saying how it matched', async () => {
      const { page, problems } = listener;
      const [, , t2, t3] = tracks as Array<(typeof tracks)[0]>;
      const at = clickedAfter + AFTER_MS;
      // Names that match nothing: only the Spotify id the player sent identifies the track.
      await sources.listen('lb_bo', {
        artistName: 'Someone Else Entirely',
        trackName: 'A Title That Matches Nothing',
        listenedAt: unixSeconds(at),
        spotifyId: `https://open.spotify.com/track/${t2!.id}`,
      });
      await sources.listen('lb_bo', {
        artistName: artistOf(t3!),
        trackName: `${t3!.name} (feat. Guest Singer)`,
        listenedAt: unixSeconds(at + 600_000),
      });
      await spotify('clock', { advanceMs: TWO_HOURS_MS });

      await syncNow(page);
      const reasons = byTrack(await attributionsOf(clickId, 2));
      expect(reasons[t2!.id]?.slice(-2)).toEqual(['MATCHED_BY_SPOTIFY_ID', 'FROM_LISTENBRAINZ']);
      expect(reasons[t3!.id]?.slice(-2)).toEqual(['MATCHED_BY_NAME', 'FROM_LISTENBRAINZ']);
      expect(problems).toEqual([]);
    });

    it('disconnects ListenBrainz from the listener page after a confirmation', async () => {
      const { page, problems } = listener;
      const source = page.locator('.listener__source', { hasText: 'ListenBrainz' });
      await source.getByText('lb_bo').waitFor();
      await source.getByRole('button', { name: 'Disconnect ListenBrainz' }).click();
      const confirm = page.getByRole('group', { name: /^Disconnect ListenBrainz\?/ });
      await confirm.waitFor();
      await expectPageAccessible(page, 'the listener page asking to confirm a disconnect');
      await confirm.getByRole('button', { name: 'Disconnect ListenBrainz' }).click();
      await page.getByText('ListenBrainz is disconnected.', { exact: false }).waitFor();
      await source.locator('.sl-badge', { hasText: 'Disconnected' }).waitFor();
      // Nothing left to read.
      expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
      await expectPageAccessible(page, 'the listener page with a disconnected source');
      expect(problems).toEqual([]);
    });
  });

  describe('(c) a listener on Spotify and Last.fm at once', () => {
    it('connects Spotify, then Last.fm from the same browser, and a play both report counts once', async () => {
      const spotifyUser = (await spotify<{ id: string }>('users', { displayName: 'Cy Both' })).id;
      await sources.lastfmUser('lf_cy');
      const { page, problems } = await newListener();
      const clickedAfter = Date.now();
      const clickId = await clickLink(page);
      await page.getByRole('link', { name: 'Connect Spotify' }).click();
      await page.getByRole('button', { name: 'Agree' }).waitFor();
      await page.getByLabel(/Cy Both/).check();
      await page.getByRole('button', { name: 'Agree' }).click();
      await page.waitForURL(destination());

      // The link now goes straight to the music (the browser is connected): the connect page is still there.
      await page.goto(`${product.url}/connect/${SLUG}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await allowOnLastfm(page, 'lf_cy');

      await page.goto(`${product.url}/me`);
      const listed = page.locator('.listener__source');
      await listed.filter({ hasText: 'Last.fm' }).getByText('lf_cy').waitFor();
      await listed.filter({ hasText: 'Spotify' }).getByText('Cy Both').waitFor();
      expect(await listed.count()).toBe(2);
      await expectPageAccessible(page, 'the listener page with Spotify and Last.fm');

      // One play: Spotify reports when it ended, Last.fm when it started (20 s off: clocks differ).
      const track = tracks[0]!;
      const start = clickedAfter + AFTER_MS;
      await spotify(`users/${spotifyUser}/plays`, {
        trackId: track.id,
        playedAt: new Date(start + track.durationMs).toISOString(),
      });
      await sources.scrobble('lf_cy', {
        artistName: artistOf(track),
        trackName: track.name,
        timestamp: unixSeconds(start + 20_000),
      });
      await spotify('clock', { advanceMs: TWO_HOURS_MS });

      await syncNow(page);
      const [credited] = await attributionsOf(clickId, 1);
      expect(credited?.trackId).toBe(track.id);
      // Both reports were read: the explanation names the one kept and the other.
      let summary = '';
      const deadline = Date.now() + 60_000;
      while (!/counted once/.test(summary) && Date.now() < deadline) {
        const why = await owner.json<{ sourceSummary: string }>(
          'GET',
          `/api/v1/plays/${credited!.playId}/explanation`,
        );
        summary = why.sourceSummary;
        if (!/counted once/.test(summary)) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(summary).toMatch(
        /^Reported by (Last\.fm|Spotify).* (Spotify|Last\.fm) reported the same play later; .* counted once\.$/,
      );
      expect(await attributionsOf(clickId, 1)).toHaveLength(1);
      expect(problems).toEqual([]);
    });
  });

  it('shows the owner every attributed play on the dashboard, with the source it came from', async () => {
    const context = await browser.newContext();
    open.push(context);
    await context.addCookies(owner.cookiesFor(product.url));
    const page = await context.newPage();
    const problems = watchConsoleErrors(page);
    // Yesterday to tomorrow: the plays started minutes after their clicks, so some end later than now.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.goto(
      `${product.url}/campaigns/${campaignId}/dashboard?range=custom&from=${day(-1)}&to=${day(1)}`,
    );
    await page.getByRole('heading', { level: 1, name: 'Album push' }).waitFor();
    // Last.fm 2, ListenBrainz 2, the play Spotify and Last.fm both reported 1.
    await waitForFunnelStep(page, 'Attributed plays', 5);
    await page
      .getByRole('button', { name: /^Why\?/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Why was this play attributed?' }).waitFor();
    // The explanation's Source line: which service's report was kept, and how it was matched.
    await page.locator('.why dd', { hasText: /^Reported by (Last\.fm|ListenBrainz|Spotify)/ }).waitFor();
    expect(problems).toEqual([]);
  });
});
