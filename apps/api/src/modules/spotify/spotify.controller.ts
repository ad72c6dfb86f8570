import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { RequireScopes } from '../auth/auth.decorators';
import { SpotifyCatalog } from './spotify-catalog.service';
import { ResolveSpotifyLinkQueryDto, SpotifyDestinationDto } from './spotify.dto';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

/**
 * Spotify destination look-up: `resolve` previews a campaign destination for signed-in owners and API keys
 * with campaigns:read.
 *
 * There is no bare Spotify login here: the former GET /spotify/login and /spotify/callback ran OAuth without
 * a state and are gone. Spotify authorizations go through the listener connect flow
 * (/listeners/connect/start, passport-spotify) and the owner connect (/owners/me/spotify/connect), both
 * with a signed, single-use state bound to the browser that started them.
 */
@ApiTags('spotify')
@Controller('spotify')
export class SpotifyController {
  constructor(private readonly catalog: SpotifyCatalog) {}

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
  @ApiErrorResponses(400)
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Not a usable Spotify destination.',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Spotify is unreachable or paused.' })
  resolveSpotifyLink(@Query() query: ResolveSpotifyLinkQueryDto): Promise<SpotifyDestinationDto> {
    return this.catalog.resolveDestination(query.url);
  }
}
