import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { AnalyticsKit } from './analytics-kit';
import { createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

/** T + days, as an ISO instant (T is the click of most exposed listeners). */
const T = Date.parse('2026-03-10T00:00:00Z');
const at = (days: number) => new Date(T + days * 86_400_000).toISOString();
const LONG_AGO = '2026-01-01T00:00:00Z';
const RANGE = 'from=2026-03-09T00:00:00Z&to=2026-03-13T00:00:00Z';

/**
 * Lift against a control group (docs/analytics.md, "Lift"), on a scenario whose difference in differences is
 * computed by hand below: 10 exposed and 10 control listeners, a gap, a late connect, a disconnection.
 */
describe('campaign lift against a control group', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let owner: SignedInOwner;
  let campaignId: string;
  let t1: string;
  const other = 'NotInTheCampaign000002';

  const get = (path: string) => owner.agent.get(`/api/v1/campaigns/${campaignId}${path}`);

  beforeAll(async () => {
    server = await startTestServer();
    kit = await AnalyticsKit.connect(server.database.url);
    owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 1);
    if (!album) throw new Error('no sandbox album');
    const created = await createCampaign(owner, {
      name: 'Lift',
      destination: `spotify:album:${album.id}`,
      timezone: 'UTC',
    }).expect(201);
    campaignId = created.body.id;
    t1 = album.trackIds[0] as string;
    const link = await createLink(owner, campaignId, { label: 'Bio', utmSource: 'bio' }).expect(201);
    await kit.track(other, 'Elsewhere');

    const clickOf = (listenerId: string, when: string, bot = false) =>
      kit.click({ campaignId, linkId: link.body.id, at: when, utmSource: 'bio', listenerId, bot });
    const plays = async (listenerId: string, days: number[], track = t1) => {
      for (const d of days) await kit.play(listenerId, track, at(d));
    };

    // Exposed E1..E9 connected long ago and click at T; E10 connects at its click, T + 2 d, and its baseline
    // import goes back one day. Before: [anchor − 28 d, anchor); after: the 168-hour window.
    const exposed: string[] = [];
    for (let i = 1; i <= 9; i++) exposed.push(await kit.listener(LONG_AGO));
    exposed.push(await kit.listener(at(2)));
    const [e1, e2, e3, e4] = exposed;
    const e10 = exposed[9];
    for (const [i, id] of exposed.entries()) await clickOf(id as string, i === 9 ? at(2) : at(0));
    await plays(e1 as string, [-20, -3]); // before 2
    await plays(e1 as string, [0.5, 1, 2, 6.9]); // after 4
    await plays(e2 as string, [4]); // after 1
    await plays(e2 as string, [1.5]); // inside its gap: not observed, not counted
    await kit.gap(e2 as string, at(1), at(3)); // 2 days of its after period unobserved
    await plays(e3 as string, [-1]); // before 1
    await plays(e3 as string, [3, 5]); // after 2
    await plays(e4 as string, [1, 2, 3], other); // plays, but no campaign track: counts as zero
    await kit.play(e10 as string, t1, at(1), 'baseline'); // before 1 (the baseline starts its observation)
    await plays(e10 as string, [2.5, 4, 8.9]); // after 3
    await plays(e10 as string, [9.1]); // past its window: not counted
    // Control C1..C10, anchored on the exposed group's median click (T); C1 disconnects at T + 3.5 d.
    const control: string[] = [await kit.listener(LONG_AGO, at(3.5))];
    for (let i = 2; i <= 10; i++) control.push(await kit.listener(LONG_AGO));
    const [c1, c2, c3] = control as string[];
    await clickOf(c3 as string, at(0), true); // a bot click does not make C3 exposed
    await plays(c1 as string, [-10, -2]); // before 2
    await plays(c2 as string, [-27, -25, -20, -15, -10, -5, -0.5]); // before 7
    await plays(c2 as string, [1, 6]); // after 2
    await plays(c3 as string, [2]); // after 1
    // Clicked the campaign before the range: neither exposed (in this range) nor control.
    const before = await kit.listener(LONG_AGO);
    await clickOf(before, '2026-02-01T00:00:00Z');
    await plays(before, [1, 2, 3]);

    await server.app.get(AnalyticsRollups).processPending(1_000);
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it('estimates the difference in differences per observed listener-day, as computed by hand', async () => {
    const res = await get(`/analytics/lift?${RANGE}`).expect(200);
    // Exposed: 9 × 28 d + 1 d before; 8 × 7 d + 5 d (E2's gap) + 7 d (E10) after.
    const exposedBefore = 4 / (9 * 28 + 1);
    const exposedAfter = 10 / (8 * 7 + 5 + 7);
    // Control: 10 × 28 d before; 9 × 7 d + 3.5 d (C1 disconnected) after.
    const controlBefore = 9 / (10 * 28);
    const controlAfter = 3 / (9 * 7 + 3.5);
    const did = exposedAfter - exposedBefore - (controlAfter - controlBefore);
    const counterfactual = exposedBefore + (controlAfter - controlBefore);

    expect(res.body).toMatchObject({
      status: 'ok',
      reason: null,
      exposed: {
        listeners: 10,
        beforeListeners: 10,
        afterListeners: 10,
        beforeObservedDays: 253,
        afterObservedDays: 68,
        beforePlays: 4,
        afterPlays: 10,
      },
      control: {
        listeners: 10,
        beforeListeners: 10,
        afterListeners: 10,
        beforeObservedDays: 280,
        afterObservedDays: 66.5,
        beforePlays: 9,
        afterPlays: 3,
      },
      method: {
        beforeDays: 28,
        afterHours: 168,
        controlAnchor: at(0),
        controlPool: 10,
        controlSample: 5000,
        resamples: 1000,
        minListeners: 10,
        minObservedDays: 7,
      },
    });
    expect(res.body.estimatePerDay).toBeCloseTo(did, 6);
    expect(res.body.counterfactualPerDay).toBeCloseTo(counterfactual, 6);
    expect(res.body.relative).toBeCloseTo(did / counterfactual, 5);
    expect(res.body.interval.low).toBeLessThan(res.body.estimatePerDay);
    expect(res.body.interval.high).toBeGreaterThan(res.body.estimatePerDay);
  });

  it('counts exposed listeners who never played a campaign track (the cohort is not chosen by outcome)', async () => {
    const res = await get(`/analytics/lift?${RANGE}`).expect(200);
    const [{ played }] = await kit.sql<{ played: number }>(
      `SELECT count(DISTINCT p.listener_id)::int AS played FROM plays p
         JOIN analytics_connects c ON c.listener_id = p.listener_id AND c.campaign_id = $1
        WHERE p.track_id = $2 AND c.clicked_at >= '2026-03-09' AND c.clicked_at < '2026-03-13'`,
      [campaignId, t1],
    );
    expect(played).toBe(4);
    expect(res.body.exposed.listeners).toBe(10);
  });

  it('gives the same interval every time for the same data', async () => {
    const first = await get(`/analytics/lift?${RANGE}`).expect(200);
    const second = await get(`/analytics/lift?${RANGE}`).expect(200);
    expect(second.body.interval).toEqual(first.body.interval);
    expect(first.body.method.seed).toBe(second.body.method.seed);
  });

  it('answers "not enough data" with the reason below the minimums', async () => {
    const res = await get(`/analytics/lift?from=2026-03-11T00:00:00Z&to=2026-03-13T00:00:00Z`).expect(200);
    expect(res.body).toMatchObject({
      status: 'notEnoughData',
      reason: 'The exposed group has 1 listener observed before the anchor; at least 10 are needed.',
      estimatePerDay: null,
      interval: null,
      relative: null,
      exposed: { listeners: 1, beforeObservedDays: 1, afterObservedDays: 7, beforePlays: 1, afterPlays: 3 },
      method: { controlAnchor: at(2) },
    });
    expect(res.body.control.listeners).toBe(10);
    const empty = await get(`/analytics/lift?from=2026-04-01T00:00:00Z&to=2026-04-05T00:00:00Z`).expect(200);
    expect(empty.body).toMatchObject({
      status: 'notEnoughData',
      reason: 'No connected listener clicked the campaign in the range.',
      exposed: { listeners: 0 },
      control: { listeners: 0 },
      method: { controlAnchor: null },
    });
  });

  it('exports the lift as one CSV row', async () => {
    const res = await get(`/export?dataset=lift&format=csv&${RANGE}`).expect(200);
    const [header, row] = res.text.split('\r\n');
    const columns = (header as string).split(',');
    const values = (row as string).split(',');
    const field = (name: string) => values[columns.indexOf(name)];
    expect(field('status')).toBe('ok');
    expect(field('exposedListeners')).toBe('10');
    expect(field('controlAfterObservedDays')).toBe('66.5');
    expect(Number(field('intervalLow'))).toBeLessThan(Number(field('estimatePerDay')));
  });
});
