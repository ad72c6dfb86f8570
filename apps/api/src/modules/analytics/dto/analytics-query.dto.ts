import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsTimeZone } from '../../../common/validation/is-time-zone';

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const TIERS = ['high', 'medium', 'low'] as const;
export type Tier = (typeof TIERS)[number];

/** The range, time zone, granularity and filters every analytics endpoint takes. */
export class AnalyticsQueryDto {
  @ApiPropertyOptional({
    description:
      'Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days).',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({
    description:
      'End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone.',
    example: '2026-01-29T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time such as 2026-01-29T00:00:00Z' })
  to?: string;

  @ApiPropertyOptional({
    description: "IANA time zone of the buckets. Default: the campaign's.",
    example: 'Europe/Berlin',
  })
  @IsOptional()
  @IsTimeZone()
  tz?: string;

  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day', description: 'Bucket size of time series.' })
  @IsOptional()
  @IsIn(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` })
  granularity?: Granularity;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this tracker link of the campaign.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a link id (UUID)' })
  linkId?: string;

  @ApiPropertyOptional({
    description: 'Only clicks with this utm_source (and what they led to).',
    example: 'instagram',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  utmSource?: string;

  @ApiPropertyOptional({ enum: TIERS, description: 'Only attributions of this confidence tier.' })
  @IsOptional()
  @IsIn(TIERS, { message: `must be one of ${TIERS.join(', ')}` })
  tier?: Tier;
}

export class TopTracksQueryDto extends AnalyticsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 10;
}

export const EXPORT_DATASETS = [
  'attributions',
  'funnel',
  'timeseries',
  'top-tracks',
  'links',
  'segments',
  'lift',
] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

export class ExportQueryDto extends AnalyticsQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_DATASETS, default: 'attributions' })
  @IsOptional()
  @IsIn(EXPORT_DATASETS, { message: `must be one of ${EXPORT_DATASETS.join(', ')}` })
  dataset: ExportDataset = 'attributions';

  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'], { message: 'must be csv or json' })
  format: 'csv' | 'json' = 'csv';
}
