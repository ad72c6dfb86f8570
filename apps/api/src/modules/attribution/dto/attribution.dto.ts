import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { AttributionJobEntity } from '../attribution-job.entity';

export class ListAttributionsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a link id' })
  linkId?: string;

  @ApiPropertyOptional({ enum: ['high', 'medium', 'low'] })
  @IsOptional()
  @IsIn(['high', 'medium', 'low'])
  tier?: 'high' | 'medium' | 'low';

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Plays at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Plays before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  to?: Date;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class AttributionDto {
  @ApiProperty() playId: string;
  @ApiProperty() trackId: string;
  @ApiProperty({ type: String, nullable: true }) trackName: string | null;
  @ApiProperty({ format: 'date-time' }) playedAt: string;
  @ApiProperty({ format: 'uuid' }) listenerId: string;
  @ApiProperty({ format: 'uuid' }) clickId: string;
  @ApiProperty({ format: 'uuid' }) linkId: string;
  @ApiProperty({ format: 'date-time' }) clickedAt: string;
  @ApiProperty({ description: 'Confidence 0..1.' }) score: number;
  @ApiProperty({ enum: ['high', 'medium', 'low'] }) tier: string;
  @ApiProperty({
    type: [String],
    example: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
  })
  reasons: string[];
  @ApiProperty({ description: 'This campaign’s share of the play; the shares of one play sum to 1.' })
  credit: number;
  @ApiProperty({ example: 'v1' }) modelVersion: string;
}

export class AttributionPageDto {
  @ApiProperty({ type: [AttributionDto] }) items: AttributionDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null at the end.',
  })
  nextCursor: string | null;
}

export class FactorsDto {
  @ApiProperty() context: number;
  @ApiProperty() decay: number;
  @ApiProperty() baseline: number;
  @ApiProperty({
    description: 'The match confidence of a play from Last.fm or ListenBrainz (1 for Spotify).',
  })
  match: number;
}

export class CampaignExplanationDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() campaignName: string;
  @ApiProperty() attributed: boolean;
  @ApiProperty({ description: 'Why, in words.' }) summary: string;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['high', 'medium', 'low'] }) tier: string | null;
  @ApiProperty({ type: Number, nullable: true }) credit: number | null;
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty({ type: FactorsDto, nullable: true }) factors: FactorsDto | null;
  @ApiProperty({ type: String, nullable: true }) clickId: string | null;
  @ApiProperty({ type: String, nullable: true }) linkId: string | null;
  @ApiProperty({ type: String, nullable: true }) linkLabel: string | null;
  @ApiProperty({ type: String, nullable: true }) clickedAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) hoursAfterClick: number | null;
  @ApiProperty() windowHours: number;
  @ApiProperty({
    description:
      'The credited click was removed by data retention (its time and link stay on the attribution, and the figures keep it).',
  })
  clickRemoved: boolean;
}

export class PlayExplanationDto {
  @ApiProperty() playId: string;
  @ApiProperty() trackId: string;
  @ApiProperty({ type: String, nullable: true }) trackName: string | null;
  @ApiProperty({ format: 'date-time' }) playedAt: string;
  @ApiProperty({ type: String, nullable: true }) contextUri: string | null;
  @ApiProperty({ enum: ['poll', 'baseline', 'import'] }) source: string;
  @ApiProperty({
    enum: ['spotify', 'lastfm', 'listenbrainz'],
    description: 'The listening source whose report of the play was stored.',
  })
  origin: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['spotify_id', 'isrc', 'name'],
    description: 'How a play from Last.fm or ListenBrainz was matched to the track (null for Spotify plays).',
  })
  matchMethod: string | null;
  @ApiProperty({ description: 'How sure that match is (1 for Spotify plays).' }) matchConfidence: number;
  @ApiProperty({
    type: [String],
    description: 'Other sources that reported the same play: their reports were not stored again.',
  })
  alsoReportedBy: string[];
  @ApiProperty({ description: 'Where the play came from, in words.' }) sourceSummary: string;
  @ApiProperty() modelVersion: string;
  @ApiProperty({ type: [CampaignExplanationDto] }) campaigns: CampaignExplanationDto[];
}

export class AttributionJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ example: 'window-changed' }) reason: string;
  @ApiProperty() generation: number;
  @ApiProperty({ description: 'Listeners to re-attribute.' }) total: number;
  @ApiProperty() processed: number;
  @ApiProperty({ description: '0..1' }) progress: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;

  static from(job: AttributionJobEntity): AttributionJobDto {
    return {
      id: job.id,
      campaignId: job.campaignId,
      status: job.status,
      reason: job.reason,
      generation: job.generation,
      total: job.total,
      processed: job.processed,
      progress:
        job.status === 'done' ? 1 : job.total > 0 ? Math.round((job.processed / job.total) * 1000) / 1000 : 0,
      error: job.error,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }
}
