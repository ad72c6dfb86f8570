import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const TREND_WINDOWS = ['24h', '7d', '28d'] as const;
export type TrendWindow = (typeof TREND_WINDOWS)[number];
/** Whole UTC days per window. */
export const WINDOW_DAYS: Record<TrendWindow, number> = { '24h': 1, '7d': 7, '28d': 28 };
export const TREND_TYPES = ['track', 'artist'] as const;
export type TrendType = (typeof TREND_TYPES)[number];
/** Items a chart keeps per list; `limit` picks the first of them. */
export const TREND_LIST_MAX = 100;

export class TrendsQueryDto {
  @ApiPropertyOptional({
    enum: TREND_WINDOWS,
    default: '7d',
    description:
      'The window: the last complete UTC day (24h), the last 7 or 28 complete UTC days. Compared with the window of the same length just before it.',
  })
  @IsOptional()
  @IsIn(TREND_WINDOWS, { message: `must be one of ${TREND_WINDOWS.join(', ')}` })
  window: TrendWindow = '7d';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: TREND_LIST_MAX, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `must be an integer between 1 and ${TREND_LIST_MAX}` })
  @Min(1, { message: `must be an integer between 1 and ${TREND_LIST_MAX}` })
  @Max(TREND_LIST_MAX, { message: `must be an integer between 1 and ${TREND_LIST_MAX}` })
  limit = 20;
}

export class TypedTrendsQueryDto extends TrendsQueryDto {
  @ApiPropertyOptional({ enum: TREND_TYPES, default: 'track', description: 'Tracks or artists.' })
  @IsOptional()
  @IsIn(TREND_TYPES, { message: `must be one of ${TREND_TYPES.join(', ')}` })
  type: TrendType = 'track';
}
