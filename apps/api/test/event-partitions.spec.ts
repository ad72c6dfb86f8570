import { Client } from 'pg';
import { EventPartitions } from '../src/database/partitions/event-partitions.service';
import { EventPartitionsScheduler } from '../src/database/partitions/event-partitions.scheduler';
import { PartitionClock } from '../src/database/partitions/partition-clock.service';
import { addMonths, monthRange, monthStart } from '../src/database/partitions/partition-ranges';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { AnalyticsKit } from './analytics-kit';
import { BROWSER_UA, click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { itWithConcurrentSessions } from './support/test-database';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Issue 20, "Partitioned event tables": clicks and plays are partitioned by month; a job creates the partitions
 * ahead of the clock, rows outside them are never refused, and retention drops whole expired months without
 * touching the figures the dashboard shows.
 */
describe('partitioned clicks and plays', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let owner: SignedInOwner;
  let campaignId: string;
  let linkId: string;
  let slug: string;
  let track: string;

  const partitionsOf = async (table: string) =>
    (
      await kit.sql<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = $1::regclass ORDER BY 1`,
        [table],
      )
    ).map((row) => row.name);
  const partitionOfClick = async (id: string) =>
    (await kit.sql<{ p: string }>('SELECT tableoid::regclass::text AS p FROM clicks WHERE id = $1', [id]))[0]
      ?.p;
  const partitionOfPlay = async (id: string) =>
    (await kit.sql<{ p: string }>('SELECT tableoid::regclass::text AS p FROM plays WHERE id = $1', [id]))[0]
      ?.p;
  const funnelClicks = async (from: string, to: string) =>
    (
      await owner.agent
        .get(`/api/v1/campaigns/${campaignId}/analytics/funnel?from=${from}&to=${to}`)
        .expect(200)
    ).body.clicks as number;
  const processRollups = async () => {
    await server.app.get(ClickBuffer).flush();
    await server.app.get(AnalyticsRollups).processPending(1_000);
  };

  beforeAll(async () => {
    server = await startTestServer();
    kit = await AnalyticsKit.connect(server.database.url);
    owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 1)!;
    track = album.trackIds[0]!;
    campaignId = (
      await createCampaign(owner, {
        name: 'Partitions',
        destination: `spotify:album:${album.id}`,
        timezone: 'UTC',
      }).expect(201)
    ).body.id;
    const link = (await createLink(owner, campaignId, { label: 'Main' }).expect(201)).body;
    linkId = link.id;
    slug = link.slug;
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it('starts with the current month and the next three, for clicks and plays, and a DEFAULT partition', async () => {
    const now = new Date();
    for (const table of ['clicks', 'plays'] as const) {
      const expected = [0, 1, 2, 3].map((i) => monthRange(table, addMonths(monthStart(now), i)).name);
      const partitions = await partitionsOf(table);
      expect(partitions).toEqual(expect.arrayContaining([...expected, `${table}_default`]));
    }
  });

  it("stores a redirect's click in the current month's partition, counted once by the funnel", async () => {
    const res = await click(server.url, `/l/${slug}`, { 'User-Agent': BROWSER_UA }).expect(302);
    expect(res.headers['location']).toBeDefined();
    await processRollups();
    const [row] = await kit.sql<{ id: string }>('SELECT id FROM clicks WHERE link_id = $1', [linkId]);
    expect(await partitionOfClick(row!.id)).toBe(monthRange('clicks', new Date()).name);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await funnelClicks(`${today}T00:00:00Z`, `${tomorrow}T00:00:00Z`)).toBe(1);
  });

  it('creates the partitions of the months ahead when the clock moves on', async () => {
    const clock = server.app.get(PartitionClock);
    const offset = addMonths(monthStart(new Date()), 5).getTime() + 86_400_000 - Date.now();
    clock.advance(offset);
    const created = await server.app.get(EventPartitionsScheduler).run();
    const expected = [5, 6, 7].map((i) => addMonths(monthStart(new Date()), i));
    for (const table of ['clicks', 'plays'] as const) {
      for (const month of expected) expect(created).toContain(monthRange(table, month).name);
      expect(await partitionsOf(table)).toEqual(
        expect.arrayContaining(expected.map((month) => monthRange(table, month).name)),
      );
    }
    // A second run at the same time has nothing left to do.
    expect(await server.app.get(EventPartitionsScheduler).run()).toEqual([]);
    clock.advance(-offset);
  });

  it('never refuses an old imported play or a far-future click, and files the old one under its year', async () => {
    const listener = await kit.listener('2010-01-01T00:00:00Z');
    const oldPlay = await kit.play(listener, track, '2012-05-06T07:08:09Z', 'import');
    const future = await kit.click({ campaignId, linkId, at: '2099-01-01T00:00:00Z' });
    expect(await partitionOfPlay(oldPlay)).toBe('plays_default');
    expect(await partitionOfClick(future)).toBe('clicks_default');

    const trendsBefore = await kit.sql('SELECT count(*)::int AS n FROM trends_play_queue');
    const created = await server.app.get(EventPartitionsScheduler).run();
    expect(created).toContain('plays_y2012');
    expect(await partitionOfPlay(oldPlay)).toBe('plays_y2012');
    // Ten years ahead is a clock gone wrong: the click stays readable in DEFAULT, no partition for it.
    expect(await partitionOfClick(future)).toBe('clicks_default');
    // Moving rows between partitions is not an insert: no trigger of the parent fired.
    expect(await kit.sql('SELECT count(*)::int AS n FROM trends_play_queue')).toEqual(trendsBefore);
  });

  itWithConcurrentSessions(
    'an import while a long report holds plays: its rows wait in DEFAULT instead of failing, then get their year',
    async () => {
      const report = new Client({ connectionString: server.database.url });
      await report.connect();
      const listener = await kit.listener('2000-01-01T00:00:00Z');
      const partitions = server.app.get(EventPartitions);
      const at = new Date('2004-03-02T01:00:00Z');
      let play: string;
      try {
        await report.query('BEGIN');
        await report.query('SELECT count(*) FROM plays'); // holds plays until it ends
        // What the history import does before writing a batch: it gives up on the partition after 2 s.
        expect(await partitions.ensureCovering('plays', [at], new Date())).toEqual([]);
        play = await kit.play(listener, track, at.toISOString(), 'import');
        expect(await partitionOfPlay(play)).toBe('plays_default');
      } finally {
        await report.query('ROLLBACK');
        await report.end();
      }
      expect(await server.app.get(EventPartitionsScheduler).run()).toContain('plays_y2004');
      expect(await partitionOfPlay(play)).toBe('plays_y2004');
    },
  );

  it('refreshes the statistics of clicks and plays as a whole every six hours (autovacuum never does)', async () => {
    const parentStats = async () =>
      (
        await kit.sql<{ tablename: string }>(
          `SELECT DISTINCT tablename FROM pg_stats
            WHERE schemaname = 'public' AND tablename IN ('clicks', 'plays') AND inherited ORDER BY 1`,
        )
      ).map((row) => row.tablename);
    // The migration analyzed the tables empty: the planner knows nothing of the rows stored since.
    expect(await parentStats()).toEqual([]);
    await server.app.get(EventPartitionsScheduler).tick();
    expect(await parentStats()).toEqual(['clicks', 'plays']);
  });

  it('moves the rows DEFAULT already holds into a month created later', async () => {
    const month = addMonths(monthStart(new Date()), -2);
    const at = new Date(month.getTime() + 3 * 86_400_000).toISOString();
    const id = await kit.click({ campaignId, linkId, at });
    expect(await partitionOfClick(id)).toBe('clicks_default');
    expect(await server.app.get(EventPartitionsScheduler).run()).toContain(monthRange('clicks', month).name);
    expect(await partitionOfClick(id)).toBe(monthRange('clicks', month).name);
    const [{ n }] = await kit.sql<{ n: number }>('SELECT count(*)::int AS n FROM clicks WHERE id = $1', [id]);
    expect(n).toBe(1);
  });

  it('drops only the months wholly before the cutoff, and the funnel keeps their clicks', async () => {
    const thisMonth = monthStart(new Date());
    const old = addMonths(thisMonth, -3);
    const recent = addMonths(thisMonth, -1);
    const oldClick = await kit.click({
      campaignId,
      linkId,
      at: new Date(old.getTime() + 86_400_000).toISOString(),
    });
    const recentClick = await kit.click({
      campaignId,
      linkId,
      at: new Date(recent.getTime() + 86_400_000).toISOString(),
    });
    await server.app.get(EventPartitionsScheduler).run();
    await processRollups();
    const from = addMonths(thisMonth, -4).toISOString();
    const to = addMonths(thisMonth, 1).toISOString();
    const before = await funnelClicks(from, to);
    expect(before).toBeGreaterThanOrEqual(3);

    // The cutoff falls inside last month: only the older months go.
    const cutoff = new Date(recent.getTime() + 10 * 86_400_000);
    const dropped = await server.app.get(EventPartitions).dropPartitionsOlderThan('clicks', cutoff);
    expect(dropped).toEqual(expect.arrayContaining([monthRange('clicks', old).name]));
    expect(dropped).not.toContain(monthRange('clicks', recent).name);
    expect(dropped).not.toContain('clicks_default');
    expect(await partitionOfClick(oldClick)).toBeUndefined();
    expect(await partitionOfClick(recentClick)).toBe(monthRange('clicks', recent).name);
    // Dropping is not a delete: nothing was queued to take the clicks off the rollups.
    expect(await kit.sql('SELECT * FROM analytics_click_queue')).toEqual([]);

    await processRollups();
    expect(await funnelClicks(from, to)).toBe(before);
  });
});
