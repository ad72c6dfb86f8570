import { renderSignedIn } from '../../../testing/signed-in';
import {
  apiError,
  deferred,
  FakeAnswer,
  fakeApi,
  owner,
  signInRoute,
} from '../../../testing/fake-api-client';
import { button, settle, text } from '../../../testing/dom';
import { fakeRepeat, pollingSummary } from '../../../testing/polling';
import { formatDuration, formatTime } from './polling-model';
import { PollingHealth, REPEAT } from './polling-health';

const admin = owner({ id: 'admin-1', displayName: 'Ops', role: 'admin', timezone: 'Europe/Berlin' });

const sourceRow = (kind: string, over: Record<string, unknown> = {}) => ({
  kind,
  active: 3,
  needsReconnect: 1,
  disconnected: 0,
  due: 2,
  failing: 0,
  lastPolledAt: '2026-11-21T13:00:00.000Z',
  paused: false,
  pausedUntil: null,
  requestsPerSecond: 4,
  ...over,
});
let sourcesAnswer: FakeAnswer = {
  status: 200,
  body: {
    items: [
      sourceRow('lastfm', { paused: true, pausedUntil: '2026-11-21T13:10:00.000Z' }),
      sourceRow('listenbrainz', { active: 5, needsReconnect: 0, due: 0 }),
    ],
  },
};

async function render(answers: Array<FakeAnswer | Promise<FakeAnswer>>) {
  const queue = [...answers];
  const fake = fakeApi({
    ...signInRoute(admin),
    'GET /api/v1/admin/polling': () => queue.shift() ?? { status: 200, body: pollingSummary() },
    'GET /api/v1/admin/polling/sources': () => sourcesAnswer,
  });
  const timer = fakeRepeat();
  const { fixture, el } = await renderSignedIn(PollingHealth, fake, [
    { provide: REPEAT, useValue: timer.repeat },
  ]);
  const stat = (name: string) => text(el.querySelector(`[data-stat="${name}"] dd`));
  const live = () => text(el.querySelector('[aria-live="polite"]'));
  const verdict = () => el.querySelector<HTMLElement>('.polling__verdict');
  return { fixture, el, fake, timer, stat, live, verdict };
}

const polls = (fake: { calls: { path: string }[] }) =>
  fake.calls.filter((c) => c.path === '/api/v1/admin/polling').length;

describe('Admin polling health page', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('breaks the figures down by source: Spotify, Last.fm and ListenBrainz, with a paused one', async () => {
    const { el } = await render([{ status: 200, body: pollingSummary({ due: 2 }) }]);
    const row = (kind: string) =>
      [...el.querySelectorAll(`tr[data-source="${kind}"] > *`)].map((cell) => text(cell));
    expect(row('spotify')[0]).toBe('Spotify');
    expect(row('lastfm')).toEqual([
      'Last.fm',
      '3',
      '1',
      '2',
      '0',
      `Paused until ${formatTime('2026-11-21T13:10:00.000Z', 'Europe/Berlin')}`,
    ]);
    expect(row('listenbrainz')).toEqual(['ListenBrainz', '5', '0', '0', '0', 'Flowing']);
  });

  it('keeps the page when the sources cannot be read, and says so', async () => {
    const saved = sourcesAnswer;
    sourcesAnswer = apiError(503, 'Unavailable', 'Try again.');
    try {
      const { el } = await render([{ status: 200, body: pollingSummary() }]);
      expect(el.querySelector('tr[data-source="spotify"]')).not.toBeNull();
      expect(el.querySelector('tr[data-source="lastfm"]')).toBeNull();
      expect(text(el.querySelector('section[aria-labelledby="sources-title"]'))).toContain(
        "Last.fm and ListenBrainz figures couldn't be read.",
      );
    } finally {
      sourcesAnswer = saved;
    }
  });

  it('shows listeners by state, the queue, gaps, Spotify and the answering process', async () => {
    const { el, stat, verdict } = await render([
      {
        status: 200,
        body: pollingSummary({ oldestDueAt: '2026-11-21T13:05:00.000Z', due: 2, pollLagS: 12 }),
      },
    ]);

    expect(text(el.querySelector('h1'))).toBe('Polling health');
    expect(stat('active')).toBe('12');
    expect(stat('needs-reconnect')).toBe('1');
    expect(stat('dev-mode-blocked')).toBe('0');
    expect(stat('disconnected')).toBe('2');
    expect(stat('total')).toBe('15');
    expect(stat('due')).toBe('2');
    expect(stat('leased')).toBe('1');
    expect(stat('lag')).toBe('12 s');
    expect(stat('calls')).toBe('Flowing');
    expect(stat('quota')).toBe('Available');
    expect(stat('role')).toBe('all Polls');
    expect(stat('in-flight')).toBe('1 of 8');
    expect(stat('budget')).toBe('14 of 90');
    expect(stat('intervals')).toBe('30 s to 15 min');
    expect(text(el)).toContain(`due at ${formatTime('2026-11-21T13:05:00.000Z', 'Europe/Berlin')}`);
    expect(text(el)).toContain(`Figures from ${formatTime('2026-11-21T13:05:12.000Z', 'Europe/Berlin')}`);
    expect(verdict()?.dataset['level']).toBe('ok');
    expect(text(verdict())).toBe('Polling is keeping up');
    // The page lives under the admin area's own navigation.
    const links = el.querySelectorAll('nav[aria-label="Administration"] a');
    expect(Array.from(links, (a) => [text(a), a.getAttribute('href')])).toEqual([
      ['Owners', '/admin'],
      ['Polling health', '/admin/polling'],
    ]);
  });

  it('refreshes every 15 seconds by itself, and stops when asked to', async () => {
    const { fixture, fake, timer, stat, el } = await render([
      { status: 200, body: pollingSummary() },
      { status: 200, body: pollingSummary({ due: 7, listeners: { active: 13, total: 16 } }) },
    ]);
    expect(timer.running).toBe(true);
    expect(timer.everyMs).toBe(15_000);
    expect(polls(fake)).toBe(1);

    timer.tick();
    await settle(fixture);
    expect(polls(fake)).toBe(2);
    expect(stat('due')).toBe('7');
    expect(stat('active')).toBe('13');

    const auto = el.querySelector<HTMLInputElement>('.polling__auto input')!;
    auto.checked = false;
    auto.dispatchEvent(new Event('change'));
    await settle(fixture);
    expect(timer.running).toBe(false);

    fixture.destroy();
    expect(timer.running).toBe(false);
  });

  it('refreshes on demand and tells screen readers', async () => {
    const later = deferred<FakeAnswer>();
    const { fixture, fake, el, stat, live } = await render([
      { status: 200, body: pollingSummary() },
      later.promise,
    ]);

    button(el, 'Refresh').click();
    await settle(fixture);
    expect(button(el, 'Refreshing…').disabled).toBe(true);
    later.resolve({ status: 200, body: pollingSummary({ failing: 3 }) });
    await settle(fixture);

    expect(polls(fake)).toBe(2);
    expect(stat('failing')).toBe('3');
    expect(button(el, 'Refresh').disabled).toBe(false);
    expect(live()).toBe('Polling health updated. Polling needs attention.');
  });

  it('says when Spotify calls are paused because the quota is used up, and why polling lags', async () => {
    const { verdict, stat } = await render([
      {
        status: 200,
        body: pollingSummary({
          due: 40,
          pollLagS: 200,
          failing: 1,
          gapsLast24h: 2,
          listenersWithGapsLast24h: 1,
          spotify: { paused: true, pausedUntil: '2026-11-21T14:00:00.000Z', quotaExceeded: true },
        }),
      },
    ]);

    expect(verdict()?.dataset['level']).toBe('danger');
    expect(verdict()?.getAttribute('class')).toContain('sl-alert');
    const message = text(verdict());
    expect(message).toContain('Spotify calls are paused');
    expect(message).toContain(
      `quota is used up: every Spotify call is paused until ${formatTime('2026-11-21T14:00:00.000Z', 'Europe/Berlin')}`,
    );
    expect(message).toContain('the most overdue listener has waited 3 min 20 s (40 listeners due now)');
    expect(message).toContain("1 listener's last poll failed");
    expect(message).toContain('2 observation gaps in the last 24 h');
    expect(stat('calls')).toBe('Paused');
    expect(stat('quota')).toBe('Used up');
    expect(stat('gaps')).toBe('2');
    expect(stat('gap-listeners')).toBe('1');
  });

  it('says so when no listener is connected yet', async () => {
    const { el, verdict } = await render([
      {
        status: 200,
        body: pollingSummary({
          leased: 0,
          listeners: { active: 0, needsReconnect: 0, devModeBlocked: 0, disconnected: 0, total: 0 },
        }),
      },
    ]);

    expect(text(verdict())).toBe('Nothing to poll yet');
    expect(text(el)).toContain('No listener has connected Spotify yet');
    expect(el.querySelector('.states-bar')).toBeNull();
  });

  it('shows an error with a retry when the figures cannot be loaded', async () => {
    const { fixture, el, stat } = await render([apiError(500, 'InternalServerError', 'boom')]);

    const alert = el.querySelector('[role="alert"]');
    expect(text(alert)).toContain("Polling health couldn't be loaded.");
    expect(text(alert)).toContain('Something went wrong on our side');

    button(el, 'Try again').click();
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(stat('active')).toBe('12');
  });

  it('keeps the last figures when a refresh fails, and says how old they are', async () => {
    const { fixture, el, timer, stat } = await render([
      { status: 200, body: pollingSummary() },
      { networkError: new TypeError('Failed to fetch') },
    ]);

    timer.tick();
    await settle(fixture);

    expect(stat('active')).toBe('12');
    const alert = el.querySelector('.polling__stale');
    expect(text(alert)).toContain("The last refresh failed: We couldn't reach Soundlink.");
    expect(text(alert)).toContain(`from ${formatTime('2026-11-21T13:05:12.000Z', 'Europe/Berlin')}`);

    timer.tick();
    await settle(fixture);
    expect(el.querySelector('.polling__stale')).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [60, '1 min'],
    [200, '3 min 20 s'],
    [3600, '1 h'],
    [7500, '2 h 5 min'],
  ])('%i s reads "%s"', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
