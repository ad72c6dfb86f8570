import { ApiProperty } from '@nestjs/swagger';
import { TREND_TYPES, TREND_WINDOWS } from './trends-query.dto';

export class TrendArtistDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Spotify artist id; null for an artist known only by name (from streaming-history imports).',
  })
  id!: string | null;

  @ApiProperty()
  name!: string;
}

/** One track or artist of a public chart. Every count is of at least `minListeners` listeners. */
export class TrendItemDto {
  @ApiProperty({ description: 'Position in this list, from 1.' })
  rank!: number;

  @ApiProperty({ enum: TREND_TYPES })
  type!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Spotify id of the track or artist; null for an artist known only by name.',
  })
  id!: string | null;

  @ApiProperty()
  name!: string;

  @ApiProperty({
    type: [TrendArtistDto],
    description: "A track's credited artists in order; [] for an artist.",
  })
  artists!: TrendArtistDto[];

  @ApiProperty({ nullable: true, type: String })
  albumName!: string | null;

  @ApiProperty({ nullable: true, type: String })
  imageUrl!: string | null;

  @ApiProperty({ description: 'Distinct listeners in the window (at least minListeners).' })
  listeners!: number;

  @ApiProperty({ description: 'Plays in the window.' })
  plays!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Distinct listeners in the previous window; null when fewer than minListeners (small counts are never shown).',
  })
  previousListeners!: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Rank in the previous window's top list; null when it was not in it (a new entry).",
  })
  previousRank!: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      "How many times the item's share of the platform's listeners grew against the previous window (docs/trends.md); null when previousListeners is not shown.",
  })
  growth!: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'The z statistic of the rising test (docs/trends.md); null when previousListeners is not shown.',
  })
  zScore!: number | null;
}

export class TrendsDto {
  @ApiProperty({ enum: TREND_TYPES })
  type!: string;

  @ApiProperty({ enum: TREND_WINDOWS })
  window!: string;

  @ApiProperty({
    description: 'Start of the window (inclusive, 00:00 UTC).',
    example: '2026-03-01T00:00:00.000Z',
  })
  from!: string;

  @ApiProperty({
    description: 'End of the window (exclusive, 00:00 UTC of today).',
    example: '2026-03-08T00:00:00.000Z',
  })
  to!: string;

  @ApiProperty({ description: 'Start of the previous window, the one compared with (inclusive).' })
  previousFrom!: string;

  @ApiProperty({
    description: 'The privacy threshold: items with fewer distinct listeners in a window are never shown.',
  })
  minListeners!: number;

  @ApiProperty({ description: 'When this chart was computed (charts are cached, TRENDS_CACHE_TTL_S).' })
  computedAt!: string;

  @ApiProperty({ type: [TrendItemDto] })
  items!: TrendItemDto[];
}
