import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { SourcesPollingService } from '../src/modules/sources/sources-polling.service';
import { BROWSER_UA, createCampaign, createLink } from './support/campaigns';
import { connectThroughLink } from './support/listeners';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog, sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';

const SLUG = 'source-gaps';
const DAY = 24 * 3600_000;

/**
 * Observation gaps of Last.fm and ListenBrainz listeners (docs/listeners.md, "Gaps"): a source whose
 * credential the service refused is read on from its cursor when reconnected (the service kept the history:
 * no gap); a source the listener disconnected is read like a first connect when connected again, and the time
 * between is a gap of the listener, which the campaign's completeness counts, unless Spotify observed them.
 * Real app in sandbox mode, its mounted ListenBrainz sandbox, over HTTP.
 */
describe('observation gaps of listening sources', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const { body } = await createCampaign(owner, {
      name: 'Gaps',
      destination: `spotify:album:${catalog.albums[0]!.id}`,
    }).expect(201);
    campaignId = body.id;
    await createLink(owner, campaignId, { label: 'Gaps', slug: SLUG }).expect(201);
  });
  afterAll(() => server?.stop());

  const unsafe = (browser: TestAgent, method: 'delete' | 'post', path: string) =>
    browser[method](path).set('User-Agent', BROWSER_UA).set('X-Requested-With', 'soundlink');

  /** Clicks the link in `browser` (a new one by default) and connects ListenBrainz with `token`. */
  async function connectListenBrainz(token: string, browser = request.agent(server.url)) {
    const click = await browser.get(`/l/${SLUG}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    const clickId = new URL(click.headers['location'] as string, server.url).searchParams.get('click');
    await unsafe(browser, 'post', '/api/v1/listeners/connect/listenbrainz')
      .send({ token, slug: SLUG, click: clickId })
      .expect(200);
    return browser;
  }

  const newUser = async (userName: string) =>
    (await request(server.url).post('/sandbox/listenbrainz/_sandbox/users').send({ userName }).expect(201))
      .body as { token: string };

  const listen = (userName: string, trackName: string, atMs: number) =>
    request(server.url)
      .post(`/sandbox/listenbrainz/_sandbox/users/${userName}/listens`)
      .send({ artistName: 'Gap Band', trackName, listenedAt: Math.floor(atMs / 1000) })
      .expect(201);

  async function sourceOf(userName: string) {
    const [row] = await sql<{ listener_id: string; status: string }>(
      server,
      'SELECT listener_id, status FROM listening_sources WHERE account_name = $1',
      [userName],
    );
    return row!;
  }

  /** As if the listener connected ten days ago and the source was last read five days ago. */
  async function lastReadFiveDaysAgo(userName: string) {
    const { listener_id } = await sourceOf(userName);
    await sql(
      server,
      `UPDATE listeners SET created_at = now() - interval '10 days', consented_at = now() - interval '10 days'
        WHERE id = $1 AND spotify_user_id IS NULL`,
      [listener_id],
    );
    await sql(
      server,
      `UPDATE listening_sources SET connected_at = now() - interval '10 days', last_polled_at = now() - interval '5 days',
              cursor_ms = (extract(epoch FROM now() - interval '5 days') * 1000)::bigint
        WHERE account_name = $1`,
      [userName],
    );
    return listener_id;
  }

  const poll = (listenerId: string) => server.app.get(SourcesPollingService).pollListenerNow(listenerId);
  const gapsOf = (listenerId: string) =>
    sql<{ gap_from: Date; gap_to: Date }>(
      server,
      'SELECT gap_from, gap_to FROM observation_gaps WHERE listener_id = $1',
      [listenerId],
    );
  const unmatchedTitles = async (listenerId: string) =>
    (
      await sql<{ track_name: string }>(
        server,
        'SELECT track_name FROM unmatched_plays WHERE listener_id = $1 ORDER BY started_at',
        [listenerId],
      )
    ).map((r) => r.track_name);

  it('reads on from the cursor when a refused token is renewed: the history reaches back, no gap', async () => {
    const browser = await connectListenBrainz((await newUser('gap_renew')).token);
    const listenerId = await lastReadFiveDaysAgo('gap_renew');
    // ListenBrainz refuses the token (401): the source needs reconnecting.
    await request(server.url)
      .post('/sandbox/listenbrainz/_sandbox/faults')
      .send({ scope: 'gap_renew', status: 401, count: 1 })
      .expect(201);
    expect(await poll(listenerId)).toEqual([expect.objectContaining({ outcome: 'needs_reconnect' })]);
    await listen('gap_renew', 'While Refused', Date.now() - 3 * DAY);

    const renewed = (
      await request(server.url).post('/sandbox/listenbrainz/_sandbox/users/gap_renew/token').expect(200)
    ).body.token as string;
    await connectListenBrainz(renewed, browser);
    expect((await sourceOf('gap_renew')).status).toBe('active');
    expect(await poll(listenerId)).toEqual([expect.objectContaining({ outcome: 'stored' })]);
    expect(await unmatchedTitles(listenerId)).toEqual(['While Refused']);
    expect(await gapsOf(listenerId)).toEqual([]);
  });

  it('after a disconnect reads like a first connect, and the time between is a gap the completeness counts', async () => {
    const { token } = await newUser('gap_off');
    const browser = await connectListenBrainz(token);
    const listenerId = await lastReadFiveDaysAgo('gap_off');
    await unsafe(browser, 'delete', '/api/v1/listeners/me/sources/listenbrainz').expect(204);
    await listen('gap_off', 'While Disconnected', Date.now() - 3 * DAY);
    await listen('gap_off', 'This Morning', Date.now() - 2 * 3600_000);

    const before = Date.now();
    await connectListenBrainz(token, browser);
    expect(await poll(listenerId)).toEqual([expect.objectContaining({ outcome: 'stored' })]);
    // The day before the connect is read, as on a first connect; nothing the listener did while disconnected.
    expect(await unmatchedTitles(listenerId)).toEqual(['This Morning']);
    const gaps = await gapsOf(listenerId);
    expect(gaps).toHaveLength(1);
    const { gap_from, gap_to } = gaps[0]!;
    expect(Math.abs(new Date(gap_from).getTime() - (before - 5 * DAY))).toBeLessThan(60_000);
    expect(Math.abs(new Date(gap_to).getTime() - (before - DAY))).toBeLessThan(60_000);

    // The owner's completeness: four unobserved days of the listener's week. It counts the campaign's connected
    // listeners from the connects rollup, which the analytics job fills in the background: fill it now.
    await server.app.get(ClickBuffer).flush();
    const rollups = server.app.get(AnalyticsRollups);
    for (;;) {
      const run = await rollups.processPending(1_000);
      const backlog = await rollups.backlog();
      if (!run.busy && backlog.clicks === 0 && backlog.attributions === 0) break;
    }
    const from = new Date(before - 7 * DAY).toISOString();
    const to = new Date(before).toISOString();
    const { body } = await owner.agent
      .get(`/api/v1/campaigns/${campaignId}/analytics/completeness`)
      .query({ from, to })
      .expect(200);
    expect(body.completeness.gapHours).toBeGreaterThanOrEqual(4 * 24 - 1);
    expect(body.completeness.share).toBeLessThan(1);
    // And the listener's export lists it.
    const exported = await browser
      .get('/api/v1/listeners/me/export')
      .set('User-Agent', BROWSER_UA)
      .expect(200);
    expect(exported.body.observationGaps).toHaveLength(1);
  });

  it('records no gap when Spotify observed the listener while their ListenBrainz was off, nor the other way round', async () => {
    const spotifyUser = (await sandboxControl(server.url, 'POST', 'users', {
      displayName: 'Gap Spotify',
    })) as {
      id: string;
    };
    const { browser } = await connectThroughLink(server, SLUG, spotifyUser.id);
    const { token } = await newUser('gap_both');
    await connectListenBrainz(token, browser);
    const listenerId = (await sourceOf('gap_both')).listener_id;
    await sql(
      server,
      `UPDATE listeners SET created_at = now() - interval '10 days', consented_at = now() - interval '10 days'
        WHERE id = $1`,
      [listenerId],
    );
    await lastReadFiveDaysAgo('gap_both');
    await unsafe(browser, 'delete', '/api/v1/listeners/me/sources/listenbrainz').expect(204);
    await connectListenBrainz(token, browser);
    expect((await sourceOf('gap_both')).listener_id).toBe(listenerId);
    expect(await gapsOf(listenerId)).toEqual([]);

    // The other way round: Spotify needed reconnecting for five days while ListenBrainz was read.
    await sql(
      server,
      `UPDATE listening_sources SET connected_at = now() - interval '10 days' WHERE account_name = 'gap_both'`,
    );
    await sql(
      server,
      `UPDATE listeners SET status = 'needs_reconnect', next_poll_at = NULL, last_polled_at = now() - interval '5 days'
        WHERE id = $1`,
      [listenerId],
    );
    await connectThroughLink(server, SLUG, spotifyUser.id);
    expect(await gapsOf(listenerId)).toEqual([]);
  });
});
