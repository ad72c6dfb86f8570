import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { PartitionClicksAndPlays1796485480659 } from '../src/database/migrations/1796485480659-PartitionClicksAndPlays';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * Issue 20: migration PartitionClicksAndPlays converts clicks and plays holding data. Old rows keep their ids
 * and land in their month's (or old year's) partition; the copy is not counted again by the triggers; after
 * it, every trigger fires exactly once per statement on the parent, and plays.id keeps counting from where it
 * was.
 */
describe('migration PartitionClicksAndPlays on tables holding data', () => {
  let database: TestDatabase;
  let db: DataSource;
  const listener = randomUUID();
  const campaign = randomUUID();
  const link = randomUUID();
  const clickIds = [randomUUID(), randomUUID(), randomUUID()];
  let playIds: string[];

  const one = async <T>(text: string, params: unknown[] = []) => ((await db.query(text, params)) as T[])[0]!;
  const queued = () =>
    one<{ clicks: number; plays: number; trends: number }>(
      `SELECT (SELECT coalesce(sum(clicks), 0)::int FROM analytics_click_queue) AS clicks,
              (SELECT count(*)::int FROM attribution_queue) AS plays,
              (SELECT coalesce(sum(plays), 0)::int FROM trends_play_queue) AS trends`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const before = migrations.filter((m) => m !== PartitionClicksAndPlays1796485480659);
    const old = new DataSource({ ...dataSourceOptions(database.url, 1), migrations: before });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.query(
      `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, is_bot)
       SELECT id, $2, $3, at, gen_random_uuid(), 'hash', false
         FROM unnest($1::uuid[], ARRAY['2019-07-01T10:00:00Z', '2026-01-15T10:00:00Z', now()::text]::timestamptz[])
           AS t(id, at)`,
      [clickIds, link, campaign],
    );
    playIds = (
      (await old.query(
        `INSERT INTO plays (listener_id, played_at, track_id, source)
         VALUES ($1, '2016-03-01T00:00:00Z', 'OldTrack00000000000001', 'import'),
                ($1, now() - interval '40 days', 'Track00000000000000001', 'poll'),
                ($1, now() - interval '1 hour', 'Track00000000000000002', 'poll')
         RETURNING id`,
        [listener],
      )) as Array<{ id: string }>
    ).map((row) => String(row.id));
    await old.destroy();
    db = new DataSource(dataSourceOptions(database.url, 1));
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('keeps every row and id, each in its partition, and counts none of them again', async () => {
    const queuedBefore = await queued();
    expect(queuedBefore).toEqual({ clicks: 3, plays: 2, trends: expect.any(Number) });
    await db.runMigrations({ transaction: 'each' });

    expect(await one('SELECT relkind FROM pg_class WHERE oid = $1::regclass', ['clicks'])).toEqual({
      relkind: 'p',
    });
    expect(await one('SELECT relkind FROM pg_class WHERE oid = $1::regclass', ['plays'])).toEqual({
      relkind: 'p',
    });
    const clicks = (await db.query(
      'SELECT id, tableoid::regclass::text AS partition FROM clicks ORDER BY clicked_at',
    )) as Array<{ id: string; partition: string }>;
    expect(clicks.map((c) => c.id)).toEqual(clickIds);
    expect(clicks[0]!.partition).toBe('clicks_y2019');
    expect(clicks[1]!.partition).toMatch(/^clicks_y2026(m01)?$/);
    const plays = (await db.query(
      'SELECT id, tableoid::regclass::text AS partition FROM plays ORDER BY played_at',
    )) as Array<{ id: string; partition: string }>;
    expect(plays.map((p) => String(p.id))).toEqual(playIds);
    expect(plays[0]!.partition).toBe('plays_y2016');
    expect(plays.every((p) => p.partition !== 'plays_default')).toBe(true);
    expect(await queued()).toEqual(queuedBefore);
  });

  it('fires each trigger once for a statement on the parent, and plays.id goes on from the last id', async () => {
    const queuedBefore = await queued();
    await db.query(
      `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, is_bot)
       VALUES (gen_random_uuid(), $1, $2, now(), gen_random_uuid(), 'hash', false),
              (gen_random_uuid(), $1, $2, '2014-01-01T00:00:00Z', gen_random_uuid(), 'hash', false)`,
      [link, campaign],
    );
    const [{ id }] = (await db.query(
      `INSERT INTO plays (listener_id, played_at, track_id, source)
       VALUES ($1, now(), 'Track00000000000000003', 'poll') RETURNING id`,
      [listener],
    )) as Array<{ id: string }>;
    expect(BigInt(id)).toBe(BigInt(playIds[playIds.length - 1]!) + 1n);
    const after = await queued();
    expect(after.clicks).toBe(queuedBefore.clicks + 2);
    expect(after.plays).toBe(queuedBefore.plays + 1);
    expect(after.trends).toBe(queuedBefore.trends + 1);
    const triggers = (await db.query(
      `SELECT c.relname, count(*)::int AS n FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE NOT g.tgisinternal AND c.relname LIKE ANY (ARRAY['clicks%', 'plays%'])
        GROUP BY 1 ORDER BY 1`,
    )) as Array<{ relname: string; n: number }>;
    // On the parents only: a partition has none of its own to fire a second time.
    expect(triggers.map((t) => t.relname)).toEqual(['clicks', 'plays']);
  });
});
