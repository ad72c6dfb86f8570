import fc from 'fast-check';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ReattributionService } from '../src/modules/attribution/reattribution.service';
import { RetentionClock } from '../src/modules/retention/retention-clock.service';
import { RetentionRun, RetentionService } from '../src/modules/retention/retention.service';
import { TrendsRepository } from '../src/modules/trends/trends.repository';
import { AnalyticsKit } from './analytics-kit';
import { createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Data retention as a model-based property test (issue 20; docs/operations.md, "Retention"): random sequences
 * of clicks (anonymous, bots, listeners', with and without utm_source), plays, attribution runs, clock
 * advances (the retention clock, days at a time) and retention runs, on the real app and database. Every
 * retention run checks that
 *   1. no figure changed: the analytics rollups, the linked-click mirror, the connects, the listeners' first
 *      plays, the current attributions and the public trends' counts are the same before and after;
 *   2. no raw click older than its campaign's retention (campaign override, owner default, operator cap)
 *      and no raw play older than PLAY_RETENTION_DAYS is left, and the younger ones are all there;
 *   3. no click older than CLICK_PII_RETENTION_DAYS keeps its hashed IP or user agent.
 * Each sequence ends with every raw row expired and a re-attribution of both campaigns: the attributions
 * retention froze carry over as they were, so the figures do not change either.
 *
 * Seeded: RETENTION_MODEL_SEED overrides the seed, RETENTION_MODEL_RUNS the number of sequences.
 */
const SEED = Number(process.env['RETENTION_MODEL_SEED'] ?? 20261205);
const RUNS = Number(process.env['RETENTION_MODEL_RUNS'] ?? 25);
const MINUTE = 60_000;
const DAY = 86_400_000;
const LIMITS = { click: 150, play: 200, pii: 30, ownerDefault: 130, campaignA: 121 };

interface Campaign {
  id: string;
  linkId: string;
  days: number;
}

interface World {
  clicks: Array<{ id: string; at: number; campaign: number }>;
  plays: Array<{ id: string; at: number }>;
}

describe('data retention keeps every figure (model-based)', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let owner: SignedInOwner;
  let clock: RetentionClock;
  let campaigns: Campaign[];
  let listeners: string[];
  let tracks: string[];
  /** What retention did over all sequences (the property must have exercised every step). */
  const done: RetentionRun = { anonymisedClicks: 0, deletedClicks: 0, deletedPlays: 0 };

  beforeAll(async () => {
    // No background work: the sequence decides when attribution, rollups and retention run.
    server = await startTestServer({
      SOUNDLINK_ROLE: 'api',
      CLICK_RETENTION_DAYS: String(LIMITS.click),
      PLAY_RETENTION_DAYS: String(LIMITS.play),
      CLICK_PII_RETENTION_DAYS: String(LIMITS.pii),
      RETENTION_BATCH_SIZE: '10',
    });
    kit = await AnalyticsKit.connect(server.database.url);
    clock = server.app.get(RetentionClock);
    owner = await registerOwner(server.url);
    await owner
      .unsafe('patch', '/api/v1/auth/me')
      .send({ clickRetentionDays: LIMITS.ownerDefault })
      .expect(200);
    const catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 2);
    if (!album) throw new Error('no sandbox album');
    tracks = album.trackIds.slice(0, 2);
    campaigns = [];
    for (const [name, days] of [
      ['A', LIMITS.campaignA],
      ['B', null],
    ] as const) {
      const created = await createCampaign(owner, {
        name,
        destination: `spotify:album:${album.id}`,
        timezone: 'UTC',
        clickRetentionDays: days,
      }).expect(201);
      const link = await createLink(owner, created.body.id, { label: 'Main' }).expect(201);
      campaigns.push({ id: created.body.id, linkId: link.body.id, days: days ?? LIMITS.ownerDefault });
    }
    const now = new Date().toISOString();
    listeners = [await kit.listener(now), await kit.listener(now)];
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  /** Every queue worked off: attribution, rollups, trends. */
  const drain = async () => {
    await server.app.get(AttributionService).sweep(0);
    const rollups = server.app.get(AnalyticsRollups);
    for (;;) {
      const run = await rollups.processPending(1_000);
      const backlog = await rollups.backlog();
      if (!run.busy && backlog.clicks === 0 && backlog.attributions === 0) break;
    }
    while ((await server.app.get(TrendsRepository).fold()) > 0);
  };

  /** Every figure a user can see, independent of the attribution generation. */
  const figures = async () => {
    await drain();
    const current = 'JOIN campaigns c ON c.id = r.campaign_id AND r.generation = c.attribution_generation';
    return {
      clicks: await kit.sql(
        `SELECT campaign_id, grain, bucket, link_id, utm_source, clicks, bot_clicks, first_visits, connects
           FROM analytics_click_rollups ORDER BY 1, 2, 3, 4, 5`,
      ),
      plays: await kit.sql(
        `SELECT r.campaign_id, grain, bucket, link_id, utm_source, tier, plays, credit_micros, listeners,
                existing_listeners
           FROM analytics_play_rollups r ${current} ORDER BY 1, 2, 3, 4, 5, 6`,
      ),
      tracks: await kit.sql(
        `SELECT r.campaign_id, grain, bucket, track_id, tier, plays, credit_micros
           FROM analytics_track_rollups r ${current} ORDER BY 1, 2, 3, 4, 5`,
      ),
      linked: await kit.sql('SELECT * FROM analytics_linked_clicks ORDER BY click_id'),
      connects: await kit.sql('SELECT * FROM analytics_connects ORDER BY campaign_id, listener_id'),
      firsts: await kit.sql(
        `SELECT r.campaign_id, listener_id, played_at, clicked_at, link_id, utm_source, tier, existing
           FROM analytics_listener_firsts r ${current} ORDER BY 1, 2`,
      ),
      attributions: await kit.sql(
        `SELECT r.play_id, r.campaign_id, click_id, link_id, utm_source, played_at, clicked_at, score, tier, credit
           FROM attributions r ${current} ORDER BY 1, 2`,
      ),
      trends: await kit.sql('SELECT day, track_id, plays, listeners FROM trends_track_days ORDER BY 1, 2'),
    };
  };

  const retain = async (w: World) => {
    const before = await figures();
    const run = await server.app.get(RetentionService).run();
    for (const key of Object.keys(done) as Array<keyof RetentionRun>) done[key] += run[key];
    expect(await figures()).toEqual(before);
    const now = clock.now().getTime();
    // Raw rows: the expired ones are gone, the others all there.
    for (const [index, campaign] of campaigns.entries()) {
      const horizon = new Date(now - campaign.days * DAY);
      const [{ n }] = await kit.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM clicks WHERE campaign_id = $1 AND clicked_at < $2',
        [campaign.id, horizon],
      );
      expect(n).toBe(0);
      const kept = w.clicks.filter((k) => k.campaign === index && k.at >= horizon.getTime()).map((k) => k.id);
      const [{ stored }] = await kit.sql<{ stored: number }>(
        'SELECT count(*)::int AS stored FROM clicks WHERE id = ANY($1::uuid[])',
        [kept],
      );
      expect(stored).toBe(kept.length);
    }
    const [pii] = await kit.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM clicks
        WHERE clicked_at < $1 AND (ip_hash IS NOT NULL OR user_agent IS NOT NULL)`,
      [new Date(now - LIMITS.pii * DAY)],
    );
    expect(pii?.n).toBe(0);
    const playHorizon = now - LIMITS.play * DAY;
    const [old] = await kit.sql<{ n: number }>('SELECT count(*)::int AS n FROM plays WHERE played_at < $1', [
      new Date(playHorizon),
    ]);
    expect(old?.n).toBe(0);
    const keptPlays = w.plays.filter((p) => p.at >= playHorizon).map((p) => p.id);
    const [plays] = await kit.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM plays WHERE id = ANY($1::bigint[])',
      [keptPlays],
    );
    expect(plays?.n).toBe(keptPlays.length);
  };

  type Cmd = fc.AsyncCommand<World, World>;
  const cmd = (label: string, run: (w: World) => Promise<void>): Cmd => ({
    check: () => true,
    run: (_m, w) => run(w),
    toString: () => label,
  });

  const commands = [
    fc
      .record({
        campaign: fc.nat(1),
        who: fc.option(fc.nat(1), { freq: 4 }),
        utm: fc.constantFrom(null, 'ig', 'news'),
        bot: fc.boolean(),
        firstVisit: fc.boolean(),
      })
      .map((c) =>
        cmd(`click(${JSON.stringify(c)})`, async (w) => {
          const campaign = campaigns[c.campaign] as Campaign;
          const at = clock.now();
          const id = await kit.click({
            campaignId: campaign.id,
            linkId: campaign.linkId,
            at: at.toISOString(),
            utmSource: c.utm,
            bot: c.bot,
            firstVisit: c.firstVisit,
            listenerId: c.who === null ? null : listeners[c.who],
          });
          w.clicks.push({ id, at: at.getTime(), campaign: c.campaign });
          clock.advance(MINUTE);
        }),
      ),
    fc.record({ who: fc.nat(1), track: fc.nat(1) }).map((p) =>
      cmd(`play(${JSON.stringify(p)})`, async (w) => {
        // (A play starts its track's length before played_at: well after the click before it.)
        clock.advance(10 * MINUTE);
        const at = clock.now();
        const id = await kit.play(listeners[p.who] as string, tracks[p.track] as string, at.toISOString());
        w.plays.push({ id: String(id), at: at.getTime() });
        clock.advance(MINUTE);
      }),
    ),
    fc.constant(cmd('attribute', () => drain())),
    fc.integer({ min: 1, max: 60 }).map((days) =>
      cmd(`advance(${days}d)`, async () => {
        clock.advance(days * DAY);
      }),
    ),
    fc.constant(cmd('retention', (w) => retain(w))),
  ];

  it('removes expired raw rows and personal data and never changes a figure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const world: World = { clicks: [], plays: [] };
        await fc.asyncModelRun(() => ({ model: world, real: world }), cmds);
        // Everything expires; a re-attribution of both campaigns keeps what retention froze.
        clock.advance((LIMITS.play + 1) * DAY);
        await retain(world);
        const before = await figures();
        for (const campaign of campaigns) {
          await server.app.get(ReattributionService).enqueue(campaign.id, 'requested');
        }
        await server.app.get(ReattributionService).runDue();
        expect(await figures()).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const [frozen] = await kit.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM attributions a WHERE NOT EXISTS (SELECT 1 FROM clicks k WHERE k.id = a.click_id)',
    );
    expect(frozen?.n).toBeGreaterThan(0);
    expect(done.anonymisedClicks).toBeGreaterThan(0);
    expect(done.deletedClicks).toBeGreaterThan(done.anonymisedClicks > 0 ? 10 : 0);
    expect(done.deletedPlays).toBeGreaterThan(0);
  });
});
