import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  FirstEventKey,
  FirstEventTable,
  refreshFirstEvents,
} from '../src/modules/analytics/analytics-first-events.repository';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * The one diff-and-apply of the analytics first-event tables (connects, listeners' first plays), on a
 * first-event table of its own in a real database: `events` are the raw rows, `firsts` holds each
 * (campaign, listener)'s first event, `totals` counts the counted firsts per campaign. After any refresh of
 * the keys touched, `firsts` and `totals` must equal their rebuild from `events`.
 */

interface FirstRow extends FirstEventKey {
  event_id: number;
  counted: boolean;
}

describe('first-event tables: one diff-and-apply', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  /** Which of the table's statements ran (writes show here). */
  let ran: string[];

  const table: FirstEventTable<FirstEventKey, FirstRow> = {
    key: (r) => `${r.campaign_id}|${r.listener_id}`,
    same: (a, b) => a.event_id === b.event_id && a.counted === b.counted,
    counts: (r) => r.counted,
    derive: async (manager, scope) => {
      ran.push('derive');
      return (await manager.query(
        `SELECT DISTINCT ON (campaign_id, listener_id) campaign_id, listener_id, event_id, counted
           FROM events WHERE campaign_id = ANY($1::uuid[]) AND listener_id = ANY($2::uuid[])
          ORDER BY campaign_id, listener_id, at, event_id`,
        [scope.campaigns, scope.listeners],
      )) as FirstRow[];
    },
    stored: async (manager, scope) => {
      ran.push('stored');
      return (await manager.query(
        `SELECT campaign_id, listener_id, event_id, counted FROM firsts
          WHERE campaign_id = ANY($1::uuid[]) AND listener_id = ANY($2::uuid[])`,
        [scope.campaigns, scope.listeners],
      )) as FirstRow[];
    },
    delete: async (manager, rows, scope) => {
      ran.push('delete');
      await manager.query(
        `DELETE FROM firsts WHERE campaign_id = ANY($2::uuid[]) AND listener_id = ANY($3::uuid[])
            AND (campaign_id, listener_id) IN (
                  SELECT campaign_id, listener_id FROM json_to_recordset($1::json) AS p(campaign_id uuid, listener_id uuid))`,
        [JSON.stringify(rows), scope.campaigns, scope.listeners],
      );
    },
    insert: async (manager, rows) => {
      ran.push('insert');
      await manager.query(
        `INSERT INTO firsts (campaign_id, listener_id, event_id, counted)
         SELECT campaign_id, listener_id, event_id, counted
           FROM json_to_recordset($1::json) AS p(campaign_id uuid, listener_id uuid, event_id integer, counted boolean)`,
        [JSON.stringify(rows)],
      );
    },
    moveCounts: async (manager, deltas) => {
      ran.push('moveCounts');
      await manager.query(
        `INSERT INTO totals AS t (campaign_id, n)
         SELECT campaign_id, sum(delta) FROM json_to_recordset($1::json) AS d(campaign_id uuid, delta integer)
          GROUP BY 1
         ON CONFLICT (campaign_id) DO UPDATE SET n = t.n + EXCLUDED.n`,
        [JSON.stringify(deltas)],
      );
    },
  };

  const refresh = (keys: FirstEventKey[]) => {
    ran = [];
    return dataSource.transaction((manager: EntityManager) => refreshFirstEvents(manager, table, keys));
  };
  let nextEvent = 1;
  const event = async (campaign: string, listener: string, at: string, counted = true) => {
    const id = nextEvent++;
    await dataSource.query(
      'INSERT INTO events (event_id, campaign_id, listener_id, at, counted) VALUES ($1, $2, $3, $4, $5)',
      [id, campaign, listener, at, counted],
    );
    return id;
  };
  const firsts = async () =>
    (await dataSource.query(
      'SELECT campaign_id, listener_id, event_id, counted FROM firsts ORDER BY campaign_id, listener_id',
    )) as FirstRow[];
  /** The counted firsts per campaign (zero totals included: a campaign whose count went back to zero). */
  const totals = async () =>
    Object.fromEntries(
      (
        (await dataSource.query('SELECT campaign_id, n FROM totals WHERE n <> 0')) as Array<{
          campaign_id: string;
          n: number;
        }>
      ).map((r) => [r.campaign_id, r.n]),
    );
  const rebuilt = async () => {
    const rows = (await dataSource.query(
      `SELECT DISTINCT ON (campaign_id, listener_id) campaign_id, listener_id, event_id, counted
         FROM events ORDER BY campaign_id, listener_id, at, event_id`,
    )) as FirstRow[];
    const counted: Record<string, number> = {};
    for (const r of rows) if (r.counted) counted[r.campaign_id] = (counted[r.campaign_id] ?? 0) + 1;
    return { firsts: rows, totals: counted };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE events (event_id integer PRIMARY KEY, campaign_id uuid NOT NULL, listener_id uuid NOT NULL,
                            at timestamptz NOT NULL, counted boolean NOT NULL)`,
    );
    await dataSource.query(
      `CREATE TABLE firsts (campaign_id uuid, listener_id uuid, event_id integer NOT NULL, counted boolean NOT NULL,
                            PRIMARY KEY (campaign_id, listener_id))`,
    );
    await dataSource.query('CREATE TABLE totals (campaign_id uuid PRIMARY KEY, n integer NOT NULL)');
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE events, firsts, totals');
  });

  it('inserts the first event of new keys and counts only the counted ones', async () => {
    const [a, l1, l2] = [randomUUID(), randomUUID(), randomUUID()];
    await event(a, l1, '2026-01-01T10:00:00Z');
    const first2 = await event(a, l2, '2026-01-01T09:00:00Z', false);
    await event(a, l2, '2026-01-01T11:00:00Z');

    const changes = await refresh([
      { campaign_id: a, listener_id: l1 },
      { campaign_id: a, listener_id: l2 },
    ]);

    expect(changes.removed).toEqual([]);
    expect(changes.added).toHaveLength(2);
    expect(changes.deltas.map((d) => [d.listener_id, d.delta])).toEqual([[l1, 1]]);
    expect((await firsts()).find((r) => r.listener_id === l2)).toMatchObject({
      event_id: first2,
      counted: false,
    });
    expect(await totals()).toEqual({ [a]: 1 });
  });

  it('writes nothing for keys whose first event did not change, and replaces those that did', async () => {
    const [a, l1, l2] = [randomUUID(), randomUUID(), randomUUID()];
    await event(a, l1, '2026-01-01T10:00:00Z');
    await event(a, l2, '2026-01-01T10:00:00Z');
    await refresh([
      { campaign_id: a, listener_id: l1 },
      { campaign_id: a, listener_id: l2 },
    ]);

    await event(a, l1, '2026-01-01T12:00:00Z'); // later: l1's first stays
    const unchanged = await refresh([{ campaign_id: a, listener_id: l1 }]);
    expect(unchanged).toEqual({ removed: [], added: [], deltas: [] });
    expect(ran).toEqual(['derive', 'stored']);

    const earlier = await event(a, l2, '2026-01-01T08:00:00Z', false); // earlier and not counted: l2 leaves the count
    const changed = await refresh([{ campaign_id: a, listener_id: l2 }]);
    expect(ran).toEqual(['derive', 'stored', 'delete', 'insert', 'moveCounts']);
    expect(changed.deltas.map((d) => [d.listener_id, d.delta])).toEqual([[l2, -1]]);
    expect((await firsts()).find((r) => r.listener_id === l2)).toMatchObject({ event_id: earlier });
    expect(await totals()).toEqual({ [a]: 1 });
  });

  it('deletes the row of a key whose events are gone and takes it from the count', async () => {
    const [a, l1] = [randomUUID(), randomUUID()];
    const only = await event(a, l1, '2026-01-01T10:00:00Z');
    await refresh([{ campaign_id: a, listener_id: l1 }]);

    await dataSource.query('DELETE FROM events WHERE event_id = $1', [only]);
    const changes = await refresh([{ campaign_id: a, listener_id: l1 }]);

    expect(changes.added).toEqual([]);
    expect(changes.deltas.map((d) => d.delta)).toEqual([-1]);
    expect(await firsts()).toEqual([]);
    expect(await totals()).toEqual({});
  });

  it('leaves alone the rows of keys not asked for that its scope reads', async () => {
    const [a, b, l1, l2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await event(a, l1, '2026-01-01T10:00:00Z');
    await event(b, l2, '2026-01-01T10:00:00Z');
    await event(a, l2, '2026-01-01T10:00:00Z'); // (a, l2) is in the scope (a and l2 are), not asked for

    await refresh([
      { campaign_id: a, listener_id: l1 },
      { campaign_id: b, listener_id: l2 },
    ]);

    expect((await firsts()).map((r) => `${r.campaign_id}|${r.listener_id}`).sort()).toEqual(
      [`${a}|${l1}`, `${b}|${l2}`].sort(),
    );
    expect(await totals()).toEqual({ [a]: 1, [b]: 1 });
  });

  it('keeps the table and its counts equal to their rebuild through any sequence of changes', async () => {
    const campaigns = [randomUUID(), randomUUID()];
    const listeners = [randomUUID(), randomUUID(), randomUUID()];
    // mulberry32: a fixed sequence, so a failure replays
    let seed = 17;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
    };
    const ids: number[] = [];
    for (let step = 0; step < 60; step++) {
      const touched: FirstEventKey[] = [];
      for (let change = 0; change < 1 + random(3); change++) {
        const campaign = campaigns[random(campaigns.length)] as string;
        const listener = listeners[random(listeners.length)] as string;
        if (ids.length > 0 && random(3) === 0) {
          const [gone] = ids.splice(random(ids.length), 1);
          const [rows] = (await dataSource.query(
            'DELETE FROM events WHERE event_id = $1 RETURNING campaign_id, listener_id',
            [gone],
          )) as [FirstEventKey[], number];
          touched.push(...rows);
        } else {
          const at = new Date(Date.UTC(2026, 0, 1, random(24))).toISOString();
          ids.push(await event(campaign, listener, at, random(4) !== 0));
          touched.push({ campaign_id: campaign, listener_id: listener });
        }
      }
      const distinct = new Map(touched.map((k) => [`${k.campaign_id}|${k.listener_id}`, k]));
      await refresh([...distinct.values()]);
      const expected = await rebuilt();
      expect({ firsts: await firsts(), totals: await totals() }).toEqual(expected);
    }
  });
});
