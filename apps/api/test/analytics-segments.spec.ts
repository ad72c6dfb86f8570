import request from 'supertest';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { AnalyticsKit } from './analytics-kit';
import { createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

// T is every listener's credited click; the range holds their first attributed plays (docs/analytics.md,
// "Listener segments"). 28 days are 672 hours.
const T = Date.parse('2026-03-02T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(T + offsetMs).toISOString();
const RANGE = 'from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z';

const ARTIST = 'SegmentArtist000000001';
const OTHER_ARTIST = 'SegmentOtherArtist0001';
const ARTIST_OTHER_SONG = 'SegmentArtistSong00001';
const UNRELATED = 'SegmentUnrelated000001';

describe('listener segments (new, reactivated, amplified, steady, unknown)', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let owner: SignedInOwner;
  let campaignId: string;
  let linkId: string;
  let campaignTrack: string;
  let albumId: string;
  const ids: Record<string, string> = {};

  const get = (path: string) => owner.agent.get(`/api/v1/campaigns/${campaignId}${path}`);

  /**
   * A listener reached at T: connected at `consentedAt`, a counted click at T linked to them (and earlier ones
   * if given), and `attributed` plays of a campaign track after T, attributed through the click at T.
   */
  async function reached(
    consentedAt: number,
    options: { earlierClicks?: number[]; attributed?: number; campaign?: string; link?: string } = {},
  ) {
    const campaign = options.campaign ?? campaignId;
    const link = options.link ?? linkId;
    const listenerId = await kit.listener(at(consentedAt));
    for (const offset of options.earlierClicks ?? []) {
      await kit.click({ campaignId: campaign, linkId: link, at: at(offset), listenerId });
    }
    const clickId = await kit.click({ campaignId: campaign, linkId: link, at: at(0), listenerId });
    for (let i = 1; i <= (options.attributed ?? 1); i++) {
      const playId = await kit.play(listenerId, campaignTrack, at(i * HOUR));
      await kit.attribute({ campaignId: campaign, playId, clickId, tier: 'high', credit: 1 });
    }
    return listenerId;
  }

  beforeAll(async () => {
    server = await startTestServer();
    kit = await AnalyticsKit.connect(server.database.url);
    owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 2);
    if (!album) throw new Error('no sandbox album with 2 tracks');
    const created = await createCampaign(owner, {
      name: 'Segments',
      destination: `spotify:album:${album.id}`,
      timezone: 'UTC',
    }).expect(201);
    campaignId = created.body.id;
    campaignTrack = album.trackIds[0] as string;
    albumId = album.id;
    linkId = (await createLink(owner, campaignId, { label: 'Bio' }).expect(201)).body.id;
    // Clicks weeks before today's creation are the scenario's: no start date, a 7-day window.
    await kit.sql('UPDATE campaigns SET starts_at = NULL, attribution_window_hours = 168 WHERE id = $1', [
      campaignId,
    ]);
    // The catalog: the album's tracks are by ARTIST (one with a featured artist); ARTIST has another song.
    const track = (id: string, artists: string[]) =>
      kit.sql(
        `INSERT INTO tracks (id, name, artist_ids, artist_names) VALUES ($1, $1, $2, $2)
         ON CONFLICT (id) DO UPDATE SET artist_ids = EXCLUDED.artist_ids, artist_names = EXCLUDED.artist_names`,
        [id, artists],
      );
    await track(campaignTrack, [ARTIST]);
    await track(album.trackIds[1] as string, [ARTIST, OTHER_ARTIST]);
    await track(ARTIST_OTHER_SONG, [ARTIST]);
    await track(UNRELATED, ['SomebodyElse0000000001']);
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it('seeds one hand-built history per segment and boundary', async () => {
    // new: connected 30 days before, only other music in the 28 days; 3 attributed plays.
    ids.new = await reached(-30 * DAY, { attributed: 3 });
    await kit.play(ids.new, UNRELATED, at(-5 * DAY));
    // new, at the boundary: history observed from exactly 28 days (672 h) before the click.
    ids.exact = await reached(-28 * DAY);
    // new: the artist played between the listener's first click (T - 2 d) and the credited one (T): after the
    // first click, so not before it.
    ids.twoClicks = await reached(-40 * DAY, { earlierClicks: [-2 * DAY] });
    await kit.play(ids.twoClicks, ARTIST_OTHER_SONG, at(-1 * DAY));
    // reactivated: connected just after the click; the connect-time read reaches 29 days back, and the
    // imported streaming history holds the artist 60 days before.
    ids.reactivated = await reached(5 * 60_000);
    await kit.play(ids.reactivated, UNRELATED, at(-29 * DAY), 'baseline');
    await kit.play(ids.reactivated, UNRELATED, at(-1 * DAY), 'baseline');
    await kit.play(ids.reactivated, ARTIST_OTHER_SONG, at(-60 * DAY), 'import');
    await kit.play(ids.reactivated, UNRELATED, at(-35 * DAY), 'import');
    // reactivated, at the boundary: the artist one second before the 28 days.
    ids.reactivatedEdge = await reached(-40 * DAY);
    await kit.play(ids.reactivatedEdge, ARTIST_OTHER_SONG, at(-28 * DAY - 1000));
    // amplified: 2 artist plays in the 28 days (1/14 per day), 2 in the 7 days after (2/7 per day).
    ids.amplified = await reached(-40 * DAY);
    await kit.play(ids.amplified, ARTIST_OTHER_SONG, at(-10 * DAY));
    await kit.play(ids.amplified, ARTIST_OTHER_SONG, at(-3 * DAY));
    await kit.play(ids.amplified, ARTIST_OTHER_SONG, at(2 * DAY));
    // amplified, at the boundary: the one play before is exactly 28 days before the click (1/28 < 1/7).
    ids.amplifiedEdge = await reached(-40 * DAY);
    await kit.play(ids.amplifiedEdge, ARTIST_OTHER_SONG, at(-28 * DAY));
    // steady: 4 plays before (1/7 per day), 1 after in 7 days (1/7 per day): not more.
    ids.steady = await reached(-40 * DAY);
    for (const d of [-20, -15, -10, -5]) await kit.play(ids.steady, ARTIST_OTHER_SONG, at(d * DAY));
    // unknown: history short by a day (27 observed days), though the artist was played.
    ids.short = await reached(-27 * DAY);
    await kit.play(ids.short, ARTIST_OTHER_SONG, at(-3 * DAY));
    // unknown: connected long before, but one day of it is an observation gap.
    ids.gap = await reached(-40 * DAY);
    await kit.gap(ids.gap, at(-10 * DAY), at(-9 * DAY));
    // unknown: the usual case, connected at the click with 2 days of recently played.
    ids.baseline = await reached(5 * 60_000);
    await kit.play(ids.baseline, UNRELATED, at(-2 * DAY), 'baseline');
    await kit.play(ids.baseline, UNRELATED, at(-1 * HOUR), 'baseline');

    await server.app.get(AnalyticsRollups).processPending(10_000);
  });

  it('classifies every listener reached, with plays, shares and the observed coverage', async () => {
    const res = await get(`/analytics/segments?${RANGE}`).expect(200);
    expect(res.body).toMatchObject({
      baselineDays: 28,
      afterWindowHours: 168,
      artists: [
        { id: ARTIST, name: ARTIST },
        { id: OTHER_ARTIST, name: OTHER_ARTIST },
      ],
      artistCount: 2,
      listeners: 11,
      plays: 13,
      segments: [
        { segment: 'new', listeners: 3, plays: 5, share: 0.272727, playsShare: 0.384615 },
        { segment: 'reactivated', listeners: 2, plays: 2, share: 0.181818, playsShare: 0.153846 },
        { segment: 'amplified', listeners: 2, plays: 2, share: 0.181818, playsShare: 0.153846 },
        { segment: 'steady', listeners: 1, plays: 1, share: 0.090909, playsShare: 0.076923 },
        { segment: 'unknown', listeners: 3, plays: 3, share: 0.272727, playsShare: 0.230769 },
      ],
      coverage: {
        fullyObserved: 8,
        share: 0.727273,
        // All but `exact`, whose history starts exactly at the 28 days.
        withOlderHistory: 7,
        // (27 + 27 + 2) / 3
        unknownMeanObservedDays: 18.666667,
        unknownByObservedDays: [
          { fromDays: 0, toDays: 1, listeners: 0 },
          { fromDays: 1, toDays: 7, listeners: 1 },
          { fromDays: 7, toDays: 14, listeners: 0 },
          { fromDays: 14, toDays: 28, listeners: 2 },
        ],
      },
      range: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' },
    });
    expect(res.body.completeness).toEqual(expect.objectContaining({ share: expect.any(Number) }));
  });

  it('applies the range and the filters to the listeners reached', async () => {
    const later = await get('/analytics/segments?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z').expect(
      200,
    );
    expect(later.body).toMatchObject({ listeners: 0, plays: 0, coverage: { fullyObserved: 0, share: null } });
    expect(later.body.segments.map((s: { share: number }) => s.share)).toEqual([0, 0, 0, 0, 0]);
    const low = await get(`/analytics/segments?${RANGE}&tier=low`).expect(200);
    expect(low.body.listeners).toBe(0);
    const linked = await get(`/analytics/segments?${RANGE}&linkId=${linkId}`).expect(200);
    expect(linked.body.listeners).toBe(11);
  });

  it('needs all 672 hours observed: a history short by a millisecond is unknown', async () => {
    // `exact` connected 1 ms later: its history is short of the 28 days by 1 ms.
    await kit.sql('UPDATE listeners SET consented_at = $2 WHERE id = $1', [ids.exact, at(-28 * DAY + 1)]);
    const res = await get(`/analytics/segments?${RANGE}`).expect(200);
    const by = Object.fromEntries(
      (res.body.segments as Array<{ segment: string; listeners: number }>).map((s) => [
        s.segment,
        s.listeners,
      ]),
    );
    expect(by).toEqual({ new: 2, reactivated: 2, amplified: 2, steady: 1, unknown: 4 });
    await kit.sql('UPDATE listeners SET consented_at = $2 WHERE id = $1', [ids.exact, at(-28 * DAY)]);
  });

  it('exports the segments as CSV and JSON', async () => {
    const csv = await get(`/export?dataset=segments&format=csv&${RANGE}`).buffer(true).expect(200);
    expect(csv.headers['content-disposition']).toMatch(/-segments-20260302-20260304\.csv"$/);
    expect(csv.text.split('\r\n')).toEqual([
      'from,to,segment,listeners,plays,share,playsShare',
      '2026-03-02T00:00:00.000Z,2026-03-04T00:00:00.000Z,new,3,5,0.272727,0.384615',
      '2026-03-02T00:00:00.000Z,2026-03-04T00:00:00.000Z,reactivated,2,2,0.181818,0.153846',
      '2026-03-02T00:00:00.000Z,2026-03-04T00:00:00.000Z,amplified,2,2,0.181818,0.153846',
      '2026-03-02T00:00:00.000Z,2026-03-04T00:00:00.000Z,steady,1,1,0.090909,0.076923',
      '2026-03-02T00:00:00.000Z,2026-03-04T00:00:00.000Z,unknown,3,3,0.272727,0.230769',
      '',
    ]);
    const json = await get(`/export?dataset=segments&format=json&${RANGE}`).expect(200);
    expect(json.body).toHaveLength(5);
    expect(json.body[0]).toEqual({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-04T00:00:00.000Z',
      segment: 'new',
      listeners: 3,
      plays: 5,
      share: 0.272727,
      playsShare: 0.384615,
    });
  });

  it('answers the worked example of docs/analytics.md', async () => {
    const created = await createCampaign(owner, {
      name: 'Worked example',
      destination: `spotify:album:${albumId}`,
      timezone: 'UTC',
    }).expect(201);
    const campaign = created.body.id as string;
    const link = (await createLink(owner, campaign, { label: 'Bio' }).expect(201)).body.id as string;
    await kit.sql('UPDATE campaigns SET starts_at = NULL, attribution_window_hours = 168 WHERE id = $1', [
      campaign,
    ]);
    const target = { campaign, link };
    const day = (iso: string) => Date.parse(iso) - T;
    const ana = await reached(day('2026-03-02T12:04:00Z'), { ...target, attributed: 3 });
    await kit.play(ana, UNRELATED, '2025-05-03T10:00:00Z', 'import');
    await kit.play(ana, UNRELATED, '2026-03-01T20:00:00Z', 'import');
    await kit.play(ana, UNRELATED, '2026-02-28T09:00:00Z', 'baseline');
    const ben = await reached(day('2026-01-10T00:00:00Z'), target);
    await kit.play(ben, ARTIST_OTHER_SONG, '2026-01-15T18:00:00Z');
    await kit.play(ben, ARTIST_OTHER_SONG, '2026-01-20T18:00:00Z');
    const cleo = await reached(day('2026-01-01T00:00:00Z'), { ...target, attributed: 2 });
    await kit.play(cleo, ARTIST_OTHER_SONG, '2026-02-10T18:00:00Z');
    await kit.play(cleo, ARTIST_OTHER_SONG, '2026-02-25T18:00:00Z');
    const dev = await reached(day('2026-01-01T00:00:00Z'), { ...target, attributed: 2 });
    for (let d = 5; d <= 26; d += 3) {
      await kit.play(dev, ARTIST_OTHER_SONG, `2026-02-${String(d).padStart(2, '0')}T18:00:00Z`);
    }
    const eli = await reached(day('2026-03-02T12:03:00Z'), target);
    await kit.play(eli, UNRELATED, '2026-02-28T06:00:00Z', 'baseline');
    const fay = await reached(day('2026-01-01T00:00:00Z'), target);
    await kit.gap(fay, '2026-02-20T08:00:00Z', '2026-02-21T08:00:00Z');
    await server.app.get(AnalyticsRollups).processPending(10_000);

    const res = await owner.agent
      .get(`/api/v1/campaigns/${campaign}/analytics/segments?${RANGE}`)
      .expect(200);
    const { range, completeness, artists, artistCount, ...figures } = res.body;
    expect([range.from, range.to, typeof completeness, artists.length, artistCount]).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-04T00:00:00.000Z',
      'object',
      2,
      2,
    ]);
    expect(figures).toEqual({
      baselineDays: 28,
      afterWindowHours: 168,
      listeners: 6,
      plays: 10,
      segments: [
        { segment: 'new', listeners: 1, plays: 3, share: 0.166667, playsShare: 0.3 },
        { segment: 'reactivated', listeners: 1, plays: 1, share: 0.166667, playsShare: 0.1 },
        { segment: 'amplified', listeners: 1, plays: 2, share: 0.166667, playsShare: 0.2 },
        { segment: 'steady', listeners: 1, plays: 2, share: 0.166667, playsShare: 0.2 },
        { segment: 'unknown', listeners: 2, plays: 2, share: 0.333333, playsShare: 0.2 },
      ],
      coverage: {
        fullyObserved: 4,
        share: 0.666667,
        withOlderHistory: 4,
        unknownMeanObservedDays: 14.625,
        unknownByObservedDays: [
          { fromDays: 0, toDays: 1, listeners: 0 },
          { fromDays: 1, toDays: 7, listeners: 1 },
          { fromDays: 7, toDays: 14, listeners: 0 },
          { fromDays: 14, toDays: 28, listeners: 1 },
        ],
      },
    });
  });

  it('answers 404 for another owner’s campaign, 403 to a key without analytics:read, 400 for bad input', async () => {
    const other = await registerOwner(server.url);
    const theirs = await other.agent.get(`/api/v1/campaigns/${campaignId}/analytics/segments`);
    expect([theirs.status, theirs.body.error]).toEqual([404, 'NotFound']);
    const theirExport = await other.agent.get(`/api/v1/campaigns/${campaignId}/export?dataset=segments`);
    expect(theirExport.status).toBe(404);
    const narrow = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'no analytics', scopes: ['campaigns:read'] })
      .expect(201);
    const scoped = await request(server.url)
      .get(`/api/v1/campaigns/${campaignId}/analytics/segments`)
      .set('Authorization', `Bearer ${narrow.body.secret}`);
    expect([scoped.status, scoped.body.error]).toEqual([403, 'MissingScope']);
    const bad = await get('/analytics/segments?tier=great').expect(400);
    expect(bad.body.details).toEqual([{ field: 'tier', reason: 'must be one of high, medium, low' }]);
  });
});
