import request from 'supertest';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { MODEL_VERSION } from '../src/modules/attribution/attribution-model';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { AnalyticsKit, openSse } from './analytics-kit';
import { BROWSER_UA, click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

// A Monday: D1 and D2 are the two days of the scenario (see docs/analytics.md for the definitions).
const D1 = '2026-03-02';
const D2 = '2026-03-03';
const RANGE = `from=${D1}T00:00:00Z&to=2026-03-04T00:00:00Z`;
const PASSWORD = 'a long and unusual passphrase';

describe('campaign analytics', () => {
  let server: TestServer;
  let stopped = false;
  let kit: AnalyticsKit;
  let rollups: AnalyticsRollups;
  let owner: SignedInOwner;
  let campaignId: string;
  let linkA: string;
  let linkB: string;
  let slugA: string;
  let t1: string;
  let t2: string;
  let t3: string;
  const tx = 'NotInTheCampaign000001';
  const ids: Record<string, string> = {};

  const get = (path: string) => owner.agent.get(`/api/v1/campaigns/${campaignId}${path}`);
  const processAll = async () => {
    await server.app.get(ClickBuffer).flush();
    await rollups.processPending(1_000);
  };

  beforeAll(async () => {
    server = await startTestServer();
    kit = await AnalyticsKit.connect(server.database.url);
    rollups = server.app.get(AnalyticsRollups);
    owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 3);
    if (!album) throw new Error('no sandbox album with 3 tracks');
    const created = await createCampaign(owner, {
      name: 'Analytics',
      destination: `spotify:album:${album.id}`,
      timezone: 'Europe/Berlin',
    }).expect(201);
    campaignId = created.body.id;
    [t1, t2, t3] = album.trackIds as [string, string, string];
    const a = await createLink(owner, campaignId, { label: 'Instagram', utmSource: 'instagram' }).expect(201);
    const b = await createLink(owner, campaignId, { label: 'Newsletter', utmSource: 'newsletter' }).expect(
      201,
    );
    linkA = a.body.id;
    slugA = a.body.slug;
    linkB = b.body.id;
    await kit.track(t1, 'Song, "Quoted"');
    await kit.track(t2, 'Second Song');
    await kit.track(t3, '=Formula Song');
    await kit.track(tx, 'Elsewhere');
  });

  afterAll(async () => {
    await kit?.close();
    if (!stopped) await server?.stop();
  });

  it('seeds the scenario: clicks, connects, plays, attributions and gaps', async () => {
    const c = (linkId: string, at: string, extra: Record<string, unknown> = {}) =>
      kit.click({
        campaignId,
        linkId,
        at,
        utmSource: linkId === linkA ? 'instagram' : 'newsletter',
        ...extra,
      });
    ids.c1 = await c(linkA, `${D1}T10:00:00Z`, {
      visitorId: '00000000-0000-4000-8000-000000000001',
      firstVisit: true,
    });
    ids.c2 = await c(linkA, `${D1}T10:30:00Z`, { firstVisit: true });
    ids.c3 = await c(linkA, `${D1}T11:15:00Z`, { visitorId: '00000000-0000-4000-8000-000000000001' });
    ids.c4 = await c(linkB, `${D1}T12:00:00Z`, { firstVisit: true });
    ids.c5 = await c(linkB, `${D1}T12:05:00Z`, { bot: true });
    ids.c6 = await c(linkB, `${D2}T09:00:00Z`, { firstVisit: true });
    ids.c7 = await c(linkA, `${D2}T09:30:00Z`, { head: true });
    // Some rollups are applied now, some later: incremental maintenance must not care.
    await processAll();

    ids.L1 = await kit.listener(`${D1}T10:05:00Z`);
    ids.L2 = await kit.listener(`${D1}T10:35:00Z`);
    ids.L3 = await kit.listener(`${D2}T09:05:00Z`);
    // L1 connects through c3 first (another browser), then c1 is linked too: the first connect moves to c1.
    await kit.linkClicks(ids.L1, [ids.c3]);
    await processAll();
    await kit.linkClicks(ids.L1, [ids.c1]);
    await kit.linkClicks(ids.L2, [ids.c2]);
    await kit.linkClicks(ids.L3, [ids.c6]);
    // A wrong link, then undone (as erasure does): nothing of it may remain.
    await kit.linkClicks(ids.L2, [ids.c4]);
    await processAll();
    await kit.linkClicks(null, [ids.c4]);

    // Pre-click plays: L1 had played t1 (an existing listener), L2 only something else, L3 nothing.
    await kit.play(ids.L1, tx, '2026-03-01T10:00:00Z', 'baseline');
    await kit.play(ids.L1, t1, `${D1}T08:00:00Z`, 'baseline');
    await kit.play(ids.L2, tx, `${D1}T09:00:00Z`, 'baseline');
    const p1 = await kit.play(ids.L1, t1, `${D1}T11:00:00Z`);
    const p2 = await kit.play(ids.L1, t2, `${D1}T12:00:00Z`);
    const p3 = await kit.play(ids.L2, t1, `${D1}T13:00:00Z`);
    const p4 = await kit.play(ids.L3, t3, `${D2}T10:00:00Z`);
    // Later plays: retention.
    await kit.play(ids.L1, t2, '2026-03-05T10:00:00Z');
    await kit.play(ids.L1, t2, '2026-03-12T10:00:00Z');
    await kit.play(ids.L2, tx, '2026-03-04T10:00:00Z');
    await kit.play(ids.L3, t1, '2026-03-23T09:00:00Z');

    await kit.attribute({ campaignId, playId: p1, clickId: ids.c1, tier: 'high', credit: 1 });
    const wrong = await kit.attribute({ campaignId, playId: p2, clickId: ids.c3, tier: 'low', credit: 1 });
    await processAll();
    // Re-scored (the engine rebalances credit with UPDATEs) and a stray row deleted.
    await kit.sql(`UPDATE attributions SET tier = 'medium', credit = 0.5 WHERE id = $1`, [wrong]);
    await kit.attribute({ campaignId, playId: p3, clickId: ids.c2, tier: 'high', credit: 1 });
    await kit.attribute({ campaignId, playId: p4, clickId: ids.c6, tier: 'low', credit: 0.25 });
    const stray = await kit.attribute({
      campaignId,
      playId: p4,
      clickId: ids.c6,
      tier: 'high',
      credit: 1,
      generation: 3,
    });
    await kit.sql('DELETE FROM attributions WHERE id = $1', [stray]);
    // The next generation, being written by a re-attribution: not current yet, so not counted.
    await kit.attribute({ campaignId, playId: p1, clickId: ids.c1, tier: 'low', credit: 0.1, generation: 2 });

    await kit.gap(ids.L1, `${D1}T20:00:00Z`, `${D2}T02:00:00Z`);
    await kit.gap(ids.L1, `${D2}T00:00:00Z`, `${D2}T04:00:00Z`);
    await kit.gap(ids.L2, `${D2}T22:00:00Z`, '2026-03-04T03:00:00Z');
    await processAll();
    expect(await rollups.backlog()).toEqual({ clicks: 0, attributions: 0 });
  });

  it('answers the funnel with rates, listener types and completeness', async () => {
    const res = await get(`/analytics/funnel?${RANGE}`).expect(200);
    expect(res.body).toEqual({
      range: {
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-04T00:00:00.000Z',
        tz: 'Europe/Berlin',
        granularity: 'day',
        linkId: null,
        utmSource: null,
        tier: null,
      },
      clicks: 5,
      botClicks: 2,
      uniqueVisitors: 4,
      connects: 3,
      alreadyConnected: 0,
      connectsReached: 3,
      listeners: 3,
      listenerTypes: { new: 2, existing: 1 },
      attributedPlays: 4,
      activeListeners: 3,
      creditedPlays: 2.75,
      rates: {
        visitorsPerClick: 0.8,
        connectsPerVisitor: 0.75,
        listenersPerConnect: 1,
        playsPerListener: 1.333333,
      },
      completeness: {
        share: 0.889197,
        listeners: 3,
        connectedHours: 90.25,
        gapHours: 10,
        computedAt: expect.any(String),
      },
      // The range is within the raw clicks kept (395 days by default).
      rawData: {
        clickRetentionDays: 395,
        rawClicksSince: expect.any(String),
        playRetentionDays: 760,
        rawPlaysSince: expect.any(String),
        rangeBeforeRawClicks: false,
      },
    });
  });

  it('filters by link, utm_source and tier', async () => {
    const byLink = await get(`/analytics/funnel?${RANGE}&linkId=${linkB}`).expect(200);
    expect(byLink.body).toMatchObject({
      clicks: 2,
      uniqueVisitors: 2,
      connects: 1,
      listeners: 1,
      attributedPlays: 1,
      creditedPlays: 0.25,
    });
    const byUtm = await get(`/analytics/funnel?${RANGE}&utmSource=instagram`).expect(200);
    expect(byUtm.body).toMatchObject({
      clicks: 3,
      uniqueVisitors: 2,
      connects: 2,
      listeners: 2,
      attributedPlays: 3,
    });
    const byTier = await get(`/analytics/funnel?${RANGE}&tier=high`).expect(200);
    expect(byTier.body).toMatchObject({ clicks: 5, attributedPlays: 2, creditedPlays: 2, listeners: 2 });
    // Ragged edges: from 10:00 to 11:00 on D1 (hour rows only).
    const hour = await get(`/analytics/funnel?from=${D1}T10:00:00Z&to=${D1}T11:00:00Z`).expect(200);
    expect(hour.body).toMatchObject({ clicks: 2, uniqueVisitors: 2, connects: 2, attributedPlays: 0 });
  });

  it('answers zero-filled time series in the time zone, per day, hour and week', async () => {
    const berlin = await get(
      `/analytics/timeseries?from=2026-03-01T23:00:00Z&to=2026-03-03T23:00:00Z`,
    ).expect(200);
    expect(berlin.body.points).toEqual([
      {
        start: '2026-03-01T23:00:00.000Z',
        clicks: 4,
        uniqueVisitors: 3,
        connects: 2,
        attributedPlays: 3,
        attributedPlaysByTier: { high: 2, medium: 1, low: 0 },
        creditedPlays: 2.5,
        listeners: 2,
      },
      {
        start: '2026-03-02T23:00:00.000Z',
        clicks: 1,
        uniqueVisitors: 1,
        connects: 1,
        attributedPlays: 1,
        attributedPlaysByTier: { high: 0, medium: 0, low: 1 },
        creditedPlays: 0.25,
        listeners: 1,
      },
    ]);
    const hourly = await get(
      `/analytics/timeseries?from=${D1}T09:00:00Z&to=${D1}T14:00:00Z&granularity=hour&tz=UTC`,
    ).expect(200);
    expect(
      hourly.body.points.map((p: { start: string; clicks: number; attributedPlays: number }) => [
        p.start.slice(11, 13),
        p.clicks,
        p.attributedPlays,
      ]),
    ).toEqual([
      ['09', 0, 0],
      ['10', 2, 0],
      ['11', 1, 1],
      ['12', 1, 1],
      ['13', 0, 1],
    ]);
    const weekly = await get(`/analytics/timeseries?${RANGE}&granularity=week&tz=UTC`).expect(200);
    expect(weekly.body.points).toHaveLength(1);
    expect(weekly.body.points[0]).toMatchObject({
      start: '2026-03-02T00:00:00.000Z',
      clicks: 5,
      attributedPlays: 4,
    });
    expect(weekly.body.completeness.share).toBe(0.889197);
  });

  it('ranks top tracks with their names, from the rollup or, filtered by link, from attributions', async () => {
    const res = await get(`/analytics/top-tracks?${RANGE}`).expect(200);
    expect(res.body.items).toEqual([
      {
        trackId: t1,
        name: 'Song, "Quoted"',
        artistNames: ['Test Artist'],
        imageUrl: null,
        attributedPlays: 2,
        creditedPlays: 2,
        share: 0.5,
      },
      {
        trackId: t2,
        name: 'Second Song',
        artistNames: ['Test Artist'],
        imageUrl: null,
        attributedPlays: 1,
        creditedPlays: 0.5,
        share: 0.25,
      },
      {
        trackId: t3,
        name: '=Formula Song',
        artistNames: ['Test Artist'],
        imageUrl: null,
        attributedPlays: 1,
        creditedPlays: 0.25,
        share: 0.25,
      },
    ]);
    const high = await get(`/analytics/top-tracks?${RANGE}&tier=high&limit=1`).expect(200);
    expect(high.body.items).toEqual([expect.objectContaining({ trackId: t1, attributedPlays: 2, share: 1 })]);
    const viaB = await get(`/analytics/top-tracks?${RANGE}&linkId=${linkB}`).expect(200);
    expect(viaB.body.items).toEqual([
      expect.objectContaining({ trackId: t3, attributedPlays: 1, creditedPlays: 0.25 }),
    ]);
  });

  it('compares links and channels', async () => {
    const res = await get(`/analytics/links?${RANGE}`).expect(200);
    expect(res.body.links).toEqual([
      expect.objectContaining({
        linkId: linkA,
        label: 'Instagram',
        utmSource: 'instagram',
        clicks: 3,
        uniqueVisitors: 2,
        connects: 2,
        connectRate: 1,
        attributedPlays: 3,
        creditedPlays: 2.5,
        listeners: 2,
        playsPerClick: 1,
      }),
      expect.objectContaining({
        linkId: linkB,
        clicks: 2,
        uniqueVisitors: 2,
        connects: 1,
        connectRate: 0.5,
        attributedPlays: 1,
        creditedPlays: 0.25,
        listeners: 1,
        playsPerClick: 0.5,
      }),
    ]);
    expect(
      res.body.channels.map((c: { utmSource: string; clicks: number }) => [c.utmSource, c.clicks]),
    ).toEqual([
      ['instagram', 3],
      ['newsletter', 2],
    ]);
  });

  it('answers retention and completeness of the attributed listeners', async () => {
    const retention = await get(`/analytics/retention?${RANGE}`).expect(200);
    expect(retention.body).toMatchObject({
      cohort: 3,
      windows: [
        { window: 'days1to7', fromDay: 1, toDay: 7, eligible: 3, retained: 1, share: 0.333333 },
        { window: 'days8to14', fromDay: 8, toDay: 14, eligible: 3, retained: 1, share: 0.333333 },
        { window: 'days15to28', fromDay: 15, toDay: 28, eligible: 3, retained: 1, share: 0.333333 },
      ],
    });
    const completeness = await get(`/analytics/completeness?${RANGE}&linkId=${linkB}`).expect(200);
    expect(completeness.body.completeness).toMatchObject({
      share: 1,
      listeners: 1,
      connectedHours: 14.917,
      gapHours: 0,
    });
  });

  it('counts clicks through /l/{slug} (bots and HEAD apart) within a rollup run', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await click(server.url, `/l/${slugA}`).expect(302);
    await click(server.url, `/l/${slugA}`, { 'User-Agent': 'Twitterbot/1.0' }).expect(302);
    await request(server.url).head(`/l/${slugA}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    await processAll();
    const res = await get(`/analytics/funnel?from=${today}T00:00:00Z&tz=UTC`).expect(200);
    expect(res.body).toMatchObject({ clicks: 1, botClicks: 2, uniqueVisitors: 1 });
  });

  it('keeps the incremental rollups exactly equal to a rebuild from the raw tables', async () => {
    // One statement writing many clicks over hours, as the click buffer does (before the range the tests below read).
    const listener = await kit.listener('2026-02-01T00:00:00Z');
    await kit.sql(
      `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, utm_source, is_bot, is_head,
                           is_first_visit, listener_id)
       SELECT gen_random_uuid(), CASE WHEN n % 3 = 0 THEN $2::uuid ELSE $3::uuid END, $1,
              '2026-02-20T10:00:00Z'::timestamptz + n * interval '7 minutes', gen_random_uuid(), 'abc',
              CASE WHEN n % 4 = 0 THEN NULL ELSE 'batch' END, n % 5 = 0, n % 7 = 0, n % 2 = 0,
              CASE WHEN n = 11 THEN $4::uuid END
         FROM generate_series(1, 40) n`,
      [campaignId, linkA, linkB, listener],
    );
    await processAll();
    const incremental = await kit.rollupSnapshot();
    expect(incremental['analytics_connects']).toHaveLength(4); // three from the clicks above, one from the batch
    await rollups.rebuildAll();
    expect(await kit.rollupSnapshot()).toEqual(incremental);
    await rollups.rebuildCampaignAttributionRollups(campaignId);
    await rollups.rebuildCampaignClickRollups(campaignId);
    expect(await kit.rollupSnapshot()).toEqual(incremental);
  });

  it('switches to the current attribution generation', async () => {
    await kit.sql('UPDATE campaigns SET attribution_generation = 2 WHERE id = $1', [campaignId]);
    const res = await get(`/analytics/funnel?${RANGE}`).expect(200);
    expect(res.body).toMatchObject({ attributedPlays: 1, creditedPlays: 0.1, listeners: 1 });
    await kit.sql('UPDATE campaigns SET attribution_generation = 1 WHERE id = $1', [campaignId]);
  });

  it('validates the query with the field and the reason', async () => {
    const cases: Array<[string, string, string]> = [
      ['from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z', 'from', 'must be before to'],
      [
        'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&granularity=hour',
        'granularity',
        'hour allows ranges of at most 400 days (this one has 731)',
      ],
      ['tz=Mars/Olympus', 'tz', 'must be an IANA time zone such as Europe/Berlin or UTC'],
      ['granularity=month', 'granularity', 'must be one of hour, day, week'],
      ['from=yesterday', 'from', 'must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z'],
      ['linkId=abc', 'linkId', 'must be a link id (UUID)'],
      ['tier=certain', 'tier', 'must be one of high, medium, low'],
      ['colour=blue', 'colour', 'is not a known field'],
    ];
    for (const [query, field, reason] of cases) {
      const res = await get(`/analytics/funnel?${query}`);
      expect([query, res.status, res.body.details]).toEqual([query, 400, [{ field, reason }]]);
    }
  });

  it('answers 404 for another owner’s campaign and 403 to a key without analytics:read', async () => {
    const other = await registerOwner(server.url);
    const paths = [
      'analytics/funnel',
      'analytics/timeseries',
      'analytics/top-tracks',
      'analytics/links',
      'analytics/retention',
      'analytics/lift',
      'analytics/completeness',
      'export?dataset=attributions',
      'stream',
    ];
    const narrow = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'no analytics', scopes: ['campaigns:read'] })
      .expect(201);
    for (const path of paths) {
      const theirs = await other.agent.get(`/api/v1/campaigns/${campaignId}/${path}`);
      expect([path, theirs.status, theirs.body.error]).toEqual([path, 404, 'NotFound']);
      const scoped = await request(server.url)
        .get(`/api/v1/campaigns/${campaignId}/${path}`)
        .set('Authorization', `Bearer ${narrow.body.secret}`);
      expect([path, scoped.status, scoped.body.error]).toEqual([path, 403, 'MissingScope']);
    }
  });

  it('exports attributions as streamed CSV with escaping, and as JSON', async () => {
    const csv = await get(`/export?dataset=attributions&format=csv&${RANGE}`).buffer(true).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="soundlink-${campaignId.slice(0, 8)}-attributions-20260302-20260304.csv"`,
    );
    expect(csv.headers['transfer-encoding']).toBe('chunked');
    expect(csv.headers['content-length']).toBeUndefined();
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'playId,trackId,trackName,playedAt,listenerId,clickId,linkId,utmSource,score,tier,reasons,credit,modelVersion',
    );
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
    expect(lines[1]).toContain(
      `,${t3},'=Formula Song,2026-03-03T10:00:00.000Z,${ids.L3},${ids.c6},${linkB},newsletter,`,
    );
    expect(lines[4]).toContain(`,${t1},"Song, ""Quoted""",2026-03-02T11:00:00.000Z,`);
    expect(lines[4]).toContain(`,high,CONTEXT_DESTINATION|TIME_DECAY,1,${MODEL_VERSION}`);

    const json = await get(`/export?dataset=attributions&format=json&${RANGE}&tier=high`).expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.body.map((r: { trackName: string; playedAt: string }) => [r.trackName, r.playedAt])).toEqual([
      ['Song, "Quoted"', '2026-03-02T13:00:00.000Z'],
      ['Song, "Quoted"', '2026-03-02T11:00:00.000Z'],
    ]);
    expect(json.body[0]).toMatchObject({
      listenerId: ids.L2,
      clickId: ids.c2,
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY'],
    });
  });

  it('exports the figure datasets', async () => {
    const funnel = await get(`/export?dataset=funnel&format=json&${RANGE}`).expect(200);
    expect(funnel.body).toEqual([
      expect.objectContaining({
        clicks: 5,
        uniqueVisitors: 4,
        connects: 3,
        attributedPlays: 4,
        creditedPlays: 2.75,
        completeness: 0.889197,
      }),
    ]);
    const series = await get(`/export?dataset=timeseries&format=csv&${RANGE}&tz=UTC`)
      .buffer(true)
      .expect(200);
    expect(series.text.split('\r\n').slice(0, 3)).toEqual([
      'start,clicks,uniqueVisitors,connects,attributedPlays,highPlays,mediumPlays,lowPlays,creditedPlays,listeners',
      '2026-03-02T00:00:00.000Z,4,3,2,3,2,1,0,2.5,2',
      '2026-03-03T00:00:00.000Z,1,1,1,1,0,0,1,0.25,1',
    ]);
    const tracks = await get(`/export?dataset=top-tracks&format=csv&${RANGE}`).buffer(true).expect(200);
    expect(tracks.text.split('\r\n')[1]).toBe(`1,${t1},"Song, ""Quoted""",Test Artist,2,2,0.5`);
    const links = await get(`/export?dataset=links&format=json&${RANGE}`).expect(200);
    expect(links.body.map((l: { slug: string; clicks: number }) => l.clicks)).toEqual([3, 2]);
    const bad = await get('/export?dataset=everything');
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      {
        field: 'dataset',
        reason: 'must be one of attributions, funnel, timeseries, top-tracks, links, segments, lift',
      },
    ]);
  });

  it('streams large exports in batches, newest first, each row once', async () => {
    const listener = await kit.listener('2026-02-01T00:00:00Z');
    const clickId = await kit.click({
      campaignId,
      linkId: linkA,
      at: '2026-02-01T00:00:00Z',
      listenerId: listener,
    });
    await kit.sql(
      `WITH p AS (
         INSERT INTO plays (listener_id, played_at, track_id, source)
         SELECT $1, timestamptz '2026-02-01T01:00:00Z' + n * interval '1 minute', $2, 'poll' FROM generate_series(1, 2500) n
         RETURNING id, played_at)
       INSERT INTO attributions (play_id, campaign_id, generation, click_id, link_id, listener_id, track_id, played_at,
                                 clicked_at, score, tier, reasons, credit, model_version)
       SELECT p.id, $3, 1, $4, $5, $1, $2, p.played_at, '2026-02-01T00:00:00Z', 0.5, 'low', '{}', 1, '${MODEL_VERSION}' FROM p`,
      [listener, t2, campaignId, clickId, linkA],
    );
    const res = await get('/export?dataset=attributions&from=2026-02-01T00:00:00Z&to=2026-02-03T00:00:00Z')
      .buffer(true)
      .expect(200);
    const rows = res.text.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(2500);
    const times = rows.map((r) => r.split(',')[3] as string);
    expect(new Set(times).size).toBe(2500);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('streams live events (SSE): a click within a second of /l/{slug}, with the session cookie or a key', async () => {
    const login = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: owner.email, password: PASSWORD })
      .expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const sse = await openSse(`${server.url}/api/v1/campaigns/${campaignId}/stream`, { cookie });
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['cache-control']).toBe('no-cache, no-transform');
    const key = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'dashboard', scopes: ['analytics:read'] })
      .expect(201);
    const viaKey = await openSse(`${server.url}/api/v1/campaigns/${campaignId}/stream`, {
      authorization: `Bearer ${key.body.secret}`,
    });
    expect(viaKey.status).toBe(200);

    const sent = Date.now();
    await click(server.url, `/l/${slugA}`).expect(302);
    const event = await sse.next('click', 2_000);
    expect(event.receivedAt - sent).toBeLessThan(1_000);
    expect(event.data).toMatchObject({ type: 'click', linkId: linkA, utmSource: 'instagram', bot: false });
    await viaKey.next('click', 2_000);

    // Others publish through LiveEvents (the connect flow, the attribution engine's domain event).
    const { LiveEvents } = await import('../src/modules/analytics/live-events.service');
    server.app
      .get(LiveEvents)
      .publish(campaignId, { type: 'connect', listenerId: ids.L1 as string, at: new Date().toISOString() });
    expect((await sse.next('connect')).data).toMatchObject({ type: 'connect', listenerId: ids.L1 });
    viaKey.close();
    await viaKey.ended;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.app.get(LiveEvents).stats.streams).toBe(1);

    // Shutdown ends open streams at once instead of waiting for the 10 s cut-off.
    const started = Date.now();
    stopped = true;
    await Promise.all([server.stop(), sse.ended]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
