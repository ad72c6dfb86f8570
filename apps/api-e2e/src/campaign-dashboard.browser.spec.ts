import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './support/chromium';
import { RunningProduct, startProduct } from './support/product';

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** A cookie jar over plain HTTP: an owner's session (with its CSRF token) or a listener's browser. */
class HttpClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(path.startsWith('http') ? path : `${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        'user-agent': BROWSER_UA,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' || !this.csrf ? {} : { 'x-csrf-token': this.csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }

  async json<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const res = await this.call(method, path, body);
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Answers the sandbox's consent page as `userId` without a browser; returns our callback URL. */
async function consentAs(authorizeUrl: string, userId: string): Promise<string> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('user_id', userId);
  form.set('decision', 'agree');
  const res = await fetch(new URL('authorize/decision', url.href.replace(/authorize\?.*$/, '')), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent: ${res.status} ${await res.text()}`);
  return location;
}

/**
 * The owner's campaign dashboard on the built product, open in Chromium while a listener (driven over HTTP
 * through the Spotify sandbox) clicks the tracker link, connects Spotify and plays the campaign's playlist:
 * the click, the connect and the attributed plays show up live, without a reload. The range and filters
 * live in the URL and survive a reload. No console errors.
 */
describe('the campaign dashboard, live, in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let campaignId: string;
  let playlist: { id: string; trackIds: string[] };
  const slug = `dash-${Date.now().toString(36)}`;
  let listener: HttpClient;
  let listenerUserId: string;

  const sandbox = (path: string, body?: unknown) =>
    fetch(`${product.url}/sandbox/spotify/_sandbox/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (res) => {
      if (res.status >= 300) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    });

  /** The number in a funnel step, as the owner reads it. */
  const step = (label: string) =>
    page.locator('.funnel__step', {
      has: page.locator('.funnel__label', { hasText: new RegExp(`^${label}$`) }),
    });
  const stepValue = async (label: string) =>
    Number((await step(label).locator('.funnel__value').innerText()).replace(/,/g, ''));
  const waitForStep = (label: string, atLeast: number) =>
    page.waitForFunction(
      ([name, min]) => {
        const steps = Array.from(document.querySelectorAll('.funnel__step'));
        const match = steps.find((s) => s.querySelector('.funnel__label')?.textContent?.trim() === name);
        return (
          Number(match?.querySelector('.funnel__value')?.textContent?.replace(/,/g, '') ?? -1) >=
          (min as number)
        );
      },
      [label, atLeast] as const,
      { timeout: 30_000 },
    );

  beforeAll(async () => {
    const executablePath = findChromium();
    if (!executablePath)
      throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH.');
    product = await startProduct();

    // The owner over HTTP: an account, Spotify connected as Nightjar Records, a playlist campaign, a link.
    const owner = new HttpClient(product.url);
    const registered = await owner.json<{ csrfToken: string }>(
      'POST',
      '/api/v1/auth/register',
      {
        email: `dash.${Date.now()}@nightjar.example`,
        password: 'a long and unusual passphrase',
        displayName: 'Maya',
      },
      201,
    );
    owner.csrf = registered.csrfToken;
    const catalog = (await sandbox('catalog')) as unknown as {
      users: Array<{ id: string; displayName: string }>;
      playlists: Array<{ id: string; name: string; trackIds: string[] }>;
    };
    const info = (await sandbox('info')) as { demoPlaylistId: string };
    playlist = catalog.playlists.find((p) => p.id === info.demoPlaylistId)!;
    const label = catalog.users.find((u) => u.displayName === 'Nightjar Records')!;
    const start = await owner.call('GET', '/api/v1/owners/me/spotify/connect');
    const callback = new URL(await consentAs(start.headers.get('location')!, label.id));
    await owner.call('GET', callback.pathname + callback.search);
    const campaign = await owner.json<{ id: string }>(
      'POST',
      '/api/v1/campaigns',
      { name: 'Summer Singles', destination: `https://open.spotify.com/playlist/${playlist.id}` },
      201,
    );
    campaignId = campaign.id;
    await owner.json(
      'POST',
      `/api/v1/campaigns/${campaignId}/links`,
      { label: 'Instagram bio', slug, utmSource: 'instagram' },
      201,
    );
    listener = new HttpClient(product.url);
    listenerUserId = ((await sandbox('users', { displayName: 'Dana Listener' })) as { id: string }).id;

    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ acceptDownloads: true });
    // The owner's session, signed in over HTTP above.
    await context.addCookies([...owner.cookies].map(([name, value]) => ({ name, value, url: product.url })));
    page = await context.newPage();
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
  });

  it('opens the dashboard from the campaign and goes live', async () => {
    await page.goto(`${product.url}/campaigns/${campaignId}`);
    await page.getByRole('link', { name: 'Open the dashboard' }).click();
    await page.waitForURL(`**/campaigns/${campaignId}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Summer Singles' }).waitFor();
    await page.locator('.live', { hasText: 'Live' }).waitFor();
    expect(await stepValue('Clicks')).toBe(0);
    await page.getByText('No clicks or plays in this range yet.').waitFor();
    expect(await page.getByRole('img', { name: /Attributed plays per period/ }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('shows a click and a connect live, without a reload', async () => {
    const marker = await page.evaluate(
      () => ((window as unknown as { __marker: number }).__marker = Date.now()),
    );
    const click = await listener.call('GET', `/l/${slug}`);
    expect(click.status).toBe(302);
    const clickId = new URL(click.headers.get('location')!, product.url).searchParams.get('click');
    await waitForStep('Clicks', 1);
    await page.locator('.feed', { hasText: 'New click via Instagram bio' }).waitFor();

    const start = await listener.call('GET', `/api/v1/listeners/connect/start?slug=${slug}&click=${clickId}`);
    expect(start.status).toBe(302);
    const callback = new URL(await consentAs(start.headers.get('location')!, listenerUserId));
    const back = await listener.call('GET', callback.pathname + callback.search);
    expect(back.headers.get('location')).toBe(`https://open.spotify.com/playlist/${playlist.id}`);
    await waitForStep('Connects', 1);
    // Still the same document: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(marker);
    expect(problems).toEqual([]);
  });

  it('shows attributed plays live, and explains one', async () => {
    const marker = await page.evaluate(
      () => ((window as unknown as { __marker: number }).__marker = Date.now()),
    );
    const now = Date.now();
    for (const [i, trackId] of playlist.trackIds.slice(0, 2).entries()) {
      await sandbox(`users/${listenerUserId}/plays`, {
        trackId,
        playedAt: new Date(now - 2_000 + i * 500).toISOString(),
        context: { type: 'playlist', uri: `spotify:playlist:${playlist.id}` },
      });
    }
    const sync = await listener.call('POST', '/api/v1/listeners/me/sync', undefined, {
      'x-requested-with': 'soundlink',
      origin: product.url,
    });
    expect(sync.status).toBe(200);

    await waitForStep('Attributed plays', 2);
    await waitForStep('Listeners', 1);
    const rows = page.locator('.recent tbody tr');
    await rows.nth(1).waitFor();
    await page
      .locator('.feed', { hasText: /Attributed play \(\w+ confidence\) via Instagram bio/ })
      .waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(marker);

    await page
      .getByRole('button', { name: /^Why\?/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Why was this play attributed?' }).waitFor();
    await page.locator('.why').getByText('on Instagram bio').waitFor();
    expect(problems).toEqual([]);
  });

  it('keeps range and filters in the URL, through a reload', async () => {
    await page.getByLabel('Range', { exact: true }).selectOption('7d');
    await page.waitForURL(/range=7d/);
    await page.getByLabel('Confidence', { exact: true }).selectOption('high');
    await page.waitForURL(/tier=high/);
    await page.getByLabel('Channel (utm_source)', { exact: true }).selectOption('instagram');
    await page.waitForURL(/utm=instagram/);
    const url = page.url();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Summer Singles' }).waitFor();
    expect(page.url()).toBe(url);
    expect(await page.getByLabel('Range', { exact: true }).inputValue()).toBe('7d');
    expect(await page.getByLabel('Confidence', { exact: true }).inputValue()).toBe('high');
    expect(await page.getByLabel('Channel (utm_source)', { exact: true }).inputValue()).toBe('instagram');
    await page.locator('.live', { hasText: 'Live' }).waitFor();
    await waitForStep('Clicks', 1);
    // The export follows the filters.
    const csv = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
    expect(csv).toContain('tier=high');
    expect(csv).toContain('utmSource=instagram');
    const res = await page.evaluate(async (href) => {
      const r = await fetch(href!);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, csv);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/csv');
    expect(problems).toEqual([]);
  });

  it('downloads a chart as PNG and its data as CSV, and fits a phone screen', async () => {
    const panel = page.locator('sl-chart-panel', { hasText: 'Attributed plays over time' });
    const png = page.waitForEvent('download');
    await panel.getByRole('button', { name: /^PNG/ }).click();
    expect((await png).suggestedFilename()).toMatch(/plays-over-time\.png$/);
    const csv = page.waitForEvent('download');
    await panel.getByRole('button', { name: /^CSV/ }).click();
    expect((await csv).suggestedFilename()).toMatch(/plays-over-time\.csv$/);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto(`${product.url}/campaigns`);
    await page.getByRole('link', { name: 'Summer Singles' }).waitFor();
    await page.locator('.figures__list').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);
  });
});
