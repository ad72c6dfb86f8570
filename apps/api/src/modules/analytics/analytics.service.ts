import { Injectable } from '@nestjs/common';
import type { CampaignEntity } from '../campaign/campaign.entity';
import type { ResolvedRange } from './analytics-range';
import { RetentionService } from '../retention/retention.service';
import { AnalyticsRepository } from './analytics.repository';
import type {
  ChannelStatsDto,
  CompletenessDto,
  FunnelDto,
  LinkStatsDto,
  RangeDto,
  RawDataHorizonDto,
  RetentionWindowDto,
  TimeseriesPointDto,
  TopTrackDto,
} from './dto/analytics.dto';

const COMPLETENESS_TTL_MS = 30_000;

const ratio = (num: number, den: number): number | null =>
  den > 0 ? Math.round((num / den) * 1e6) / 1e6 : null;
const credit = (micros: string | number | null | undefined): number => Number(micros ?? 0) / 1e6;
const int = (value: unknown): number => Number(value ?? 0);

export function rangeDto(range: ResolvedRange): RangeDto {
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    tz: range.tz,
    granularity: range.granularity,
    linkId: range.linkId ?? null,
    utmSource: range.utmSource ?? null,
    tier: range.tier ?? null,
  };
}

/**
 * The campaign's figures, read from the rollups (analytics-rollups.service.ts) by `AnalyticsRepository`: whole
 * UTC days from the day rows, the ragged ends of the range from the hour rows. Retention and completeness are
 * per-listener figures computed from the listeners' plays (bounded by the campaign's cohort).
 */
@Injectable()
export class AnalyticsService {
  private readonly completenessCache = new Map<string, { at: number; value: CompletenessDto }>();

  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly retentions: RetentionService,
  ) {}

  /** How far back the campaign's raw clicks and plays go, and whether the range reaches past them. */
  async rawDataHorizon(campaign: CampaignEntity, range: ResolvedRange): Promise<RawDataHorizonDto> {
    const horizon = await this.retentions.horizon(campaign.id);
    return {
      clickRetentionDays: horizon.clickRetentionDays,
      rawClicksSince: horizon.rawClicksSince.toISOString(),
      playRetentionDays: horizon.playRetentionDays,
      rawPlaysSince: horizon.rawPlaysSince.toISOString(),
      rangeBeforeRawClicks: range.from.getTime() < horizon.rawClicksSince.getTime(),
    };
  }

  /**
   * The funnel. Each rate compares one population with itself (docs/analytics.md): connects are listeners who
   * connected through a click in the range (a connected browser's click is `alreadyConnected`, not a
   * connect); `connectsReached` is those of them with an attributed play (at any time); `activeListeners` is
   * the listeners behind the range's attributed plays. The two figures that are not rollup sums read the
   * first-event table of the range's connects and the campaign's attributions in the range (index ranges).
   */
  async funnel(
    campaign: CampaignEntity,
    range: ResolvedRange,
  ): Promise<Omit<FunnelDto, 'completeness' | 'rawData'>> {
    const row = await this.repository.funnel(campaign, range);
    const f = row ?? {};
    const clicks = int(f['clicks']);
    const uniqueVisitors = int(f['visitors']);
    const connects = int(f['connects']);
    const listeners = int(f['listeners']);
    const attributedPlays = int(f['plays']);
    const existing = int(f['existing']);
    const connectsReached = int(f['reached']);
    const activeListeners = int(f['active']);
    return {
      range: rangeDto(range),
      clicks,
      botClicks: int(f['bot_clicks']),
      uniqueVisitors,
      connects,
      alreadyConnected: int(f['already_connected']),
      connectsReached,
      listeners,
      listenerTypes: { new: listeners - existing, existing },
      attributedPlays,
      activeListeners,
      creditedPlays: credit(f['credit']),
      rates: {
        visitorsPerClick: ratio(uniqueVisitors, clicks),
        connectsPerVisitor: ratio(connects, uniqueVisitors),
        listenersPerConnect: ratio(connectsReached, connects),
        playsPerListener: ratio(attributedPlays, activeListeners),
      },
    };
  }

  async timeseries(campaign: CampaignEntity, range: ResolvedRange): Promise<TimeseriesPointDto[]> {
    const points = await this.repository.timeseries(campaign, range);
    return points.map((row) => ({
      start: new Date(row['start'] as string).toISOString(),
      clicks: int(row['clicks']),
      uniqueVisitors: int(row['visitors']),
      connects: int(row['connects']),
      attributedPlays: int(row['plays']),
      attributedPlaysByTier: { high: int(row['high']), medium: int(row['medium']), low: int(row['low']) },
      creditedPlays: credit(row['credit'] as string),
      listeners: int(row['listeners']),
    }));
  }

  /**
   * The campaign's most played tracks. Rollup-backed (per track and tier); filtered by link or utm_source it
   * reads the campaign's attributions in the range instead (the track rollup has no link dimension).
   */
  async topTracks(campaign: CampaignEntity, range: ResolvedRange, limit: number): Promise<TopTrackDto[]> {
    const rows = await this.repository.topTracks(campaign, range, limit);
    return rows.map((row) => ({
      trackId: row['track_id'] as string,
      name: (row['name'] as string | null) ?? null,
      artistNames: (row['artist_names'] as string[] | null) ?? [],
      imageUrl: (row['image_url'] as string | null) ?? null,
      attributedPlays: int(row['plays']),
      creditedPlays: credit(row['credit'] as string),
      share: ratio(int(row['plays']), int(row['total'])) ?? 0,
    }));
  }

  /** Links and channels (utm_source) compared. */
  async links(
    campaign: CampaignEntity,
    range: ResolvedRange,
  ): Promise<{ links: LinkStatsDto[]; channels: ChannelStatsDto[] }> {
    const rows = await this.repository.linkFigures(campaign, range);
    const links = await this.repository.trackerLinks(campaign.id);
    type Sums = {
      clicks: number;
      visitors: number;
      connects: number;
      plays: number;
      credit: number;
      listeners: number;
    };
    const empty = (): Sums => ({ clicks: 0, visitors: 0, connects: 0, plays: 0, credit: 0, listeners: 0 });
    const add = (into: Sums, row: Record<string, unknown>) => {
      into.clicks += int(row['clicks']);
      into.visitors += int(row['visitors']);
      into.connects += int(row['connects']);
      into.plays += int(row['plays']);
      into.credit += Number(row['credit'] ?? 0);
      into.listeners += int(row['listeners']);
    };
    const byLink = new Map<string, Sums>();
    const byChannel = new Map<string, Sums>();
    for (const row of rows) {
      const link = row['link_id'] as string;
      const channel = row['utm_source'] as string;
      if (!byLink.has(link)) byLink.set(link, empty());
      if (!byChannel.has(channel)) byChannel.set(channel, empty());
      add(byLink.get(link) as Sums, row);
      add(byChannel.get(channel) as Sums, row);
    }
    const figures = (s: Sums) => ({
      clicks: s.clicks,
      uniqueVisitors: s.visitors,
      connects: s.connects,
      connectRate: ratio(s.connects, s.visitors),
      attributedPlays: s.plays,
      creditedPlays: s.credit / 1e6,
      listeners: s.listeners,
      playsPerClick: ratio(s.plays, s.clicks),
    });
    return {
      links: links
        .filter((l) => !range.linkId || l.id === range.linkId)
        .map((l) => ({
          linkId: l.id,
          label: l.label,
          slug: l.slug,
          utmSource: l.utm_source,
          ...figures(byLink.get(l.id) ?? empty()),
        }))
        .sort((a, b) => b.clicks - a.clicks || b.attributedPlays - a.attributedPlays),
      channels: [...byChannel.entries()]
        .map(([utm, s]) => ({ utmSource: utm === '' ? null : utm, ...figures(s) }))
        .sort((a, b) => b.clicks - a.clicks || b.attributedPlays - a.attributedPlays),
    };
  }

  /**
   * Share of the cohort who played a campaign track again on days 1-7, 8-14 and 15-28 after their first
   * attributed play (day 0 is the 24 hours from that play, so the play that put them in the cohort never
   * counts as playing again).
   */
  async retention(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now = new Date(),
  ): Promise<{ cohort: number; windows: RetentionWindowDto[] }> {
    const rows = await this.repository.retention(campaign, range, now);
    return {
      cohort: rows[0]?.cohort ?? 0,
      windows: rows.map((r) => ({
        window: r.name,
        fromDay: r.lo,
        toDay: r.hi - 1,
        eligible: r.eligible,
        retained: r.retained,
        share: ratio(r.retained, r.eligible),
      })),
    };
  }

  /**
   * Share of the connected listener-time in the range (from each listener's first connect to their
   * disconnection or now) that polling observed: not inside an observation gap, nor in a time nobody polled.
   * Listeners: those whose clicks of the campaign name them (the link/utm_source filters apply to their first
   * linked click). Cached for 30 seconds.
   */
  async completeness(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now = new Date(),
  ): Promise<CompletenessDto> {
    const key = [campaign.id, range.from.getTime(), range.to.getTime(), range.linkId, range.utmSource].join(
      '|',
    );
    const cached = this.completenessCache.get(key);
    if (cached && now.getTime() - cached.at < COMPLETENESS_TTL_MS) return cached.value;
    const row = await this.repository.completeness(campaign, range, now);
    const total = row?.total ?? 0;
    const gap = row?.gap ?? 0;
    const value: CompletenessDto = {
      share: total > 0 ? Math.round((1 - gap / total) * 1e6) / 1e6 : null,
      listeners: row?.listeners ?? 0,
      connectedHours: Math.round((total / 3600) * 1000) / 1000,
      gapHours: Math.round((gap / 3600) * 1000) / 1000,
      computedAt: now.toISOString(),
    };
    if (this.completenessCache.size > 1000) this.completenessCache.clear();
    this.completenessCache.set(key, { at: now.getTime(), value });
    return value;
  }
}
