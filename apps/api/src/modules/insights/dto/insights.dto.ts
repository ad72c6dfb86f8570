import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsTimeZone } from '../../../common/validation/is-time-zone';

export const INSIGHT_RANGES = ['4w', '6m', 'all'] as const;
export type InsightRange = (typeof INSIGHT_RANGES)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class InsightsQueryDto {
  @ApiPropertyOptional({
    enum: INSIGHT_RANGES,
    default: '4w',
    description: 'The last 4 weeks (28 days), the last 6 months (182 days) or everything recorded.',
  })
  @IsOptional()
  @IsIn(INSIGHT_RANGES)
  range?: InsightRange;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    description: 'IANA time zone for days, the listening clock and streaks. Default: yours on record (UTC).',
  })
  @IsOptional()
  @IsTimeZone()
  tz?: string;

  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 50, description: 'Entries per top list.' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class InsightTotalsDto {
  @ApiProperty({ example: 412 })
  plays: number;

  @ApiProperty({ example: 81_900_000, description: 'ms_played when known (imports), else the track length.' })
  listeningMs: number;

  @ApiProperty({ example: 190 })
  distinctTracks: number;

  @ApiProperty({ example: 21, description: 'Days (in tz) with at least one play.' })
  activeDays: number;
}

export class ListenerTopTrackDto {
  @ApiProperty({ example: '4uLU6hMCjMI75M1A2tKUQC' })
  trackId: string;

  @ApiProperty({ example: 'Night Drive', description: 'Empty when Soundlink never saw the name.' })
  name: string;

  @ApiProperty({ type: [String], example: ['Ada Moreno'] })
  artistNames: string[];

  @ApiProperty({ type: String, nullable: true })
  albumName: string | null;

  @ApiProperty({ type: String, nullable: true })
  imageUrl: string | null;

  @ApiProperty({ example: 12 })
  plays: number;

  @ApiProperty({ example: 2_520_000 })
  listeningMs: number;
}

export class TopArtistDto {
  @ApiProperty({ example: 'Ada Moreno' })
  name: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Spotify id when known (imported history names artists without ids).',
  })
  artistId: string | null;

  @ApiProperty({ example: 30, description: 'Plays of tracks crediting this artist.' })
  plays: number;

  @ApiProperty()
  listeningMs: number;
}

export class TopAlbumDto {
  @ApiProperty({ example: 'Summer Singles' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Moreno', description: 'Its (first) artist.' })
  artistName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Spotify id when known.' })
  albumId: string | null;

  @ApiProperty({ type: String, nullable: true })
  imageUrl: string | null;

  @ApiProperty()
  plays: number;

  @ApiProperty()
  listeningMs: number;
}

export class SpotifyTopTrackDto {
  @ApiProperty()
  trackId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: [String] })
  artistNames: string[];

  @ApiProperty({ type: String, nullable: true })
  albumName: string | null;

  @ApiProperty({ type: String, nullable: true })
  imageUrl: string | null;
}

export class SpotifyTopArtistDto {
  @ApiProperty()
  artistId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  imageUrl: string | null;

  @ApiProperty({ type: [String] })
  genres: string[];
}

export class SpotifyTopDto {
  @ApiProperty({
    enum: ['ok', 'not_granted', 'unavailable'],
    description:
      'ok: from Spotify’s /me/top; not_granted: no user-top-read scope or no tokens (disconnected); ' +
      'unavailable: Spotify did not answer in time or refused.',
  })
  status: 'ok' | 'not_granted' | 'unavailable';

  @ApiProperty({ enum: ['short_term', 'medium_term', 'long_term'], description: 'Spotify’s own ranges.' })
  timeRange: 'short_term' | 'medium_term' | 'long_term';

  @ApiProperty({ type: [SpotifyTopTrackDto] })
  tracks: SpotifyTopTrackDto[];

  @ApiProperty({ type: [SpotifyTopArtistDto] })
  artists: SpotifyTopArtistDto[];
}

export class ListeningDayDto {
  @ApiProperty({ example: '2026-11-20', description: 'A calendar day in tz.' })
  date: string;

  @ApiProperty()
  plays: number;

  @ApiProperty()
  listeningMs: number;
}

export class ClockCellDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday in tz: 1 = Monday … 7 = Sunday.' })
  weekday: number;

  @ApiProperty({ minimum: 0, maximum: 23, description: 'Hour of the day in tz.' })
  hour: number;

  @ApiProperty()
  plays: number;

  @ApiProperty()
  listeningMs: number;
}

export class ListeningSessionDto {
  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ format: 'date-time', description: 'When its last play ended.' })
  endedAt: string;

  @ApiProperty()
  durationMs: number;

  @ApiProperty()
  plays: number;

  @ApiProperty()
  listeningMs: number;
}

export class SessionsDto {
  @ApiProperty({ example: 10, description: 'A gap of more than this many minutes starts a new session.' })
  gapMinutes: number;

  @ApiProperty()
  count: number;

  @ApiProperty({ description: 'Mean session length (first start to last end), 0 without sessions.' })
  averageDurationMs: number;

  @ApiProperty({ type: ListeningSessionDto, nullable: true })
  longest: ListeningSessionDto | null;
}

export class StreakDto {
  @ApiProperty({ example: 5, description: 'Consecutive days (in tz) with plays.' })
  days: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-16' })
  from: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-20' })
  to: string | null;
}

export class StreaksDto {
  @ApiProperty({
    type: StreakDto,
    description: 'The run that ends today or yesterday (today is not over yet); 0 days otherwise.',
  })
  current: StreakDto;

  @ApiProperty({ type: StreakDto })
  longest: StreakDto;
}

export class NewTracksDto {
  @ApiProperty({ description: 'Tracks first played (as far as Soundlink knows) within the range.' })
  tracks: number;

  @ApiProperty({ description: 'Plays within the range of those tracks.' })
  plays: number;

  @ApiProperty({ example: 0.25, description: 'plays / all plays in the range (0 without plays); 1 for all.' })
  share: number;
}

export class InsightCampaignDto {
  @ApiProperty({ example: 'Summer Singles' })
  name: string;

  @ApiProperty({ example: 'playlist' })
  destinationType: string;

  @ApiProperty({ type: String, nullable: true })
  destinationName: string | null;

  @ApiProperty({ description: 'Your clicks on its links.' })
  clicks: number;

  @ApiProperty({ format: 'date-time' })
  firstClickAt: string;

  @ApiProperty({ description: 'Your plays credited to it (current attribution).' })
  attributedPlays: number;
}

/** GET /listeners/me/insights: the listener’s own listening, computed from the plays Soundlink stored. */
export class ListenerInsightsDto {
  @ApiProperty({ enum: INSIGHT_RANGES })
  range: InsightRange;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Start of the range; null: all.',
  })
  from: string | null;

  @ApiProperty({
    format: 'date-time',
    description:
      "End of the range: now, or the listener's latest play when Spotify reported one that ended after now (its clock ahead of ours).",
  })
  to: string;

  @ApiProperty({ type: InsightTotalsDto })
  totals: InsightTotalsDto;

  @ApiProperty({ type: [ListenerTopTrackDto] })
  topTracks: ListenerTopTrackDto[];

  @ApiProperty({ type: [TopArtistDto] })
  topArtists: TopArtistDto[];

  @ApiProperty({ type: [TopAlbumDto] })
  topAlbums: TopAlbumDto[];

  @ApiProperty({ type: SpotifyTopDto, description: 'Spotify’s own view, when you granted user-top-read.' })
  spotifyTop: SpotifyTopDto;

  @ApiProperty({
    type: [ListeningDayDto],
    description: 'Every day of the range (from your first play for all), oldest first, zeros included.',
  })
  listeningPerDay: ListeningDayDto[];

  @ApiProperty({ type: [ClockCellDto], description: 'All 168 cells, Monday 00h first.' })
  clock: ClockCellDto[];

  @ApiProperty({ type: SessionsDto })
  sessions: SessionsDto;

  @ApiProperty({ type: StreaksDto, description: 'Over everything recorded, whatever the range.' })
  streaks: StreaksDto;

  @ApiProperty({ type: NewTracksDto })
  newTracks: NewTracksDto;

  @ApiProperty({ type: [InsightCampaignDto], description: 'The campaigns whose links you clicked.' })
  campaigns: InsightCampaignDto[];
}
