import { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium } from './support/chromium';
import { waitForFunnelStep } from './support/dashboard';
import { expectPageAccessible, waitForFocus, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';
import { DESKTOP_USER_AGENT, routeSpotifyStandIn, SandboxCatalog, sandboxControl } from './support/sandbox';

/** A real Spotify album (Nevermind): what a newcomer pastes first, and what the sandbox cannot know. */
const REAL_ALBUM = 'https://open.spotify.com/album/2UJcKiJxNryhL050F5Z1Fk?si=newcomer';

/**
 * A newcomer's first campaign in sandbox mode, alone, in the real SPA on the built product: they register,
 * paste a real Spotify album link and are told why it cannot work here (SandboxUnknownItem, never "no such
 * item"), pick a sample album with the keyboard instead and create the campaign. The campaign page's "Try it
 * yourself" walk-through is followed to the letter: the tracker link in a private window (a second browser
 * context), connecting as a sample listener on the sandbox's consent page, the sandbox's play control for
 * the plays, Sync now on the listener's page, and the dashboard shows the attributed plays. No console
 * errors; every page passes axe (WCAG 2.x A/AA) and fits a phone.
 */
describe('a newcomer tries Soundlink alone in sandbox mode, in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let privateWindow: BrowserContext;
  let owner: Page;
  let listener: Page;
  let ownerProblems: string[];
  let listenerProblems: string[];
  let album: SandboxCatalog['albums'][number];
  let linkUrl: string;
  let campaignUrl: string;

  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();
    const catalog = await sandboxControl(product.url)<SandboxCatalog>('catalog');
    // An album that typing "album <its name>" leaves alone in the list (the filter matches every word
    // against a sample's kind, name and artists).
    const artists = new Map(catalog.artists.map((a) => [a.id, a.name]));
    const texts = [
      ...catalog.albums.map((a) => `album ${a.name} ${a.artistIds.map((id) => artists.get(id)).join(' ')}`),
      ...catalog.tracks.map((t) => `track ${t.name} ${t.artistIds.map((id) => artists.get(id)).join(' ')}`),
      ...catalog.playlists.map((p) => `playlist ${p.name}`),
      ...catalog.artists.map((a) => `artist ${a.name}`),
    ].map((t) => t.toLowerCase());
    const matches = (query: string) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      return texts.filter((t) => words.every((w) => t.includes(w))).length;
    };
    album = catalog.albums.find((a) => a.trackIds.length >= 3 && matches(`album ${a.name}`) === 1)!;
    expect(album).toBeDefined();
    ownerContext = await browser.newContext({ userAgent: DESKTOP_USER_AGENT });
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
    owner = await ownerContext.newPage();
    ownerProblems = watchConsoleErrors(owner);
  });
  afterAll(() => closeAll(privateWindow, ownerContext, browser, product));

  it('a new owner registers and opens New campaign, which says the product runs on an emulator', async () => {
    await owner.goto(`${product.url}/register`);
    await owner.getByLabel('Name').fill('Nia Newcomer');
    await owner.getByLabel('Email').fill(`newcomer.${Date.now()}@example.test`);
    await owner.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await owner.getByRole('button', { name: 'Create account' }).click();
    await owner.waitForURL('**/dashboard');

    await owner.goto(`${product.url}/campaigns/new`);
    await owner.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    const note = owner.locator('#campaign-sandbox-note');
    await note.getByText(/runs on a built-in Spotify emulator/).waitFor();
    await note.getByText(/Use your own Spotify app/).waitFor();
    // Sample playlists need the owner's Spotify: one click to connect as their owner.
    expect(
      await note.getByRole('link', { name: 'Connect Spotify as Nightjar Records' }).getAttribute('href'),
    ).toBe('/api/v1/owners/me/spotify/connect');
    await expectPageAccessible(owner, 'the campaign form in sandbox mode');
    expect(ownerProblems).toEqual([]);
  });

  it('a pasted real Spotify link gets the sandbox explanation, not "no such item"', async () => {
    const field = owner.getByLabel('Spotify link');
    await field.fill(REAL_ALBUM);
    const error = owner.locator('#campaign-destination-error');
    await error
      .getByText(/not in the sample catalog: Soundlink runs on a built-in Spotify emulator/)
      .waitFor();
    await error.getByText(/Pick a sample instead/).waitFor();
    expect(await error.innerText()).not.toMatch(/no such item/i);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expectPageAccessible(owner, 'the campaign form explaining a real link');
    // The browser logs the API's 422 answer itself; nothing else may go wrong.
    expect(ownerProblems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    ownerProblems.length = 0;
  });

  it('picks a sample album with the filter and the keyboard, and creates the campaign', async () => {
    const field = owner.getByLabel('Spotify link');
    await field.fill('');
    const toggle = owner.getByRole('button', { name: 'Pick a sample' });
    await toggle.focus();
    await owner.keyboard.press('Enter');
    const combo = owner.getByRole('combobox', { name: 'Filter samples' });
    await combo.waitFor();
    await waitForFocus(combo);
    const samples = owner.getByRole('listbox', { name: 'Samples' });
    expect(await samples.getByRole('option').count()).toBeGreaterThan(10);
    await expectPageAccessible(owner, 'the campaign form with the sample picker open');

    await owner.keyboard.type(`album ${album.name}`);
    const option = samples.getByRole('option', { name: new RegExp(escapeRegExp(album.name)) });
    await option.waitFor();
    await owner.getByText('1 sample matches.').waitFor();
    expect(await samples.getByRole('option').count()).toBe(1);
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await owner.keyboard.press('Enter');

    expect(await field.inputValue()).toBe(`https://open.spotify.com/album/${album.id}`);
    await waitForFocus(toggle);
    await owner.locator('.preview__card').getByText(album.name, { exact: true }).waitFor();
    await owner.getByLabel('Campaign name').fill('My first sample campaign');
    await owner.getByRole('button', { name: 'Create campaign' }).click();
    await owner.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await owner.getByRole('heading', { level: 1, name: 'My first sample campaign' }).waitFor();
    campaignUrl = owner.url();
    expect(ownerProblems).toEqual([]);
  });

  it('the campaign page shows "Try it yourself"; the owner creates and copies a tracker link', async () => {
    const panel = owner.getByRole('region', { name: 'Try it yourself' });
    await panel.getByText('private window', { exact: true }).waitFor();
    await panel.getByText('sample listener', { exact: true }).waitFor();

    await owner.getByLabel('Label').fill('Private window');
    await owner.getByRole('button', { name: 'Create link' }).click();
    const card = owner.locator('[data-link-id]').filter({ hasText: 'Private window' });
    await card.waitFor();
    await card.getByRole('button', { name: /^Copy/ }).click();
    await card.getByRole('button', { name: /^Copied/ }).waitFor();
    const copied = await owner.evaluate(() => navigator.clipboard.readText());
    linkUrl = copied.replace(/^https?:\/\/[^/]+/, product.url);
    await expectPageAccessible(owner, 'the campaign page with the walk-through');
    expect(ownerProblems).toEqual([]);
  });

  it('in a private window, the tracker link leads to connecting as a sample listener', async () => {
    privateWindow = await browser.newContext({ userAgent: DESKTOP_USER_AGENT });
    await routeSpotifyStandIn(privateWindow);
    listener = await privateWindow.newPage();
    listenerProblems = watchConsoleErrors(listener);
    await listener.goto(linkUrl);
    await listener.waitForURL(/\/connect\/[^/?]+\?click=[0-9a-f-]{36}$/);
    await listener.getByRole('heading', { level: 1, name: album.name }).waitFor();
    await listener.getByRole('link', { name: 'Connect Spotify' }).click();
    await listener.getByLabel(/Ada Moreno/).check();
    await listener.getByRole('button', { name: 'Agree' }).click();
    await listener.waitForURL(`https://open.spotify.com/album/${album.id}`);
    expect(listenerProblems).toEqual([]);
  });

  it("plays tracks with the sandbox's play control, linked from the walk-through", async () => {
    const panel = owner.getByRole('region', { name: 'Try it yourself' });
    const [play] = await Promise.all([
      ownerContext.waitForEvent('page'),
      panel.getByRole('link', { name: /play control/ }).click(),
    ]);
    const playProblems = watchConsoleErrors(play);
    await play.getByRole('heading', { level: 1, name: 'Play as a sample listener' }).waitFor();
    // The campaign's album is chosen already; the first sample listener is Ada Moreno.
    expect(
      await play.getByLabel('What to play').evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text),
    ).toBe(album.name);
    await play.getByLabel('Sample listener').selectOption({ label: 'Ada Moreno' });
    await play.getByLabel('How many tracks').fill('3');
    await expectPageAccessible(play, "the sandbox's play page");
    await play.getByRole('button', { name: 'Play' }).click();
    // One after the other from now on; the sandbox's clock moved to the end of the last one, so they are over
    // and every one of them started after the click.
    const status = play.getByRole('status');
    await status
      .getByText(/Ada Moreno played 3 tracks of .*one after the other, \d+ min( \d+ s)? in all/)
      .waitFor();
    await status
      .getByText(/The sandbox's clock moved \d+ min( \d+ s)? ahead, to the end of the last track/)
      .waitFor();
    await expectPageAccessible(play, "the sandbox's play page after playing");
    expect(playProblems).toEqual([]);
    await play.close();
  });

  it('after Sync now on the listener page, the dashboard shows the attributed plays', async () => {
    await listener.goto(`${product.url}/me`);
    await listener.getByRole('heading', { level: 1, name: 'Your Soundlink data' }).waitFor();
    await listener.getByRole('button', { name: 'Sync now' }).click();
    // Sync now answers once the plays are stored and attributed (in one transaction): no sweep to wait for.
    await listener.getByText('3 new plays recorded, 3 of them attributed to a campaign.').waitFor();

    await owner
      .getByRole('region', { name: 'Try it yourself' })
      .getByRole('link', { name: 'the dashboard' })
      .click();
    await owner.waitForURL(`${campaignUrl}/dashboard`);
    await waitForFunnelStep(owner, 'Clicks', 1);
    await waitForFunnelStep(owner, 'Connects', 1);
    await waitForFunnelStep(owner, 'Attributed plays', 3);
    await expectPageAccessible(owner, 'the dashboard of the sample campaign');
    expect(listenerProblems).toEqual([]);
    expect(ownerProblems).toEqual([]);
  });

  it('connects Spotify in one click from the form; the form then names the sample playlists that work', async () => {
    await owner.goto(`${product.url}/campaigns/new`);
    await owner.getByRole('link', { name: 'Connect Spotify as Nightjar Records' }).click();
    await owner.getByLabel(/Nightjar Records/).check();
    await owner.getByRole('button', { name: 'Agree' }).click();
    await owner.waitForURL('**/settings?spotify=connected');
    await owner.goto(`${product.url}/campaigns/new`);
    await owner
      .locator('.sandbox-note__playlists')
      .getByText(
        /connected as Nightjar Records, so these sample playlists work right away: .*Nightjar Demo Campaign/,
      )
      .waitFor();
    await owner.getByRole('button', { name: 'Pick a sample' }).click();
    await owner.keyboard.type('playlist nightjar demo');
    await owner
      .getByRole('listbox', { name: 'Samples' })
      .getByRole('option', { name: /Nightjar Demo Campaign.*Ready: your Spotify can read it/ })
      .waitFor();
    await expectPageAccessible(owner, 'the campaign form, Spotify connected, picker open on playlists');
    expect(ownerProblems).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
