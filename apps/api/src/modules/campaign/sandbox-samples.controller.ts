import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode, ErrorResponseDto } from '../../common/errors/api-error';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { OwnerSpotifyService } from '../owner-spotify/owner-spotify.service';
import { SpotifySandboxHost } from '../spotify/spotify-sandbox-host.service';
import { SpotifyEndpoints } from '../spotify/spotify-endpoints.service';
import { SandboxSampleDto, SandboxSamplesDto } from './dto/sandbox-samples.dto';

const notSandbox = () =>
  new DomainError(
    ErrorCode.NotFound,
    404,
    'The sample catalog exists only in sandbox mode (no Spotify app configured); use any Spotify link.',
  );

/**
 * Sandbox mode only: the built-in Spotify emulator's sample catalog, for the campaign form's "Pick a sample"
 * (a newcomer's real Spotify links cannot work there: SandboxUnknownItem).
 */
@ApiTags('campaigns')
@Controller('sandbox')
export class SandboxSamplesController {
  constructor(
    private readonly host: SpotifySandboxHost,
    private readonly endpoints: SpotifyEndpoints,
    private readonly ownerSpotify: OwnerSpotifyService,
  ) {}

  @Get('samples')
  @RequireScopes('campaigns:read')
  @ApiOperation({
    summary: "Sandbox mode only: the Spotify sandbox's sample playlists, albums, artists and tracks.",
    description:
      'What a campaign can be made of while Soundlink runs on its built-in Spotify emulator: each sample with ' +
      'the link to paste; a playlist also with its owner and whether your connected Spotify account may read ' +
      'its tracks (Spotify shows them only to the owner and collaborators). Private playlists are left out. ' +
      'Answers 404 when a Spotify app is configured.',
  })
  @ApiOkResponse({ type: SandboxSamplesDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'Not sandbox mode: a Spotify app is configured.',
  })
  async listSandboxSamples(@CurrentPrincipal() principal: Principal): Promise<SandboxSamplesDto> {
    if (!this.host.enabled) throw notSandbox();
    const account = await this.ownerSpotify.status(principal.ownerId);
    const mine = account?.spotifyUserId;
    const samples: SandboxSampleDto[] = this.host.sandbox.samples().map((s) => ({
      kind: s.kind,
      id: s.id,
      name: s.name,
      byline: s.byline,
      link: s.link,
      ...(s.owner
        ? {
            playlist: {
              ownerName: s.owner.displayName,
              ownerUserId: s.owner.id,
              usableByYou:
                !!mine &&
                [s.owner, ...(s.collaborators ?? [])].some((u) => u.accountId === mine || u.id === mine),
            },
          }
        : {}),
    }));
    return {
      samples,
      ownerSpotify: { connected: !!account, displayName: account?.displayName ?? null },
      connectUrl: '/api/v1/owners/me/spotify/connect',
      playUrl: `${this.endpoints.sandboxUrl}/_sandbox/play`,
    };
  }
}
