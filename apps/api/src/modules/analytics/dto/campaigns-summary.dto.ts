import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const MAX_SUMMARY_DAYS = 90;
export const MAX_SUMMARY_CAMPAIGNS = 100;

/** `?days=7&ids=a,b`: how many UTC days back, and optionally which of the owner's campaigns. */
export class CampaignsSummaryQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_SUMMARY_DAYS,
    default: 7,
    description: 'Whole UTC days, today (so far) included.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SUMMARY_DAYS)
  days = 7;

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated campaign ids (at most ${MAX_SUMMARY_CAMPAIGNS}); default: all your campaigns. Ids that are not yours are left out.`,
    example: '0190a0b0-0000-7000-8000-00000000c001,0190a0b0-0000-7000-8000-00000000c002',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean)
      : value,
  )
  @ArrayMaxSize(MAX_SUMMARY_CAMPAIGNS, { message: `must list at most ${MAX_SUMMARY_CAMPAIGNS} ids` })
  @IsUUID('all', { each: true, message: 'must be campaign ids (UUIDs) separated by commas' })
  ids?: string[];
}

export class CampaignSummaryPointDto {
  @ApiProperty({ description: 'Start of the UTC day.', example: '2026-03-02T00:00:00.000Z' })
  day!: string;
  @ApiProperty({ description: 'Clicks (bots and HEAD requests excluded).' }) clicks!: number;
  @ApiProperty({ description: 'Listeners whose first attributed play fell on this day.' })
  listeners!: number;
  @ApiProperty({ description: 'Attributed plays (current attribution generation).' })
  attributedPlays!: number;
}

export class CampaignSummaryDto {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() clicks!: number;
  @ApiProperty() connects!: number;
  @ApiProperty({ description: 'Listeners reached (first attributed play) in the days.' }) listeners!: number;
  @ApiProperty() attributedPlays!: number;
  @ApiProperty({
    type: [CampaignSummaryPointDto],
    description: 'One point per day, oldest first, zero-filled.',
  })
  series!: CampaignSummaryPointDto[];
}

export class CampaignsSummaryDto {
  @ApiProperty() days!: number;
  @ApiProperty({ description: 'Start of the first UTC day (inclusive).' }) from!: string;
  @ApiProperty({ description: 'End of today, UTC (exclusive).' }) to!: string;
  @ApiProperty({ type: [CampaignSummaryDto], description: 'Newest campaign first.' })
  campaigns!: CampaignSummaryDto[];
}
