import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { CHART_RENDERING } from '@soundlink/ui-charts';
import {
  attribution,
  attributionPage,
  DASH_LINK_ID as LINK_ID,
  dashboardRoutes,
  emptyTimeseries,
  explanation,
  FakeEventSource,
  funnel,
  lift,
  linkStats,
} from '../../../../testing/analytics';
import { CAMPAIGN_ID, campaign, link, openPage } from '../../../../testing/campaigns';
import { button, settle, text } from '../../../../testing/dom';
import { apiError, FakeApiClient } from '../../../../testing/fake-api-client';
import { LIVE_REFRESH_DELAYS_MS } from './dashboard-store';
import { EVENT_SOURCE, LIVE_RECONNECT_MS } from './live-events';

const URL_BASE = `/campaigns/${CAMPAIGN_ID}/dashboard`;
const FUNNEL = 'GET /api/v1/campaigns/{id}/analytics/funnel';

const providers = [
  { provide: CHART_RENDERING, useValue: false },
  { provide: EVENT_SOURCE, useValue: (url: string) => new FakeEventSource(url) },
  { provide: LIVE_REFRESH_DELAYS_MS, useValue: [0] },
  { provide: LIVE_RECONNECT_MS, useValue: 0 },
];

function open(url = URL_BASE, overrides: Parameters<typeof dashboardRoutes>[0] = {}) {
  return openPage(
    url,
    {
      'GET /api/v1/campaigns/{id}': { status: 200, body: campaign() },
      'GET /api/v1/campaigns/{campaignId}/links': {
        status: 200,
        body: [
          link({ id: LINK_ID }),
          link({
            id: '0190a0b0-0000-7000-8000-00000000l002',
            label: 'Newsletter',
            slug: 'summer-nl',
            utm: { source: 'newsletter', medium: null, campaign: null, content: null, term: null },
          }),
        ],
      },
      ...dashboardRoutes(overrides),
    },
    providers,
  );
}

const callsTo = (fake: FakeApiClient, path: string) => fake.calls.filter((c) => c.path === path);
const lastQuery = (fake: FakeApiClient, path: string) => callsTo(fake, path).at(-1)?.init.params?.query;

describe('Campaign dashboard', () => {
  beforeEach(() => FakeEventSource.reset());
  afterEach(() => (document.body.innerHTML = ''));

  it('shows the funnel with its rates and the data completeness beside it', async () => {
    const { harness, page } = await open();
    await settle(harness.fixture);

    expect(text(page.querySelector('h1'))).toBe('Summer Singles launch');
    const steps = Array.from(page.querySelectorAll('.funnel__step')).map((step) => [
      text(step.querySelector('.funnel__label')),
      text(step.querySelector('.funnel__value')),
      text(step.querySelector('.funnel__rate')),
    ]);
    expect(steps).toEqual([
      ['Clicks', '120', ''],
      ['Unique visitors', '100', '83.3 % visitors per click'],
      ['Connects', '20', '20 % connects per visitor'],
      ['Listeners', '12', '60 % of connects reached'],
      ['Attributed plays', '48', '4 plays per active listener'],
    ]);
    expect(text(page.querySelector('[data-testid=already-connected]'))).toBe(
      '2 listeners already connected clicked too (not counted as connects).',
    );
    expect(text(page.querySelector('[data-testid=completeness]'))).toBe(
      'Data completeness: 97 % of connected listener-time observed (4 listeners)',
    );
    // Every chart is there, with its numbers as a table (no canvas in jsdom).
    const headings = Array.from(page.querySelectorAll('sl-chart-panel h3')).map(text);
    expect(headings).toEqual([
      'Attributed plays over time',
      'Funnel, step by step',
      'Links compared',
      'Channels (utm_source)',
      'Top tracks',
      'New vs. existing listeners',
      'Listener segments',
      'Retention',
      'Lift',
    ]);
    expect(text(page.querySelector('.recent tbody tr'))).toContain('Night Drive');
  });

  it('reads range, granularity, time zone and filters from the URL, asks the API for them and writes changes back', async () => {
    const url = `${URL_BASE}?range=7d&granularity=hour&tz=UTC&link=${LINK_ID}&utm=instagram&tier=high`;
    const { harness, page, fake } = await open(url);
    await settle(harness.fixture);

    const query = lastQuery(fake, '/api/v1/campaigns/{id}/analytics/timeseries');
    expect(query).toMatchObject({
      tz: 'UTC',
      granularity: 'hour',
      linkId: LINK_ID,
      utmSource: 'instagram',
      tier: 'high',
    });
    const from = new Date(String(query?.['from'])).getTime();
    const to = new Date(String(query?.['to'])).getTime();
    expect((to - from) / 86_400_000).toBe(7);
    expect(page.querySelector<HTMLSelectElement>('#dash-range')?.value).toBe('7d');
    expect(page.querySelector<HTMLSelectElement>('#dash-link')?.value).toBe(LINK_ID);
    expect(page.querySelector<HTMLSelectElement>('#dash-tier')?.value).toBe('high');
    // The export links carry the same range and filters.
    const csv = page.querySelector<HTMLAnchorElement>('.exports a')!.getAttribute('href')!;
    expect(csv).toContain(`/api/v1/campaigns/${CAMPAIGN_ID}/export?dataset=attributions&format=csv`);
    expect(csv).toContain(`linkId=${LINK_ID}`);
    expect(csv).toContain('tier=high');

    const tier = page.querySelector<HTMLSelectElement>('#dash-tier')!;
    tier.value = 'low';
    tier.dispatchEvent(new Event('change'));
    await settle(harness.fixture);
    expect(TestBed.inject(Router).url).toContain('tier=low');
    expect(lastQuery(fake, '/api/v1/campaigns/{id}/analytics/funnel')).toMatchObject({ tier: 'low' });

    button(page, 'Clear filters').click();
    await settle(harness.fixture);
    expect(TestBed.inject(Router).url).toBe(`${URL_BASE}?range=7d&granularity=hour&tz=UTC`);
  });

  it('goes live on the campaign stream and fetches the affected figures again on each event', async () => {
    const { harness, page, fake } = await open();
    await settle(harness.fixture);
    const source = FakeEventSource.latest();
    expect(source.url).toBe(`/api/v1/campaigns/${CAMPAIGN_ID}/stream`);
    source.open();
    await settle(harness.fixture);
    expect(text(page.querySelector('.live'))).toBe('Live');

    const before = callsTo(fake, '/api/v1/campaigns/{id}/analytics/funnel').length;
    const attributionsBefore = callsTo(fake, '/api/v1/campaigns/{id}/attributions').length;
    source.emit('click', {
      clickId: 'k1',
      linkId: LINK_ID,
      at: new Date().toISOString(),
      utmSource: 'instagram',
      bot: false,
    });
    await settle(harness.fixture);
    expect(callsTo(fake, '/api/v1/campaigns/{id}/analytics/funnel').length).toBe(before + 1);
    expect(callsTo(fake, '/api/v1/campaigns/{id}/attributions').length).toBe(attributionsBefore);
    expect(text(page.querySelector('.feed'))).toContain('New click via Instagram bio');

    // A new attributed play: everything is read again and the new row shows on top of the list.
    const newer = attribution({
      playId: '1002',
      trackName: 'Tail Lights',
      playedAt: '2026-11-03T09:00:00.000Z',
    });
    overrideRoute(fake, '/api/v1/campaigns/{id}/attributions', attributionPage([newer, attribution()]));
    source.emit('attributed-play', {
      playId: '1002',
      trackId: 't',
      linkId: LINK_ID,
      tier: 'high',
      credit: 1,
      playedAt: newer.playedAt,
    });
    await settle(harness.fixture);
    expect(callsTo(fake, '/api/v1/campaigns/{id}/attributions').length).toBe(attributionsBefore + 1);
    expect(Array.from(page.querySelectorAll('.recent tbody tr')).map((r) => text(r.children[1]))).toEqual([
      'Tail Lights',
      'Night Drive',
    ]);
    expect(text(page.querySelector('.feed li'))).toContain(
      'Attributed play (high confidence) via Instagram bio',
    );

    // A listener who came through the campaign erased their data: everything is read again.
    const funnelCalls = callsTo(fake, '/api/v1/campaigns/{id}/analytics/funnel').length;
    source.emit('listener-erased', { at: new Date().toISOString() });
    await settle(harness.fixture);
    expect(callsTo(fake, '/api/v1/campaigns/{id}/analytics/funnel').length).toBe(funnelCalls + 1);
    expect(callsTo(fake, '/api/v1/campaigns/{id}/attributions').length).toBe(attributionsBefore + 2);
    expect(text(page.querySelector('.feed li'))).toContain('A listener erased their data: figures updated');

    // Bot clicks are recorded but never counted: no refetch.
    const now = callsTo(fake, '/api/v1/campaigns/{id}/analytics/funnel').length;
    source.emit('click', { clickId: 'k2', linkId: LINK_ID, bot: true });
    await settle(harness.fixture);
    expect(callsTo(fake, '/api/v1/campaigns/{id}/analytics/funnel').length).toBe(now);
  });

  it('reconnects when the browser gives up on the stream, catches up, and closes it when leaving', async () => {
    const { harness, page } = await open();
    await settle(harness.fixture);
    const first = FakeEventSource.latest();
    first.open();
    first.fail(false);
    await settle(harness.fixture);
    expect(text(page.querySelector('.live'))).toBe('Reconnecting…');
    first.fail(true);
    await settle(harness.fixture);
    expect(first.closed).toBe(true);
    expect(FakeEventSource.opened).toHaveLength(2);
    FakeEventSource.latest().open();
    await settle(harness.fixture);
    expect(text(page.querySelector('.live'))).toBe('Live');

    await harness.navigateByUrl('/campaigns');
    expect(FakeEventSource.latest().closed).toBe(true);
  });

  it('shows an error with a retry where a figure failed, and empty states where there is nothing yet', async () => {
    let fail = true;
    const { harness, page } = await open(URL_BASE, {
      [FUNNEL]: () => (fail ? apiError(500, 'InternalError', 'boom') : { status: 200, body: funnel() }),
      'GET /api/v1/campaigns/{id}/analytics/timeseries': { status: 200, body: emptyTimeseries() },
      'GET /api/v1/campaigns/{id}/attributions': { status: 200, body: attributionPage([]) },
    });
    await settle(harness.fixture);

    const alert = page.querySelector('.figures [role=alert]');
    expect(text(alert)).toContain("The funnel couldn't be loaded. Something went wrong on our side.");
    expect(text(page)).toContain('No clicks or plays in this range yet.');
    expect(text(page.querySelector('.recent'))).toContain('No attributed plays in this range yet.');

    fail = false;
    button(alert!, 'Try again').click();
    await settle(harness.fixture);
    expect(page.querySelector('.figures [role=alert]')).toBeNull();
    expect(page.querySelectorAll('.funnel__step')).toHaveLength(5);
  });

  it('shows a chart whose figures failed with a retry, and the charts drawn from them as not available', async () => {
    let fail = true;
    const { harness, page } = await open(URL_BASE, {
      'GET /api/v1/campaigns/{id}/analytics/links': () =>
        fail ? apiError(500, 'InternalError', 'boom') : { status: 200, body: linkStats() },
    });
    await settle(harness.fixture);

    const links = page.querySelector('[aria-label="Links compared"]')!;
    expect(text(links.querySelector('h3'))).toBe('Links compared');
    expect(text(links.querySelector('[role=alert]'))).toContain('Something went wrong on our side.');
    const channels = page.querySelector('[aria-label="Channels compared"]')!;
    expect(text(channels.querySelector('p'))).toBe('Not available.');
    expect(channels.querySelector('[role=alert]')).toBeNull();

    fail = false;
    button(links, 'Try again').click();
    await settle(harness.fixture);
    expect(links.querySelector('[role=alert]')).toBeNull();
    expect(text(links.querySelector('sl-chart-panel h3'))).toBe('Links compared');
    expect(text(channels.querySelector('sl-chart-panel h3'))).toBe('Channels (utm_source)');
  });

  it('shows the lift against the control group with its interval, in words and as a table', async () => {
    const { harness, page } = await open();
    await settle(harness.fixture);

    const section = page.querySelector('section[aria-label=Lift]')!;
    expect(text(section.querySelector('[data-testid=lift-estimate]'))).toBe(
      '+0.5 campaign-track plays per listener-day (95 % interval +0.21 to +0.87): +200 % over what they would have played without the campaign',
    );
    expect(text(section)).toContain(
      '20 listeners who clicked (whether they played or not) against 40 connected listeners who did not',
    );
    const rows = Array.from(section.querySelectorAll('tbody tr')).map((tr) =>
      Array.from(tr.querySelectorAll('th, td')).map(text),
    );
    expect(rows.map((r) => [r[0], r.at(-1)])).toEqual([
      ['Clicked the campaign', '0.5'],
      ['Did not click (control)', '0'],
      ['Lift (difference in differences)', '0.5'],
      ['95 % interval, low', '0.21'],
      ['95 % interval, high', '0.87'],
    ]);
    expect(section.querySelector('[data-testid=lift-not-enough]')).toBeNull();
  });

  it('says why there is not enough data for a lift estimate, announced as a status', async () => {
    const reason = 'The control group has 4 listeners observed before the anchor; at least 10 are needed.';
    const { harness, page } = await open(URL_BASE, {
      'GET /api/v1/campaigns/{id}/analytics/lift': {
        status: 200,
        body: lift({
          status: 'notEnoughData',
          reason,
          estimatePerDay: null,
          interval: null,
          counterfactualPerDay: null,
          relative: null,
        }),
      },
    });
    await settle(harness.fixture);

    const section = page.querySelector('section[aria-label=Lift]')!;
    const status = section.querySelector('[data-testid=lift-not-enough]');
    expect(status?.getAttribute('role')).toBe('status');
    expect(text(status)).toBe(`Not enough data for a lift estimate yet. ${reason}`);
    expect(section.querySelector('[data-testid=lift-estimate]')).toBeNull();
  });

  it('opens a play to why it was attributed', async () => {
    const { harness, page, fake } = await open();
    await settle(harness.fixture);
    const why = button(page, /^Why\?/);
    expect(why.getAttribute('aria-expanded')).toBe('false');
    why.click();
    await settle(harness.fixture);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    expect(callsTo(fake, '/api/v1/plays/{playId}/explanation')[0]?.init.params?.path).toEqual({
      playId: '1001',
    });
    const panel = page.querySelector('.why');
    expect(text(panel)).toContain('Played from the campaign’s album 1 hour after a click on Instagram bio.');
    expect(text(panel)).toContain('Played from the campaign’s own destination');
    expect(text(panel)).toContain('on Instagram bio');
    expect(text(panel)).toContain('SourceReported by Spotify.');
    expect(text(panel)).not.toContain('match');
  });

  it('says where a play from Last.fm came from and how it was matched', async () => {
    const play = explanation();
    const lastfm = {
      ...play,
      origin: 'lastfm',
      matchMethod: 'name',
      matchConfidence: 0.9,
      sourceSummary: 'Reported by Last.fm, matched to the track by artist and title (confidence 0.9).',
      campaigns: play.campaigns.map((c) => ({
        ...c,
        reasons: [
          'CONTEXT_NONE',
          'TIME_DECAY',
          'NEW_REACH',
          'IN_TARGET_SET',
          'MATCHED_BY_NAME',
          'FROM_LASTFM',
        ],
        factors: { context: 0.45, decay: 0.96, baseline: 1, match: 0.9 },
      })),
    };
    const { harness, page } = await open(URL_BASE, {
      'GET /api/v1/plays/{playId}/explanation': { status: 200, body: lastfm },
    });
    await settle(harness.fixture);
    button(page, /^Why\?/).click();
    await settle(harness.fixture);
    const panel = page.querySelector('.why');
    expect(text(panel)).toContain(
      'SourceReported by Last.fm, matched to the track by artist and title (confidence 0.9).',
    );
    expect(text(panel)).toContain('· match 0.9');
    expect(text(panel)).toContain('Matched to the track by artist and title');
    expect(text(panel)).toContain('Reported by Last.fm');
  });

  it("answers a campaign that isn't yours like an unknown one, without opening a stream", async () => {
    const { harness, page } = await open(URL_BASE, {
      'GET /api/v1/campaigns/{id}': apiError(404, 'NotFound', 'Campaign was not found.'),
    });
    await settle(harness.fixture);
    expect(text(page.querySelector('h1'))).toBe('Campaign not found');
    expect(text(page.querySelector('[role=alert]'))).toContain(
      "This campaign doesn't exist, or it isn't yours.",
    );
    expect(FakeEventSource.opened).toHaveLength(0);
  });

  it('says beside the range when it reaches past the raw clicks retention removed', async () => {
    const { harness, page } = await open(URL_BASE, {
      [FUNNEL]: {
        status: 200,
        body: funnel({
          rawData: {
            clickRetentionDays: 395,
            rawClicksSince: '2025-10-04T10:00:00.000Z',
            playRetentionDays: 760,
            rawPlaysSince: '2024-10-04T10:00:00.000Z',
            rangeBeforeRawClicks: true,
          },
        }),
      },
    });
    await settle(harness.fixture);
    const note = page.querySelector('[data-testid=raw-data-note]');
    expect(note?.getAttribute('role')).toBe('note');
    expect(text(note)).toBe(
      'Raw clicks before 2025-10-04 were removed after 395 days; totals come from the rollups.',
    );
  });

  it('shows no retention note when the range is within the retained raw clicks', async () => {
    const { harness, page } = await open();
    await settle(harness.fixture);
    expect(page.querySelector('[data-testid=raw-data-note]')).toBeNull();
  });
});

/** Changes what the fake answers for a path (the fake reads its route table on each call). */
function overrideRoute(fake: FakeApiClient, path: string, body: unknown): void {
  const client = fake.client as unknown as Record<string, (p: string, init?: unknown) => Promise<unknown>>;
  const original = client['GET']!;
  client['GET'] = (p: string, init?: unknown) =>
    p === path
      ? original(p, init).then(() => ({ data: body, error: undefined, response: { ok: true, status: 200 } }))
      : original(p, init);
}
