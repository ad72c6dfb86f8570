import { ApiProperty } from '@nestjs/swagger';
import type { ListenerStatus } from '../listener.entity';

export const LISTENER_STATUSES: ListenerStatus[] = [
  'active',
  'needs_reconnect',
  'dev_mode_blocked',
  'disconnected',
];

export class ListenerCountsDto {
  @ApiProperty({ description: 'Clicks on tracker links linked to you.' })
  clicks: number;

  @ApiProperty({ description: 'Plays Soundlink has recorded.' })
  plays: number;

  @ApiProperty({ description: 'Campaigns you connected through or clicked.' })
  campaigns: number;
}

export class ListenerCampaignDto {
  @ApiProperty({ example: 'Summer Singles' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'Nightjar Demo Campaign: Summer Singles' })
  destinationName: string | null;

  @ApiProperty({ example: 2, description: 'Your clicks on this campaign’s links.' })
  clicks: number;

  @ApiProperty({ format: 'date-time' })
  firstClickAt: string;

  @ApiProperty({ format: 'date-time' })
  lastClickAt: string;
}

export class ListenerPlayDto {
  @ApiProperty({ format: 'date-time' })
  playedAt: string;

  @ApiProperty({ example: 'Night Drive' })
  trackName: string;

  @ApiProperty({ type: [String], example: ['Ada Moreno'] })
  artistNames: string[];

  @ApiProperty({ enum: ['poll', 'baseline', 'import'], description: 'baseline: read when you connected.' })
  source: string;
}

/** What Soundlink holds about the listener of this browser. */
export class ListenerMeDto {
  @ApiProperty({ type: String, nullable: true, example: 'Ada Moreno' })
  displayName: string | null;

  @ApiProperty({
    enum: LISTENER_STATUSES,
    description:
      'active: read about once a minute to hourly; needs_reconnect: Spotify no longer accepts the authorization; ' +
      'dev_mode_blocked: Spotify’s development-mode user cap refused the account; disconnected: tokens deleted.',
  })
  status: ListenerStatus;

  @ApiProperty({ format: 'date-time', description: 'When you last agreed on Spotify’s consent page.' })
  connectedAt: string;

  @ApiProperty({ format: 'date-time', description: 'When you first connected.' })
  firstConnectedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disconnectedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last read of your plays.' })
  lastSyncedAt: string | null;

  @ApiProperty({ type: ListenerCountsDto })
  counts: ListenerCountsDto;

  @ApiProperty({ type: [ListenerCampaignDto] })
  campaigns: ListenerCampaignDto[];

  @ApiProperty({ type: [ListenerPlayDto], description: 'The 20 newest recorded plays.' })
  recentPlays: ListenerPlayDto[];
}

export class ListenerSyncResultDto {
  @ApiProperty({ example: 3, description: 'Plays recorded by this sync that were not known before.' })
  newPlays: number;

  @ApiProperty({
    example: 2,
    description:
      'Of those new plays, how many were attributed to some campaign; attribution runs in the same transaction ' +
      'that stores them, so the campaigns’ figures include them when this answer arrives.',
  })
  attributedPlays: number;

  @ApiProperty({ format: 'date-time' })
  syncedAt: string;
}

/** Everything stored about the listener (GET /listeners/me/export, a JSON download). */
export class ListenerExportDto {
  @ApiProperty({ format: 'date-time' })
  exportedAt: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The listener record (tokens are never exported).',
  })
  listener: Record<string, unknown>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  clicks: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  plays: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  observationGaps: Record<string, unknown>[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Plays attributed to campaigns (empty until attribution exists).',
  })
  attributions: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object', additionalProperties: true } },
    description: 'Rows of other tables that name you (e.g. analytics inputs), by table.',
  })
  other: Record<string, Array<Record<string, unknown>>>;
}
