import { Client } from 'pg';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { AnalyticsKit } from './analytics-kit';
import { createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase } from './support/test-server';

/**
 * Every analytics figure is defined in UTC, whatever the database's TimeZone setting: each connection pins
 * `TimeZone=UTC` (data-source-options.ts; the embedded PGlite pins its one session). Here the database's own
 * default is America/New_York, whose clocks go forward on 2026-03-08: `timestamptz + 1 day` computed in that
 * zone is 23 hours across the change, which moved retention windows by an hour.
 *
 * On a PostgreSQL server (TEST_DATABASE_URL, CI) the spec sets the zone on a database it creates
 * (ALTER DATABASE … SET timezone); the embedded PostgreSQL has no per-database settings, so there the same
 * figures are only checked against its pinned session.
 */
const ZONE = 'America/New_York';

describe('analytics under a database whose TimeZone is not UTC', () => {
  let database: TestDatabase;
  let app: AppOnDatabase;
  let kit: AnalyticsKit;
  let owner: SignedInOwner;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.kind === 'server') {
      const name = new URL(database.url).pathname.slice(1);
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query(`ALTER DATABASE ${name} SET timezone = '${ZONE}'`);
      } finally {
        await admin.end();
      }
    }
    app = await startAppOnDatabase(database.url, { SOUNDLINK_ROLE: 'api' });
    kit = await AnalyticsKit.connect(database.url);
    owner = await registerOwner(app.url);
    const catalog = await sandboxCatalog(app.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 1);
    if (!album) throw new Error('no sandbox album');
    const created = await createCampaign(owner, {
      name: 'Time zones',
      destination: `spotify:album:${album.id}`,
      timezone: 'UTC',
    }).expect(201);
    campaignId = created.body.id;
    const link = await createLink(owner, campaignId, { label: 'Main' }).expect(201);
    const track = album.trackIds[0] as string;
    await kit.track(track, 'A song');

    // First attributed play 2026-03-07 13:00 UTC; the next one 23.5 hours later, across New York's DST change:
    // day 0 in UTC (not retained), day 1 in New York's arithmetic.
    const listener = await kit.listener('2026-03-07T11:55:00Z');
    const clickId = await kit.click({
      campaignId,
      linkId: link.body.id,
      at: '2026-03-07T11:50:00Z',
      firstVisit: true,
    });
    const first = await kit.play(listener, track, '2026-03-07T13:00:00Z');
    await kit.attribute({ campaignId, playId: first, clickId, tier: 'high', credit: 1 });
    await kit.play(listener, track, '2026-03-08T12:30:00Z');
    await app.app.get(AnalyticsRollups).processPending(1_000);
  });

  afterAll(async () => {
    await kit?.close();
    await app?.stop();
    await database?.drop();
  });

  it('is set up as described: an ordinary connection to the database gets its zone', async () => {
    const [row] = await kit.sql<{ TimeZone: string }>('SHOW TimeZone');
    expect(row?.TimeZone).toBe(database.kind === 'server' ? ZONE : 'UTC');
  });

  it('counts retention windows in whole UTC days', async () => {
    const res = await owner.agent
      .get(
        `/api/v1/campaigns/${campaignId}/analytics/retention?from=2026-03-07T00:00:00Z&to=2026-03-08T00:00:00Z`,
      )
      .expect(200);
    expect(res.body.cohort).toBe(1);
    expect(res.body.windows.map((w: { retained: number }) => w.retained)).toEqual([0, 0, 0]);
  });

  it('keeps day buckets on UTC midnight', async () => {
    const res = await owner.agent
      .get(
        `/api/v1/campaigns/${campaignId}/analytics/timeseries?from=2026-03-07T00:00:00Z&to=2026-03-10T00:00:00Z&granularity=day&tz=UTC`,
      )
      .expect(200);
    expect(res.body.points.map((p: { start: string; clicks: number }) => [p.start, p.clicks])).toEqual([
      ['2026-03-07T00:00:00.000Z', 1],
      ['2026-03-08T00:00:00.000Z', 0],
      ['2026-03-09T00:00:00.000Z', 0],
    ]);
  });
});
