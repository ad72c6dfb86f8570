import { Injectable } from '@nestjs/common';
import type { CampaignEntity } from '../campaign/campaign.entity';
import type { ResolvedRange } from './analytics-range';
import {
  AnalyticsSegmentsRepository,
  Segment,
  SEGMENT_BASELINE_HOURS,
  SegmentGroupRow,
  SEGMENTS,
} from './analytics-segments.repository';
import { rangeDto } from './analytics.service';
import type { ObservedDaysBucketDto, SegmentsDto } from './dto/analytics-segments.dto';

/** The listed artists; `artistCount` says how many there are (a playlist campaign may have hundreds). */
const ARTISTS_LISTED = 50;
/** Buckets of observed days for the unknown listeners: [from, to). */
const OBSERVED_BUCKETS: ReadonlyArray<[number, number]> = [
  [0, 1],
  [1, 7],
  [7, 14],
  [14, 28],
];

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;
const share = (num: number, den: number): number => (den > 0 ? round6(num / den) : 0);

/**
 * Listener segments as Spotify's campaign reports name them (new, reactivated, amplified), plus `steady`
 * (already active, not more after) and `unknown` (less than 28 days observed before the click), so the
 * segments of the listeners reached always add up. Definitions in docs/analytics.md, "Listener segments".
 */
@Injectable()
export class AnalyticsSegmentsService {
  constructor(private readonly repository: AnalyticsSegmentsRepository) {}

  async segments(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now = new Date(),
  ): Promise<Omit<SegmentsDto, 'completeness'>> {
    const artists = await this.repository.campaignArtists(campaign);
    const groups = await this.repository.segmentGroups(
      campaign,
      range,
      artists.map((a) => a.id),
      now,
    );
    return summarise(groups, {
      range: rangeDto(range),
      afterWindowHours: campaign.attributionWindowHours,
      artists: artists.slice(0, ARTISTS_LISTED),
      artistCount: artists.length,
    });
  }
}

/** Adds the grouped rows up into the response (pure, so the arithmetic is plain to read). */
export function summarise(
  groups: SegmentGroupRow[],
  head: Pick<SegmentsDto, 'range' | 'afterWindowHours' | 'artists' | 'artistCount'>,
): Omit<SegmentsDto, 'completeness'> {
  const by = new Map<Segment, { listeners: number; plays: number }>();
  for (const segment of SEGMENTS) by.set(segment, { listeners: 0, plays: 0 });
  let older = 0;
  let unknownSeconds = 0;
  const buckets: ObservedDaysBucketDto[] = OBSERVED_BUCKETS.map(([fromDays, toDays]) => ({
    fromDays,
    toDays,
    listeners: 0,
  }));
  for (const g of groups) {
    const sums = by.get(g.segment);
    if (!sums) continue;
    sums.listeners += g.listeners;
    sums.plays += g.plays;
    if (g.segment === 'unknown') {
      unknownSeconds += g.observedSeconds;
      const days = g.observedDays ?? 0;
      const bucket = buckets.find((b) => days >= b.fromDays && days < b.toDays);
      if (bucket) bucket.listeners += g.listeners;
    } else {
      older += g.withOlderHistory;
    }
  }
  const listeners = [...by.values()].reduce((n, s) => n + s.listeners, 0);
  const plays = [...by.values()].reduce((n, s) => n + s.plays, 0);
  const unknown = by.get('unknown')?.listeners ?? 0;
  return {
    ...head,
    baselineDays: SEGMENT_BASELINE_HOURS / 24,
    listeners,
    plays,
    segments: SEGMENTS.map((segment) => {
      const s = by.get(segment) ?? { listeners: 0, plays: 0 };
      return {
        segment,
        listeners: s.listeners,
        plays: s.plays,
        share: share(s.listeners, listeners),
        playsShare: share(s.plays, plays),
      };
    }),
    coverage: {
      fullyObserved: listeners - unknown,
      share: listeners > 0 ? round6((listeners - unknown) / listeners) : null,
      withOlderHistory: older,
      unknownMeanObservedDays: unknown > 0 ? round6(unknownSeconds / 86_400 / unknown) : null,
      unknownByObservedDays: buckets,
    },
  };
}
