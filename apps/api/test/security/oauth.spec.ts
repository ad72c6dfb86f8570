import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { OAuthStateService } from '../../src/modules/auth/oauth-state.service';
import { BROWSER_UA, createCampaign, createLink } from '../support/campaigns';
import { registerOwner, SignedInOwner } from '../support/owners';
import { answerConsent, SandboxCatalog, sandboxCatalog, sandboxControl } from '../support/sandbox';
import { startTestServer, TestServer } from '../support/test-server';
import { sql } from '../support/sql';

/**
 * OAuth flows against an attacker: states bound to the browser that started them, single use, purged;
 * no stateless Spotify login; clicks linked only for their own browser; the listener cookie expiring
 * and rotating. The real app on its own database, Spotify played by the in-process sandbox.
 */

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown as string[] | string | undefined;
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

function cookieValue(res: request.Response, name: string): string | undefined {
  const cookie = setCookies(res).find((c) => c.startsWith(`${name}=`));
  return cookie?.slice(name.length + 1, cookie.indexOf(';'));
}

/** Fakes only the clock the app reads (Date), not its timers: the app keeps running normally. */
function moveClockTo(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** A browser: its own cookie jar, a real user agent, no automatic redirects. */
class Browser {
  readonly agent: TestAgent;
  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }
  get(path: string) {
    return this.agent.get(path).set('User-Agent', BROWSER_UA).redirects(0);
  }
}

describe('security: OAuth flows and the listener cookie', () => {
  let server: TestServer;
  let catalog: SandboxCatalog;
  let campaignOwner: SignedInOwner;
  let trackId: string;

  const user = (name: string) => {
    const found = catalog.users.find((u) => u.displayName === name);
    if (!found) throw new Error(`no sandbox user ${name}`);
    return found;
  };
  const ownerAccount = async (ownerId: string) =>
    (
      await sql<{ spotify_user_id: string }>(
        server,
        'SELECT spotify_user_id FROM owner_spotify_accounts WHERE owner_id = $1',
        [ownerId],
      )
    )[0];

  beforeAll(async () => {
    server = await startTestServer();
    catalog = await sandboxCatalog(server.url);
    // More Spotify users consent here than development mode's 5.
    await sandboxControl(server.url, 'POST', 'config', { devModeUserCap: 25 });
    campaignOwner = await registerOwner(server.url);
    trackId = catalog.tracks[0]!.id;
    const { body: campaign } = await createCampaign(campaignOwner, {
      name: 'OAuth attacks',
      destination: `spotify:track:${trackId}`,
    }).expect(201);
    for (const slug of ['victim-link', 'attacker-link', 'cookie-link']) {
      await createLink(campaignOwner, campaign.id, { label: slug, slug }).expect(201);
    }
  });
  afterAll(() => server?.stop());

  it('attack: a victim’s browser completes an owner Spotify connect started by the attacker', async () => {
    const attacker = await registerOwner(server.url);
    const start = await attacker.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    const authorizeUrl = start.headers['location'] as string;

    // 1. The attacker sends the authorize URL to the victim, who consents with their own Spotify account:
    //    the victim's browser (not signed in, or signed in as someone else) follows Spotify's redirect.
    const victim = new Browser(server.url);
    const callback = await answerConsent(authorizeUrl, user('Ada Moreno').id);
    const refused = await victim.get(pathOf(callback));
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('started in another browser');
    expect(await ownerAccount(attacker.id)).toBeUndefined();

    // 2. A victim signed in as an owner of their own fares no better.
    const signedInVictim = await registerOwner(server.url);
    const start2 = await attacker.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    const callback2 = await answerConsent(start2.headers['location'] as string, user('Ada Moreno').id);
    await signedInVictim.agent.get(pathOf(callback2)).redirects(0).expect(400);
    expect(await ownerAccount(attacker.id)).toBeUndefined();
    expect(await ownerAccount(signedInVictim.id)).toBeUndefined();

    // The browser that started it still completes its own connect.
    const own = await attacker.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    const back = await answerConsent(own.headers['location'] as string, user('Nightjar Records').id);
    const done = await attacker.agent.get(pathOf(back)).redirects(0).expect(302);
    expect(done.headers['location']).toBe('/settings?spotify=connected');
    expect((await ownerAccount(attacker.id))?.spotify_user_id).toBeDefined();
  });

  it('attack: the Spotify login runs without state', async () => {
    // The stateless passport login (no state, no browser binding) is gone: 404, nothing redirects.
    const login = await request(server.url).get('/api/v1/spotify/login').redirects(0);
    expect(login.status).toBe(404);
    const callback = await request(server.url).get('/api/v1/spotify/callback?code=abc').redirects(0);
    expect(callback.status).toBe(404);

    // Every flow that remains sends a state, bound to an HttpOnly, path-scoped cookie of this browser.
    const owner = await registerOwner(server.url);
    const ownerStart = await owner.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    expect(new URL(ownerStart.headers['location'] as string).searchParams.get('state')).toBeTruthy();
    expect(setCookies(ownerStart).find((c) => c.startsWith('sl_oauth_owner='))).toMatch(
      /^sl_oauth_owner=[\w-]{43}; Max-Age=600; Path=\/api\/v1\/owners\/me\/spotify\/callback; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
    const listenerStart = await new Browser(server.url)
      .get('/api/v1/listeners/connect/start?slug=victim-link')
      .expect(302);
    expect(new URL(listenerStart.headers['location'] as string).searchParams.get('state')).toBeTruthy();
    expect(setCookies(listenerStart).find((c) => c.startsWith('sl_oauth_listener='))).toMatch(
      /^sl_oauth_listener=[\w-]{43}; Max-Age=600; Path=\/api\/v1\/listeners\/connect\/callback; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
  });

  it('attack: replaying a used state', async () => {
    const owner = await registerOwner(server.url);
    const start = await owner.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    const binding = cookieValue(start, 'sl_oauth_owner');
    const first = await answerConsent(start.headers['location'] as string, user('Nightjar Records').id);
    await owner.agent.get(pathOf(first)).redirects(0).expect(302);
    const connected = (await ownerAccount(owner.id))!.spotify_user_id;

    // Someone who holds the used state and the browser's binding cookie, with a fresh code of their own.
    const state = new URL(first).searchParams.get('state')!;
    const other = await registerOwner(server.url);
    const theirs = await other.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    const theirCallback = new URL(
      await answerConsent(theirs.headers['location'] as string, user('Grace Okoye').id),
    );
    const replay = await request(server.url)
      .get(`/api/v1/owners/me/spotify/callback?code=${theirCallback.searchParams.get('code')}&state=${state}`)
      .set('Cookie', `sl_oauth_owner=${binding}`)
      .redirects(0);
    expect(replay.status).toBe(302);
    expect(replay.headers['location']).toBe('/settings?spotify=state-replayed');
    // The same browser replaying its own callback: its binding cookie is gone after the first use.
    const again = await owner.agent.get(pathOf(first)).redirects(0);
    expect(again.status).toBe(400);
    expect((await ownerAccount(owner.id))!.spotify_user_id).toBe(connected);

    // The listener flow: a used state is refused too, and nothing is linked a second time.
    const browser = new Browser(server.url);
    const listenerStart = await browser.get('/api/v1/listeners/connect/start?slug=victim-link').expect(302);
    const listenerBinding = cookieValue(listenerStart, 'sl_oauth_listener');
    const visitor = cookieValue(listenerStart, 'sl_vid');
    const listenerCallback = await answerConsent(
      listenerStart.headers['location'] as string,
      user('Emi Tanaka').id,
    );
    const ok = await browser.get(pathOf(listenerCallback)).expect(302);
    expect(ok.headers['location']).toBe(`https://open.spotify.com/track/${trackId}`);
    const listenerReplay = await request(server.url)
      .get(pathOf(listenerCallback))
      .set('Cookie', `sl_oauth_listener=${listenerBinding}; sl_vid=${visitor}`)
      .redirects(0)
      .expect(302);
    expect(listenerReplay.headers['location']).toBe('/connect/victim-link?error=state');
    expect(setCookies(listenerReplay).some((c) => c.startsWith('sl_listener='))).toBe(false);
  });

  it('attack: a victim’s browser completes a listener connect started by an attacker who copied the victim’s visitor id', async () => {
    // The victim clicked a tracker link: their browser holds a visitor cookie and has a click.
    const victim = new Browser(server.url);
    const victimClick = await victim.get('/l/victim-link').expect(302);
    const victimVisitor = cookieValue(victimClick, 'sl_vid')!;
    // The attacker learned that visitor id (it is in the victim's data export, for one) and starts a
    // connect with it, consents as themselves, and has the victim's browser follow the callback.
    const start = await request(server.url)
      .get('/api/v1/listeners/connect/start?slug=attacker-link')
      .set('Cookie', `sl_vid=${victimVisitor}`)
      .redirects(0)
      .expect(302);
    const callback = await answerConsent(start.headers['location'] as string, user('Grace Okoye').id);
    const landed = await victim.get(pathOf(callback)).expect(302);
    expect(landed.headers['location']).toBe('/connect/attacker-link?error=state');
    expect(setCookies(landed).some((c) => c.startsWith('sl_listener='))).toBe(false);
    const linked = await sql(
      server,
      'SELECT id FROM clicks WHERE visitor_id = $1 AND listener_id IS NOT NULL',
      [victimVisitor],
    );
    expect(linked).toEqual([]);
  });

  it('attack: linking someone else’s click to the attacker’s listener with connect/start?click=', async () => {
    // Visitor A clicks a link; the click id travels in the connect page's URL (shared, screenshotted…).
    const visitorA = new Browser(server.url);
    const clickA = await visitorA.get('/l/victim-link').expect(302);
    const clickId = new URL(clickA.headers['location'] as string, server.url).searchParams.get('click')!;
    expect(clickId).toMatch(/^[0-9a-f-]{36}$/);

    // Attacker B, another browser, starts a connect naming A's click and completes it.
    const attacker = new Browser(server.url);
    const start = await attacker
      .get(`/api/v1/listeners/connect/start?slug=attacker-link&click=${clickId}`)
      .expect(302);
    const callback = await answerConsent(start.headers['location'] as string, user('Benji Carter').id);
    const done = await attacker.get(pathOf(callback)).expect(302);
    expect(done.headers['location']).toBe(`https://open.spotify.com/track/${trackId}`);

    const [row] = await sql<{ listener_id: string | null }>(
      server,
      'SELECT listener_id FROM clicks WHERE id = $1',
      [clickId],
    );
    expect(row).toEqual({ listener_id: null });
  });

  it('attack: a listener cookie that never expires or changes, replayed long after', async () => {
    const browser = new Browser(server.url);
    await browser.get('/l/cookie-link').expect(302);
    const start = await browser.get('/api/v1/listeners/connect/start?slug=cookie-link').expect(302);
    const callback = await answerConsent(start.headers['location'] as string, user('Chloé Dubois').id);
    const back = await browser.get(pathOf(callback)).expect(302);
    const header = setCookies(back).find((c) => c.startsWith('sl_listener='))!;
    const maxAge = Number(/Max-Age=(\d+)/.exec(header)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(34_560_000); // browsers cap cookies at 400 days
    const issued = cookieValue(back, 'sl_listener')!;
    await request(server.url).get('/api/v1/listeners/me').set('Cookie', `sl_listener=${issued}`).expect(200);

    // A day later the value in use is rotated: a new signed value, a new expiry.
    const dayLater = Date.now() + 25 * 3600 * 1000;
    moveClockTo(dayLater);
    let rotated: string | undefined;
    try {
      const used = await request(server.url)
        .get('/api/v1/listeners/me')
        .set('Cookie', `sl_listener=${issued}`)
        .expect(200);
      rotated = cookieValue(used, 'sl_listener');
      expect(rotated).toBeDefined();
      expect(rotated).not.toBe(issued);
      expect(setCookies(used).find((c) => c.startsWith('sl_listener='))).toMatch(/Max-Age=(\d+)/);
      await request(server.url)
        .get('/api/v1/listeners/me')
        .set('Cookie', `sl_listener=${rotated}`)
        .expect(200);
    } finally {
      jest.useRealTimers();
    }

    // Past its lifetime (a stolen copy replayed a year and more later) the value stops working.
    moveClockTo(Date.now() + (maxAge + 60) * 1000);
    try {
      await request(server.url)
        .get('/api/v1/listeners/me')
        .set('Cookie', `sl_listener=${issued}`)
        .expect(401);
    } finally {
      jest.useRealTimers();
    }
  });

  it('attack: flooding the OAuth state table with abandoned flows that are never purged', async () => {
    const states = server.app.get(OAuthStateService);
    const owner = await registerOwner(server.url);
    for (let i = 0; i < 5; i++) await owner.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
    const before = await sql<{ n: number }>(server, 'SELECT count(*)::int AS n FROM oauth_states');
    expect(before[0]!.n).toBeGreaterThanOrEqual(5);
    // All of them are abandoned and age past their expiry; one fresh flow starts.
    await sql(server, `UPDATE oauth_states SET created_at = now() - interval '11 minutes'`);
    await owner.agent.get('/api/v1/owners/me/spotify/connect').expect(302);

    await states.purgeExpired();

    const after = await sql<{ created_at: Date }>(server, 'SELECT created_at FROM oauth_states');
    expect(after).toHaveLength(1);
    expect(after[0]!.created_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
