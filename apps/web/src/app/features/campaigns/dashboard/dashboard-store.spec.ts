import { By } from '@angular/platform-browser';
import { CHART_RENDERING } from '@soundlink/ui-charts';
import { dashboardRoutes, FakeEventSource, funnel } from '../../../../testing/analytics';
import { CAMPAIGN_ID, campaign, openPage } from '../../../../testing/campaigns';
import { settle } from '../../../../testing/dom';
import { apiError, FakeAnswer, FakeApiClient } from '../../../../testing/fake-api-client';
import { CampaignDashboard } from './campaign-dashboard';
import { DashboardStore, LIVE_REFRESH_DELAYS_MS } from './dashboard-store';
import { EVENT_SOURCE, LIVE_RECONNECT_MS } from './live-events';

const URL_BASE = `/campaigns/${CAMPAIGN_ID}/dashboard`;
const FUNNEL = 'GET /api/v1/campaigns/{id}/analytics/funnel';

async function open(routes: Parameters<typeof dashboardRoutes>[0] = {}, delays: readonly number[] = [0]) {
  const opened = await openPage(
    URL_BASE,
    {
      'GET /api/v1/campaigns/{id}': { status: 200, body: campaign() },
      'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [] },
      ...dashboardRoutes(routes),
    },
    [
      { provide: CHART_RENDERING, useValue: false },
      { provide: EVENT_SOURCE, useValue: (url: string) => new FakeEventSource(url) },
      { provide: LIVE_REFRESH_DELAYS_MS, useValue: delays },
      { provide: LIVE_RECONNECT_MS, useValue: 0 },
    ],
  );
  await settle(opened.harness.fixture);
  const store = opened.harness.fixture.debugElement
    .query(By.directive(CampaignDashboard))
    .injector.get(DashboardStore);
  return { ...opened, store };
}

const calls = (fake: FakeApiClient, path: string) => fake.calls.filter((c) => c.path === path).length;

// The first test renders the whole dashboard cold (about 3 s on an idle machine): a loaded machine needs more than
// jest's default 5 s.
jest.setTimeout(15_000);

describe('DashboardStore', () => {
  beforeEach(() => FakeEventSource.reset());
  afterEach(() => (document.body.innerHTML = ''));

  it('ignores an answer that arrives after a newer view was asked for', async () => {
    let answerOld: (answer: FakeAnswer) => void = () => undefined;
    const { harness, store } = await open({
      [FUNNEL]: (init) =>
        init.params?.query?.['tier'] === 'high'
          ? { status: 200, body: funnel({ clicks: 7 }) }
          : new Promise<FakeAnswer>((resolve) => (answerOld = resolve)),
    });
    expect(store.funnel().state).toBe('loading');

    store.setQuery({ tier: 'high' });
    await settle(harness.fixture);
    answerOld({ status: 200, body: funnel({ clicks: 999 }) });
    await settle(harness.fixture);

    const shown = store.funnel();
    expect(shown.state === 'ready' && shown.data.clicks).toBe(7);
  });

  it('fetches what a burst of live events changed once, and only that', async () => {
    const { harness, store, fake } = await open();
    const source = FakeEventSource.latest();
    source.open();
    await settle(harness.fixture);
    const funnelCalls = calls(fake, '/api/v1/campaigns/{id}/analytics/funnel');
    const liftCalls = calls(fake, '/api/v1/campaigns/{id}/analytics/lift');
    const version = store.attributionsVersion();

    source.emit('click', { clickId: 'k1', bot: false });
    source.emit('connect', {});
    source.emit('click', { clickId: 'k2', bot: false });
    await settle(harness.fixture);

    expect(calls(fake, '/api/v1/campaigns/{id}/analytics/funnel')).toBe(funnelCalls + 1);
    expect(calls(fake, '/api/v1/campaigns/{id}/analytics/lift')).toBe(liftCalls);
    expect(store.attributionsVersion()).toBe(version);
    expect(store.feed().map((item) => item.text)).toEqual([
      'New click',
      'A listener connected Spotify',
      'New click',
    ]);
    expect(store.announcement()).toBe('New click');
  });

  it('fetches again after a burst when an event came after its first fetch (its figures may come later)', async () => {
    // The journey's dashboard: the stream opens (a burst), a click comes after the burst's first fetch, and its
    // rollup lands after the burst's last fetch. The click starts another burst when this one ends, so the funnel is
    // fetched again at least the burst's last delay after the click. (Without that, the open's burst fetched at 0
    // and 400 ms, and a click that came just after the first fetch was last fetched less than 400 ms after it.)
    const funnelFetchedAt: number[] = [];
    await open(
      {
        [FUNNEL]: () => {
          funnelFetchedAt.push(Date.now());
          return { status: 200, body: funnel() };
        },
      },
      [0, 400],
    );
    const source = FakeEventSource.latest();
    const before = funnelFetchedAt.length;
    source.open();
    const opened = Date.now();
    while (funnelFetchedAt.length === before && Date.now() < opened + 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(funnelFetchedAt.length).toBeGreaterThan(before); // the burst's first fetch
    const clickedAt = Date.now(); // just after the burst's first fetch
    source.emit('click', { clickId: 'k1', bot: false });
    while (Date.now() < clickedAt + 1_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(funnelFetchedAt.filter((at) => at >= clickedAt + 400).length).toBeGreaterThanOrEqual(1);
  });

  it('keeps the last figures when a live refresh fails', async () => {
    let fail = false;
    const { harness, store } = await open({
      [FUNNEL]: () => (fail ? apiError(500, 'InternalError', 'boom') : { status: 200, body: funnel() }),
    });
    const source = FakeEventSource.latest();
    source.open();
    await settle(harness.fixture);
    expect(store.funnel().state).toBe('ready');

    fail = true;
    source.emit('click', { clickId: 'k1', bot: false });
    await settle(harness.fixture);
    expect(store.funnel().state).toBe('ready');

    store.retry('funnel');
    await settle(harness.fixture);
    expect(store.funnel()).toEqual({
      state: 'error',
      message: expect.stringContaining('Something went wrong'),
    });
  });
});
