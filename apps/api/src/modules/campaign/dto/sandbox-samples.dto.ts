import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const SAMPLE_KINDS = ['playlist', 'album', 'track', 'artist'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

export class SandboxPlaylistAccessDto {
  @ApiProperty({ description: 'The sandbox user who owns the playlist.', example: 'Nightjar Records' })
  ownerName: string;

  @ApiProperty({ description: "The owner's sandbox user id (the consent page's choice)." })
  ownerUserId: string;

  @ApiProperty({
    description:
      'Whether your connected Spotify account (Settings) owns or collaborates on the playlist, so a campaign ' +
      'can read its tracks right away. Spotify shows playlist items only to the owner and collaborators.',
  })
  usableByYou: boolean;
}

export class SandboxSampleDto {
  @ApiProperty({ enum: SAMPLE_KINDS })
  kind: SampleKind;

  @ApiProperty({ example: '4uLU6hMCjMI75M1A2tKUQC' })
  id: string;

  @ApiProperty({ example: 'Nightjar Demo Campaign: Summer Singles' })
  name: string;

  @ApiProperty({
    description: 'The artists of an album or track, the owner of a playlist; empty for an artist.',
  })
  byline: string;

  @ApiProperty({
    description: 'The link to paste as a campaign destination.',
    example: 'https://open.spotify.com/album/…',
  })
  link: string;

  @ApiPropertyOptional({
    type: SandboxPlaylistAccessDto,
    description: 'Playlists only: who may read its items.',
  })
  playlist?: SandboxPlaylistAccessDto;
}

export class SandboxOwnerSpotifyDto {
  @ApiProperty({ description: 'Whether you connected a (sandbox) Spotify account in Settings.' })
  connected: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The sandbox user you connected as.' })
  displayName: string | null;
}

export class SandboxSamplesDto {
  @ApiProperty({
    type: [SandboxSampleDto],
    description: 'Playlists, albums, artists, then tracks, each by name.',
  })
  samples: SandboxSampleDto[];

  @ApiProperty({ type: SandboxOwnerSpotifyDto })
  ownerSpotify: SandboxOwnerSpotifyDto;

  @ApiProperty({
    description:
      "Starts connecting your Spotify account on the sandbox's consent page (a browser navigation).",
    example: '/api/v1/owners/me/spotify/connect',
  })
  connectUrl: string;

  @ApiProperty({
    description: "The sandbox's play page: makes a sample listener play tracks, for trying a campaign alone.",
    example: 'http://127.0.0.1:3000/sandbox/spotify/_sandbox/play',
  })
  playUrl: string;
}
