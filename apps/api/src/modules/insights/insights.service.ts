import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { listenerNotConnected } from '../listener/listener.errors';
import type {
  ClockCellDto,
  InsightCampaignDto,
  InsightRange,
  ListenerInsightsDto,
  ListenerTopTrackDto,
  TopAlbumDto,
  TopArtistDto,
} from './dto/insights.dto';
import { invalidTimeZone } from './insights.errors';
import { InsightsRepository, PlaysRange } from './insights.repository';
import { computeStreaks, everyDay, SESSION_GAP_MINUTES } from './listening-patterns';
import { SpotifyTopService } from './spotify-top.service';

const RANGE_DAYS: Record<InsightRange, number | null> = { '4w': 28, '6m': 182, all: null };

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const iso = (value: Date | string): string => new Date(value).toISOString();

/**
 * A connected listener's own insights (docs/insights.md): top tracks, artists and albums, listening time per
 * day, the listening clock, sessions, streaks, the share of new tracks and their campaigns, from the plays
 * Soundlink stored (polled, baseline and imported; read by InsightsRepository), plus Spotify's own /me/top
 * when the scope was granted (SpotifyTopService).
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly repository: InsightsRepository,
    private readonly spotifyTop: SpotifyTopService,
  ) {}

  async insights(
    listenerId: string,
    options: { range?: InsightRange; tz?: string; limit?: number },
  ): Promise<ListenerInsightsDto> {
    const listener = await this.repository.listener(listenerId);
    if (!listener) throw listenerNotConnected();
    const range = options.range ?? '4w';
    const tz = options.tz ?? listener.timezone ?? 'UTC';
    if (!(await this.repository.knowsTimeZone(tz))) throw invalidTimeZone(tz);
    const limit = options.limit ?? 10;
    const now = new Date();
    const days = RANGE_DAYS[range];
    const from = days === null ? null : new Date(now.getTime() - days * 86_400_000);

    // One snapshot for every section, on one connection (the pool is shared with polling). Three passes over
    // the plays of the range (time, tracks, sessions) instead of one per section: an all-time page of 100,000
    // plays takes a fraction of a second (docs/insights.md).
    const sections = await this.repository.snapshot(async (db) => {
      const to = await this.rangeEnd(db, listenerId, now);
      const plays: PlaysRange = { listenerId, from, to };
      const time = await this.timeSections(db, plays, tz);
      const tracks = await this.trackSections(db, plays, limit);
      const sessions = await this.sessions(db, plays);
      // Streaks look at every day ever; for all time those are the days just counted.
      const activeDays =
        range === 'all' ? time.activeDays : await this.repository.activeDaysEver(db, listenerId, tz);
      const campaigns = await this.campaigns(db, listenerId);
      return { to, time, tracks, sessions, activeDays, campaigns };
    });
    const { to, time, tracks, sessions, activeDays, campaigns } = sections;
    const spotifyTop = await this.spotifyTop.top(
      {
        listenerId,
        scope: listener.scope,
        status: listener.status,
        accessTokenEnc: listener.access_token_enc,
        refreshTokenEnc: listener.refresh_token_enc,
        tokenExpiresAt: listener.token_expires_at,
      },
      range,
      limit,
    );
    const streaks = computeStreaks(activeDays, time.today);
    return {
      range,
      timeZone: tz,
      from: from?.toISOString() ?? null,
      to: to.toISOString(),
      totals: { ...time.totals, distinctTracks: tracks.distinctTracks },
      topTracks: tracks.topTracks,
      topArtists: tracks.topArtists,
      topAlbums: tracks.topAlbums,
      spotifyTop,
      listeningPerDay: time.perDay,
      clock: time.clock,
      sessions: { gapMinutes: SESSION_GAP_MINUTES, ...sessions },
      streaks,
      newTracks: tracks.newTracks,
      campaigns,
    };
  }

  /**
   * The end of the range: now, or the end of the listener's latest play when Spotify reported one that ended
   * after our clock's now (a clock ahead of ours: the sandbox's, moved ahead by its play page). A play that
   * Sync now just recorded is in the listener's insights at once, never hidden until our clock catches up.
   */
  private async rangeEnd(db: EntityManager, listenerId: string, now: Date): Promise<Date> {
    return (await this.repository.latestPlayAfter(db, listenerId, now)) ?? now;
  }

  /**
   * Plays and listening time per calendar day, per weekday × hour and in all, in the listener's time zone.
   * Days without plays are filled in here, from the range's first day (for all time: the first day with
   * plays) to today.
   */
  private async timeSections(
    db: EntityManager,
    plays: PlaysRange,
    tz: string,
  ): Promise<{
    totals: Omit<ListenerInsightsDto['totals'], 'distinctTracks'>;
    perDay: ListenerInsightsDto['listeningPerDay'];
    clock: ClockCellDto[];
    activeDays: string[];
    today: string;
  }> {
    const rows = await this.repository.timeRows(db, plays, tz);
    const bounds = await this.repository.rangeDays(db, plays, tz);
    const today = bounds.last;

    const days = new Map<string, { plays: number; ms: number }>();
    const clock: ClockCellDto[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) clock.push({ weekday, hour, plays: 0, listeningMs: 0 });
    }
    let total = { plays: 0, ms: 0 };
    for (const r of rows) {
      if (r.by_day && r.day !== null) days.set(r.day, { plays: r.plays, ms: num(r.ms) });
      else if (r.by_hour && r.weekday !== null && r.hour !== null) {
        const cell = clock[(r.weekday - 1) * 24 + r.hour];
        if (cell) {
          cell.plays = r.plays;
          cell.listeningMs = num(r.ms);
        }
      } else total = { plays: r.plays, ms: num(r.ms) };
    }
    const activeDays = [...days.keys()].sort();
    // All time without a single play has no days at all.
    const first = bounds.first ?? activeDays[0];
    return {
      totals: { plays: total.plays, listeningMs: total.ms, activeDays: days.size },
      perDay: (first ? everyDay(first, today) : []).map((date) => ({
        date,
        plays: days.get(date)?.plays ?? 0,
        listeningMs: days.get(date)?.ms ?? 0,
      })),
      clock,
      activeDays,
      today,
    };
  }

  /** Top tracks, artists and albums, the number of different tracks and the tracks new to the listener. */
  private async trackSections(
    db: EntityManager,
    plays: PlaysRange,
    limit: number,
  ): Promise<{
    distinctTracks: number;
    topTracks: ListenerTopTrackDto[];
    topArtists: TopArtistDto[];
    topAlbums: TopAlbumDto[];
    newTracks: ListenerInsightsDto['newTracks'];
  }> {
    const r = await this.repository.trackSections(db, plays, limit);
    const total = num(r.new_tracks.total);
    const newPlays = num(r.new_tracks.plays);
    return {
      distinctTracks: num(r.distinct_tracks),
      topTracks: r.top_tracks.map((t) => ({
        trackId: t.track_id,
        name: t.name,
        artistNames: t.artist_names,
        albumName: t.album_name,
        imageUrl: t.image_url,
        plays: t.plays,
        listeningMs: num(t.ms),
      })),
      topArtists: r.top_artists.map((a) => ({
        name: a.name,
        artistId: a.artist_id,
        plays: a.plays,
        listeningMs: num(a.ms),
      })),
      topAlbums: r.top_albums.map((a) => ({
        name: a.name,
        artistName: a.artist_name,
        albumId: a.album_id,
        imageUrl: a.image_url,
        plays: a.plays,
        listeningMs: num(a.ms),
      })),
      newTracks: {
        tracks: num(r.new_tracks.tracks),
        plays: newPlays,
        share: total === 0 ? 0 : Math.round((newPlays / total) * 10_000) / 10_000,
      },
    };
  }

  /** How many sessions, how long on average, and the longest (see InsightsRepository.sessions). */
  private async sessions(
    db: EntityManager,
    plays: PlaysRange,
  ): Promise<Omit<ListenerInsightsDto['sessions'], 'gapMinutes'>> {
    const r = await this.repository.sessions(db, plays);
    const count = num(r.count);
    return {
      count,
      averageDurationMs: count === 0 ? 0 : Math.round(num(r.total_ms) / count),
      longest:
        r.started_at && r.ended_at
          ? {
              startedAt: iso(r.started_at),
              endedAt: iso(r.ended_at),
              durationMs: new Date(r.ended_at).getTime() - new Date(r.started_at).getTime(),
              plays: num(r.plays),
              listeningMs: num(r.ms),
            }
          : null,
    };
  }

  private async campaigns(db: EntityManager, listenerId: string): Promise<InsightCampaignDto[]> {
    const rows = await this.repository.campaigns(db, listenerId);
    return rows.map((r) => ({
      name: r.name,
      destinationType: r.destination_type,
      destinationName: r.destination_name,
      clicks: r.clicks,
      firstClickAt: iso(r.first_click_at),
      attributedPlays: r.attributed_plays,
    }));
  }
}
