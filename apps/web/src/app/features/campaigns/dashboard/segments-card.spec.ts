import { CHART_RENDERING } from '@soundlink/ui-charts';
import { dashboardRoutes, FakeEventSource, segments } from '../../../../testing/analytics';
import { CAMPAIGN_ID, campaign, link, openPage } from '../../../../testing/campaigns';
import { button, settle, text } from '../../../../testing/dom';
import { apiError } from '../../../../testing/fake-api-client';
import { LIVE_REFRESH_DELAYS_MS } from './dashboard-store';
import { EVENT_SOURCE, LIVE_RECONNECT_MS } from './live-events';
import { coverageText, segmentsView } from './segments-card';

const SEGMENTS = 'GET /api/v1/campaigns/{id}/analytics/segments';

function open(overrides: Parameters<typeof dashboardRoutes>[0] = {}) {
  return openPage(
    `/campaigns/${CAMPAIGN_ID}/dashboard`,
    {
      'GET /api/v1/campaigns/{id}': { status: 200, body: campaign() },
      'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [link()] },
      ...dashboardRoutes(overrides),
    },
    [
      { provide: CHART_RENDERING, useValue: false },
      { provide: EVENT_SOURCE, useValue: (url: string) => new FakeEventSource(url) },
      { provide: LIVE_REFRESH_DELAYS_MS, useValue: [0] },
      { provide: LIVE_RECONNECT_MS, useValue: 0 },
    ],
  );
}

const card = (page: HTMLElement) => page.querySelector('sl-segments-card') as HTMLElement;
const rows = (root: HTMLElement) =>
  Array.from(root.querySelectorAll('table tr')).map((tr) => Array.from(tr.children).map(text));

describe('Listener segments card', () => {
  beforeEach(() => FakeEventSource.reset());
  afterEach(() => (document.body.innerHTML = ''));

  it('shows listeners, plays and shares per segment, and how much history was observed', async () => {
    const { harness, page, fake } = await open();
    await settle(harness.fixture);

    const root = card(page);
    expect(text(root.querySelector('h3'))).toBe('Listener segments');
    expect(rows(root)).toEqual([
      ['Segment', 'Listeners', 'Share of listeners', 'Attributed plays', 'Share of plays'],
      ['New', '4', '0.333', '16', '0.333'],
      ['Reactivated', '1', '0.083', '3', '0.063'],
      ['Amplified', '2', '0.167', '12', '0.25'],
      ['Already listening, not more', '1', '0.083', '2', '0.042'],
      ['Unknown (history too short)', '4', '0.333', '15', '0.313'],
    ]);
    expect(text(root.querySelector('[data-testid=segments-coverage]'))).toBe(
      '8 of 12 listeners had their whole 28 days before the click observed. The other 4 had 2.5 days observed on average: connect history imports to classify them.',
    );
    // Asked with the dashboard's range; the CSV link carries it too.
    const query = fake.calls.filter((c) => c.path === '/api/v1/campaigns/{id}/analytics/segments').at(-1)
      ?.init.params?.query;
    expect(query).toMatchObject({ tz: 'Europe/Berlin' });
    const csv = root.querySelector<HTMLAnchorElement>('a[download]')!.getAttribute('href')!;
    expect(csv).toContain(`/api/v1/campaigns/${CAMPAIGN_ID}/export?dataset=segments&format=csv`);
  });

  it('says so when no listener was reached', async () => {
    const empty = segments({
      listeners: 0,
      plays: 0,
      segments: segments().segments.map((s) => ({ ...s, listeners: 0, plays: 0, share: 0, playsShare: 0 })),
      coverage: { ...segments().coverage, fullyObserved: 0, share: null, unknownMeanObservedDays: null },
    });
    const { harness, page } = await open({ [SEGMENTS]: { status: 200, body: empty } });
    await settle(harness.fixture);
    const root = card(page);
    expect(text(root)).toContain('No listeners reached in this range yet.');
    expect(root.querySelector('[data-testid=segments-coverage]')).toBeNull();
  });

  it('shows a failure with a retry that fetches again', async () => {
    let fail = true;
    const { harness, page } = await open({
      [SEGMENTS]: () =>
        fail
          ? apiError(500, 'InternalError', 'The database is unavailable.')
          : { status: 200, body: segments() },
    });
    await settle(harness.fixture);
    const root = card(page);
    expect(text(root.querySelector('[role=alert]'))).toContain('Something went wrong on our side.');
    fail = false;
    button(root, 'Try again').click();
    await settle(harness.fixture);
    expect(rows(card(page))).toHaveLength(6);
  });

  it('refreshes after a live attributed play', async () => {
    const { harness, page, fake } = await open();
    await settle(harness.fixture);
    const asked = () =>
      fake.calls.filter((c) => c.path === '/api/v1/campaigns/{id}/analytics/segments').length;
    const before = asked();
    FakeEventSource.latest().emit('attributed-play', { type: 'attributed-play', tier: 'high' });
    await settle(harness.fixture);
    await settle(harness.fixture);
    expect(asked()).toBeGreaterThan(before);
    expect(rows(card(page))).toHaveLength(6);
  });

  it('describes the coverage in words, and draws listeners per segment', () => {
    expect(coverageText(segments({ coverage: { ...segments().coverage, fullyObserved: 12 } }))).toBe(
      '12 of 12 listeners had their whole 28 days before the click observed.',
    );
    const view = segmentsView(segments(), { reducedMotion: true });
    expect(view.chart.data.labels).toEqual([
      'New',
      'Reactivated',
      'Amplified',
      'Already listening, not more',
      'Unknown (history too short)',
    ]);
    expect(view.chart.data.datasets[0]?.data).toEqual([4, 1, 2, 1, 4]);
    expect(view.empty).toBe(false);
  });
});
