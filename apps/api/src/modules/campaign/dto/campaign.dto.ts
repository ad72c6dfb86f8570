import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LONGEST_ATTRIBUTION_WINDOW_HOURS, RETENTION_MIN_DAYS } from '../../../config/retention-config';
import { IsTimeZone } from '../../../common/validation/is-time-zone';
import { allowedTransitions } from '../campaign-status';
import {
  CAMPAIGN_STATUSES,
  CampaignEntity,
  CampaignStatus,
  DESTINATION_TYPES,
  DestinationType,
} from '../campaign.entity';

const Integer = 'integer';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const WINDOW_MIN_HOURS = 1;
export const WINDOW_MAX_HOURS = LONGEST_ATTRIBUTION_WINDOW_HOURS;
export const WINDOW_DEFAULT_HOURS = 168;

/** The fields of UpdateCampaignDto a campaign takes as they come (CampaignService.update). */
export const COPIED_FIELDS = [
  'name',
  'description',
  'attributionWindowHours',
  'timezone',
  'clickRetentionDays',
] as const;

export class CreateCampaignDto {
  @ApiProperty({ example: 'Summer Singles launch', maxLength: 120 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({
    description:
      'Any Spotify link an owner would paste: an open.spotify.com URL, a spotify: URI or a spotify.link short link, to a playlist, album, track or artist.',
    example: 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=abc',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(500)
  destination: string;

  @ApiPropertyOptional({
    minimum: WINDOW_MIN_HOURS,
    maximum: WINDOW_MAX_HOURS,
    default: WINDOW_DEFAULT_HOURS,
  })
  @IsOptional()
  @IsInt()
  @Min(WINDOW_MIN_HOURS)
  @Max(WINDOW_MAX_HOURS)
  attributionWindowHours?: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: RETENTION_MIN_DAYS,
    description:
      "Days this campaign's raw clicks are kept; null or absent: the owner's default (GET /auth/me). At most the server's CLICK_RETENTION_DAYS (400 ValidationFailed naming this field above it); never under the longest attribution window plus a margin. The figures keep counting removed clicks.",
  })
  @IsOptional()
  @IsInt()
  @Min(RETENTION_MIN_DAYS)
  @Max(36500)
  clickRetentionDays?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  startsAt?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  endsAt?: Date;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    description: 'Time zone for reports; default: the owner’s.',
  })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: ['draft', 'active'], default: 'active' })
  @IsOptional()
  @IsIn(['draft', 'active'])
  status?: 'draft' | 'active';
}

export class UpdateCampaignDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    description: 'A new destination: resolved again, and the target track set replaced.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(500)
  destination?: string;

  @ApiPropertyOptional({ minimum: WINDOW_MIN_HOURS, maximum: WINDOW_MAX_HOURS })
  @IsOptional()
  @IsInt()
  @Min(WINDOW_MIN_HOURS)
  @Max(WINDOW_MAX_HOURS)
  attributionWindowHours?: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: RETENTION_MIN_DAYS,
    description:
      "Days this campaign's raw clicks are kept; null or absent: the owner's default (GET /auth/me). At most the server's CLICK_RETENTION_DAYS (400 ValidationFailed naming this field above it); never under the longest attribution window plus a margin. The figures keep counting removed clicks.",
  })
  @IsOptional()
  @IsInt()
  @Min(RETENTION_MIN_DAYS)
  @Max(36500)
  clickRetentionDays?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  startsAt?: Date | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  endsAt?: Date | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class ListCampaignsQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;

  @ApiPropertyOptional({ description: 'Search in the campaign name (case-insensitive).' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  q?: string;

  @ApiPropertyOptional({ type: Integer, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ type: Integer, minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class DestinationDto {
  @ApiProperty({ description: 'What the owner pasted.' }) input: string;
  @ApiProperty({ enum: DESTINATION_TYPES }) type: DestinationType;
  @ApiProperty({ example: '37i9dQZF1DXcBWIGoYBM5M' }) id: string;
  @ApiProperty({ example: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M' }) uri: string;
  @ApiProperty({ example: 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M' }) url: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) imageUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) ownerName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Playlists: the snapshot the track set was read from.',
  })
  snapshotId: string | null;
  @ApiProperty({ description: 'Tracks in the target set now.' }) trackCount: number;
}

export class ResolutionDto {
  @ApiProperty({
    enum: ['resolved', 'pending'],
    description: 'pending: Spotify was unreachable; retried every minute.',
  })
  state: 'resolved' | 'pending';
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: CampaignStatus;
  @ApiProperty({ enum: CAMPAIGN_STATUSES, isArray: true, description: 'Statuses it can move to now.' })
  allowedTransitions: CampaignStatus[];
  @ApiProperty({ type: DestinationDto }) destination: DestinationDto;
  @ApiProperty({ type: ResolutionDto }) resolution: ResolutionDto;
  @ApiProperty() attributionWindowHours: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Days this campaign's raw clicks are kept; null: the owner's default.",
  })
  clickRetentionDays: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: string | null;
  @ApiProperty({ example: 'UTC' }) timezone: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(c: CampaignEntity): CampaignDto {
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      status: c.status,
      allowedTransitions: [...allowedTransitions(c.status)],
      destination: {
        input: c.destinationInput,
        type: c.destinationType,
        id: c.destinationId,
        uri: `spotify:${c.destinationType}:${c.destinationId}`,
        url: `https://open.spotify.com/${c.destinationType}/${c.destinationId}`,
        name: c.destinationName,
        imageUrl: c.destinationImageUrl,
        ownerName: c.destinationOwnerName,
        snapshotId: c.snapshotId,
        trackCount: c.trackCount,
      },
      resolution: {
        state: c.resolutionState,
        error: c.resolutionError,
        resolvedAt: c.resolvedAt?.toISOString() ?? null,
      },
      attributionWindowHours: c.attributionWindowHours,
      clickRetentionDays: c.clickRetentionDays,
      startsAt: c.startsAt?.toISOString() ?? null,
      endsAt: c.endsAt?.toISOString() ?? null,
      timezone: c.timezone,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignDto] }) items: CampaignDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
