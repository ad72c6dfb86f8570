import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SPOTIFY_LINK_TYPES, SpotifyLinkType } from './spotify-link.parser';

export class ResolveSpotifyLinkQueryDto {
  @ApiProperty({
    description:
      'What the owner pasted: an open.spotify.com link (track, album, artist or playlist), a spotify: URI or a spotify.link short link.',
    example: 'https://open.spotify.com/playlist/3cEYpjA9oz9GiPac4AsH4n?si=1a2b3c',
    maxLength: 2048,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  url!: string;
}

export class SpotifyDestinationDto {
  @ApiProperty({ enum: SPOTIFY_LINK_TYPES })
  type!: SpotifyLinkType;

  @ApiProperty({ example: '3cEYpjA9oz9GiPac4AsH4n', description: 'Spotify id: 22 base-62 characters.' })
  id!: string;

  @ApiProperty({ example: 'spotify:playlist:3cEYpjA9oz9GiPac4AsH4n' })
  uri!: string;

  @ApiProperty({ example: 'Summer Singles' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cover art (album, playlist) or artist picture.',
  })
  imageUrl!: string | null;

  @ApiPropertyOptional({ description: "The playlist's owner, or the artists of a track or album." })
  ownerName?: string;

  @ApiPropertyOptional({ description: 'Tracks in the playlist or album.' })
  trackCount?: number;
}
