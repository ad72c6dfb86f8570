import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DESTINATION_TYPES, type DestinationType } from '../../campaign/campaign.entity';

const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class ConnectCampaignDto {
  @ApiProperty({ example: 'Summer Singles' })
  name: string;

  @ApiProperty({ enum: DESTINATION_TYPES, example: 'playlist' })
  destinationType: DestinationType;

  @ApiProperty({ type: String, nullable: true, example: 'Nightjar Demo Campaign: Summer Singles' })
  destinationName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Cover art of the destination (https).' })
  imageUrl: string | null;
}

export class ConnectOwnerDto {
  @ApiProperty({
    example: 'Nightjar Records',
    description: 'Who runs the campaign and will see the results.',
  })
  displayName: string;
}

/** What the connect page shows before a listener decides; nothing private. */
/** The ways a listener can connect on the connect page. */
export const CONNECT_SOURCE_KINDS = ['spotify', 'lastfm', 'listenbrainz'] as const;
export type ConnectSourceKind = (typeof CONNECT_SOURCE_KINDS)[number];

export class ConnectInfoDto {
  @ApiProperty({ example: 'summer-ig' })
  slug: string;

  @ApiProperty({ type: ConnectCampaignDto })
  campaign: ConnectCampaignDto;

  @ApiProperty({ type: ConnectOwnerDto })
  owner: ConnectOwnerDto;

  @ApiProperty({
    example: 'https://open.spotify.com/playlist/a5l66H8TsmXzVdKe4CdWK2',
    description: 'Where the music is: always an open.spotify.com URL built from the campaign.',
  })
  destinationUrl: string;

  @ApiProperty({ example: 'recently played tracks', description: 'What Soundlink reads, in plain words.' })
  reads: string;

  @ApiProperty({ description: 'How long Soundlink keeps what it reads, and how to stop.' })
  retentionNote: string;

  @ApiProperty({
    enum: CONNECT_SOURCE_KINDS,
    enumName: 'ConnectSourceKind',
    isArray: true,
    example: ['spotify', 'lastfm', 'listenbrainz'],
    description:
      'The listening sources this deployment offers, in the order the page shows them: spotify always; lastfm ' +
      'only when the deployment has a Last.fm API key (LASTFM_API_KEY and LASTFM_SHARED_SECRET) or, in sandbox ' +
      'mode, the mounted Last.fm sandbox; listenbrainz always (each listener brings their own user token).',
  })
  sources: ConnectSourceKind[];
}

export class ConnectSlugParamDto {
  @ApiProperty({ example: 'summer-ig', description: 'The tracker link’s slug.' })
  @Transform(lower)
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9-]+$/, { message: 'may contain only letters, digits and hyphens' })
  slug: string;
}

export class ConnectStartQueryDto extends ConnectSlugParamDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The click that led here (the redirect adds it to the connect page URL). Accepted but grants nothing: ' +
      'only clicks made with this browser’s visitor cookie are linked to the listener.',
  })
  @IsOptional()
  @IsUUID()
  click?: string;
}
