import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { Public, RequireScopes } from '../auth/auth.decorators';
import { SpotifyAuthGuard } from './spotify-auth.guard';
import { SpotifyCatalog } from './spotify-catalog.service';
import { ResolveSpotifyLinkQueryDto, SpotifyDestinationDto, SpotifyLoginResultDto } from './spotify.dto';
import type { SpotifyLogin } from './spotify.strategy';

/**
 * Spotify login and destination look-up.
 *
 * The login endpoints are the building blocks of the listener connect flow (signed state, encrypted token
 * storage and cookies come with it); today the callback only tells who logged in and never shows tokens.
 * Login and callback are public (listeners have no Soundlink account); `resolve` previews a campaign
 * destination for signed-in owners and API keys with campaigns:read.
 */
@ApiTags('spotify')
@Controller('spotify')
export class SpotifyController {
  constructor(private readonly catalog: SpotifyCatalog) {}

  @Get('login')
  @Public()
  @UseGuards(SpotifyAuthGuard)
  @ApiOperation({
    summary: "Starts a Spotify login: redirects to Spotify's consent page.",
    description:
      'Asks for user-read-recently-played and user-top-read. In sandbox mode the consent page is the built-in ' +
      "Spotify sandbox's. The listener connect flow builds on this endpoint.",
  })
  @ApiFoundResponse({ description: "Redirect to Spotify's authorize page." })
  loginWithSpotify(): void {
    // SpotifyAuthGuard answers with the redirect.
  }

  @Get('callback')
  @Public()
  @UseGuards(SpotifyAuthGuard)
  @ApiOperation({
    summary: 'Completes a Spotify login: exchanges the code and tells who logged in.',
    description:
      'Spotify redirects here after consent. Answers the Spotify user without exposing any token. ' +
      'The listener connect flow builds on this endpoint.',
  })
  @ApiQuery({ name: 'code', required: false, description: 'Authorization code from Spotify.' })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'error', required: false, description: 'access_denied when the user cancelled.' })
  @ApiOkResponse({ type: SpotifyLoginResultDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'The user cancelled (SpotifyLoginCancelled).',
  })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'Spotify refused the code exchange.' })
  completeSpotifyLogin(@Req() req: Request & { user?: SpotifyLogin }): SpotifyLoginResultDto {
    const login = req.user as SpotifyLogin;
    return { spotifyUserId: login.spotifyUserId, displayName: login.displayName };
  }

  @Get('resolve')
  @RequireScopes('campaigns:read')
  @ApiOperation({
    summary: 'Checks a pasted Spotify link and tells what it points at.',
    description:
      'Accepts open.spotify.com links (track, album, artist, playlist), spotify: URIs and spotify.link short ' +
      'links (resolved server-side). Unusable input answers 422 with a plain-English reason and a stable ' +
      'code (SpotifyLink…, SpotifyShortLink…, SpotifyNotFound; in sandbox mode SandboxUnknownItem for links outside the sample catalog). For signed-in owners and API keys with campaigns:read.',
  })
  @ApiOkResponse({ type: SpotifyDestinationDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Not a usable Spotify destination.',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Spotify is unreachable or paused.' })
  resolveSpotifyLink(@Query() query: ResolveSpotifyLinkQueryDto): Promise<SpotifyDestinationDto> {
    return this.catalog.resolveDestination(query.url);
  }
}
