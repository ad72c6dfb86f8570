import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CacheService } from '../../common/cache/cache.service';
import { DomainEvents } from '../../common/events/domain-events.service';
import { AppConfig } from '../../config/app-config';
import { TREND_LIST_MAX, TrendType, TrendWindow, WINDOW_DAYS } from './dto/trends-query.dto';
import type { TrendItemDto, TrendsDto } from './dto/trends.dto';
import { isRising, risingScore } from './trend-statistics';
import { ItemCounts, TrendsRepository, WindowDays } from './trends.repository';

/** The cache namespace of the charts (cache_hits_total{cache="trends"} on /metrics). */
export const TRENDS_CACHE = 'trends';

/** The three lists of one (type, window): computed together, cached together. */
export interface TrendChart {
  head: Omit<TrendsDto, 'items'>;
  top: TrendItemDto[];
  rising: TrendItemDto[];
  newEntries: TrendItemDto[];
}

export type TrendList = 'top' | 'rising' | 'newEntries';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const round2 = (n: number) => Math.round(n * 100) / 100;
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The window ending with the last complete UTC day before `now`, and the one just before it. */
export function windowDays(window: TrendWindow, now: Date): WindowDays {
  const days = WINDOW_DAYS[window];
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return {
    days,
    end: isoDay(today - DAY_MS),
    start: isoDay(today - days * DAY_MS),
    previousEnd: isoDay(today - (days + 1) * DAY_MS),
    previousStart: isoDay(today - 2 * days * DAY_MS),
  };
}

/**
 * Public, anonymised trends (docs/trends.md): top, rising and new tracks and artists over the last 24 hours
 * (the last complete UTC day), 7 or 28 complete UTC days. An item appears only when at least
 * TRENDS_MIN_LISTENERS distinct listeners played it in the window, and no count below that threshold is
 * ever shown. Charts are cached (CacheService) for TRENDS_CACHE_TTL_S seconds, then answered stale while
 * one process recomputes them; a listener's erasure forgets every cached chart at once.
 */
@Injectable()
export class TrendsService implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: TrendsRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // Erased listening disappears from the charts now, not after the TTL (in every process: the cache's
    // generation is shared through Redis).
    this.unsubscribe = this.events.on('listener.erased', () => this.invalidate());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async list(type: TrendType, window: TrendWindow, list: TrendList, limit: number): Promise<TrendsDto> {
    const chart = await this.chart(type, window);
    return { ...chart.head, items: chart[list].slice(0, limit) };
  }

  async chart(type: TrendType, window: TrendWindow, now = new Date()): Promise<TrendChart> {
    const k = this.config.TRENDS_MIN_LISTENERS;
    const w = windowDays(window, now);
    return this.cache.getOrCompute(
      TRENDS_CACHE,
      `${type}:${window}:${w.end}:k${k}`,
      this.config.TRENDS_CACHE_TTL_S * 1000,
      () => this.compute(type, window, w, k),
    );
  }

  /** Forgets every cached chart (every process sharing Redis). */
  invalidate(): Promise<void> {
    return this.cache.invalidate(TRENDS_CACHE);
  }

  private async compute(type: TrendType, window: TrendWindow, w: WindowDays, k: number): Promise<TrendChart> {
    // A chart counts every play stored before it is computed: what the triggers queued is folded first.
    await this.repository.fold();
    const [counts, platform] = await Promise.all([
      this.repository.itemCounts(type, w, k),
      this.repository.platformListeners(w),
    ]);
    const current = counts
      .filter((c) => c.listeners >= k)
      .sort((a, b) => b.listeners - a.listeners || b.plays - a.plays || byId(a, b));
    const previous = counts
      .filter((c) => c.previousListeners >= k)
      .sort(
        (a, b) =>
          b.previousListeners - a.previousListeners || b.previousPlays - a.previousPlays || byId(a, b),
      )
      .slice(0, TREND_LIST_MAX);
    const previousRank = new Map(previous.map((c, i) => [c.id, i + 1]));
    const top = current.slice(0, TREND_LIST_MAX);
    const newEntries = top.filter((c) => !previousRank.has(c.id));
    const scored = current
      .filter((c) => isRising({ current: c.listeners, previous: c.previousListeners }, platform, k))
      .map((c) => ({
        c,
        score: risingScore({ current: c.listeners, previous: c.previousListeners }, platform),
      }))
      .sort(
        (a, b) =>
          b.score.growth - a.score.growth ||
          b.score.z - a.score.z ||
          b.c.listeners - a.c.listeners ||
          byId(a.c, b.c),
      )
      .slice(0, TREND_LIST_MAX)
      .map((s) => s.c);

    const render = await this.renderer(type, [...new Set([...top, ...scored].map((c) => c.id))]);
    const items = (list: ItemCounts[]) =>
      list
        .map((c) => render(c, k, platform, previousRank.get(c.id) ?? null))
        .filter((item): item is TrendItemDto => item !== null)
        .map((item, i) => ({ ...item, rank: i + 1 }));
    const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
    return {
      head: {
        type,
        window,
        from: day(w.start).toISOString(),
        to: new Date(day(w.end).getTime() + DAY_MS).toISOString(),
        previousFrom: day(w.previousStart).toISOString(),
        minListeners: k,
        computedAt: new Date().toISOString(),
      },
      top: items(top),
      rising: items(scored),
      newEntries: items(newEntries),
    };
  }

  /** Turns counts into items with names from the catalog (provisional ids are not shown). */
  private async renderer(type: TrendType, ids: string[]) {
    const tracks =
      type === 'track' ? new Map((await this.repository.tracks(ids)).map((t) => [t.id, t])) : null;
    const artists =
      type === 'artist' ? new Map((await this.repository.artists(ids)).map((a) => [a.id, a])) : null;
    return (
      c: ItemCounts,
      k: number,
      platform: { current: number; previous: number },
      previousRank: number | null,
    ): TrendItemDto | null => {
      const shown = c.previousListeners >= k;
      const score = risingScore({ current: c.listeners, previous: c.previousListeners }, platform);
      const base = {
        rank: 0,
        type,
        listeners: c.listeners,
        plays: c.plays,
        previousListeners: shown ? c.previousListeners : null,
        previousRank,
        growth: shown ? round2(score.growth) : null,
        zScore: shown ? round2(score.z) : null,
      };
      if (tracks) {
        const track = tracks.get(c.id);
        return {
          ...base,
          id: c.id,
          name: track?.name || c.id,
          artists: (track?.artists ?? []).map((a) => ({ id: a.provisional ? null : a.id, name: a.name })),
          albumName: track?.albumName ?? null,
          imageUrl: track?.imageUrl ?? null,
        };
      }
      const artist = artists?.get(c.id);
      if (!artist) return null;
      return {
        ...base,
        id: artist.provisional ? null : artist.id,
        name: artist.name,
        artists: [],
        albumName: null,
        imageUrl: null,
      };
    };
  }
}
