import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const CONNECTED_SOURCE_KINDS = ['spotify', 'lastfm', 'listenbrainz'] as const;
export type ConnectedSourceKind = (typeof CONNECTED_SOURCE_KINDS)[number];

/** One listening source of the listener. */
export class ListenerSourceDto {
  @ApiProperty({ enum: CONNECTED_SOURCE_KINDS, example: 'lastfm' })
  kind: ConnectedSourceKind;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ada_moreno',
    description: 'The account on the service (Spotify: the display name, when Spotify gave one).',
  })
  accountName: string | null;

  @ApiProperty({
    enum: ['active', 'needs_reconnect', 'dev_mode_blocked', 'disconnected'],
    description:
      'active: read regularly; needs_reconnect: the service refused the stored credential, connect again; ' +
      'dev_mode_blocked (Spotify only): the app’s development-mode user cap; disconnected.',
  })
  status: string;

  @ApiProperty({ format: 'date-time' })
  connectedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPolledAt: string | null;
}

export class ListenerSourcesDto {
  @ApiProperty({ type: [ListenerSourceDto] })
  items: ListenerSourceDto[];
}

export class SourceKindParamDto {
  @ApiProperty({ enum: CONNECTED_SOURCE_KINDS })
  @IsIn(CONNECTED_SOURCE_KINDS as unknown as string[], {
    message: `must be one of ${CONNECTED_SOURCE_KINDS.join(', ')}`,
  })
  kind: ConnectedSourceKind;
}

export class LastfmStartQueryDto {
  @ApiProperty({ example: 'summer-ig', description: 'The tracker link’s slug.' })
  @Transform(lower)
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9-]+$/, { message: 'may contain only letters, digits and hyphens' })
  slug: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The click that led here. Grants nothing: only this browser’s visitor cookie’s clicks are linked.',
  })
  @IsOptional()
  @IsUUID()
  click?: string;
}

export class ConnectListenBrainzDto {
  @ApiProperty({
    description: 'The ListenBrainz user token (listenbrainz.org → Settings → User token).',
    example: '3b2a0c4e-8f1d-4c7e-9a6b-2d5e7f9a1c3b',
  })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  token: string;

  @ApiPropertyOptional({ example: 'summer-ig', description: 'The tracker link the listener came from.' })
  @IsOptional()
  @Transform(lower)
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9-]+$/, { message: 'may contain only letters, digits and hyphens' })
  slug?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The click that led here (grants nothing by itself).' })
  @IsOptional()
  @IsUUID()
  click?: string;
}

export class ListenBrainzConnectedDto {
  @ApiProperty({ type: ListenerSourceDto })
  source: ListenerSourceDto;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy',
    description: 'Where the campaign’s music is (with a slug), for the page to go on to; null without one.',
  })
  destinationUrl: string | null;
}

export class LastfmCallbackQueryDto {
  @ApiPropertyOptional({ description: 'Last.fm’s single-use token (32 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  token?: string;

  @ApiPropertyOptional({ description: 'The signed state of the start.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  state?: string;
}

export class SourcePollingDto {
  @ApiProperty({ enum: ['lastfm', 'listenbrainz'] }) kind: string;
  @ApiProperty({ description: 'Accounts read on schedule.' }) active: number;
  @ApiProperty({ description: 'Accounts whose credential the service refused: the listener must reconnect.' })
  needsReconnect: number;
  @ApiProperty() disconnected: number;
  @ApiProperty({ description: 'Active accounts due for a read now and not being read.' }) due: number;
  @ApiProperty({ description: 'Active accounts whose last read failed.' }) failing: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastPolledAt: string | null;
  @ApiProperty({ description: 'Calls to this service are paused (its rate limit), for every process.' })
  paused: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pausedUntil: string | null;
  @ApiProperty({
    description: 'The request budget this deployment keeps to, per second, all processes together.',
  })
  requestsPerSecond: number;
}

export class SourcesPollingDto {
  @ApiProperty({ type: [SourcePollingDto] }) items: SourcePollingDto[];
}
