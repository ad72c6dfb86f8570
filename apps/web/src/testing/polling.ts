import type { PollingSummary } from '../app/features/admin/polling-model';

/** A healthy poller's summary, as GET /api/v1/admin/polling answers it; override what a spec is about. */
export function pollingSummary(
  overrides: Partial<Omit<PollingSummary, 'listeners' | 'spotify' | 'worker'>> & {
    listeners?: Partial<PollingSummary['listeners']>;
    spotify?: Partial<PollingSummary['spotify']>;
    worker?: Partial<PollingSummary['worker']>;
  } = {},
): PollingSummary {
  const { listeners, spotify, worker, ...rest } = overrides;
  return {
    generatedAt: '2026-11-21T13:05:12.000Z',
    due: 0,
    leased: 1,
    failing: 0,
    pollLagS: 0,
    oldestDueAt: null,
    gapsLast24h: 0,
    listenersWithGapsLast24h: 0,
    ...rest,
    listeners: {
      active: 12,
      needsReconnect: 1,
      devModeBlocked: 0,
      disconnected: 2,
      total: 15,
      ...listeners,
    },
    spotify: { paused: false, pausedUntil: null, quotaExceeded: false, ...spotify },
    worker: {
      polling: true,
      role: 'all',
      concurrency: 8,
      inFlight: 1,
      budgetPer30s: 90,
      budgetUsed: 14,
      activeIntervalS: 30,
      maxIntervalS: 900,
      ...worker,
    },
  };
}

/** A stand-in for the page's REPEAT timer: `tick()` fires it by hand; `running` says whether it is on. */
export function fakeRepeat(): {
  repeat: (tick: () => void, ms: number) => () => void;
  tick: () => void;
  readonly running: boolean;
  readonly everyMs: number | null;
} {
  let current: (() => void) | null = null;
  let everyMs: number | null = null;
  return {
    repeat: (tick, ms) => {
      current = tick;
      everyMs = ms;
      return () => {
        current = null;
      };
    },
    tick: () => current?.(),
    get running() {
      return current !== null;
    },
    get everyMs() {
      return everyMs;
    },
  };
}
