import { Controller, Delete, Get, HttpCode, Query, Redirect, Req } from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Public, SessionOnly } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { OwnerSpotifyService } from './owner-spotify.service';

export class OwnerSpotifyStatusDto {
  @ApiProperty() connected: boolean;
  @ApiProperty({ type: String, nullable: true }) spotifyUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) connectedAt: string | null;
  @ApiProperty({
    enum: ['sandbox', 'spotify'],
    description: 'sandbox: the built-in Spotify emulator (demo mode).',
  })
  mode: 'sandbox' | 'spotify';
}

@ApiTags('owner-spotify')
@Controller('owners/me/spotify')
export class OwnerSpotifyController {
  constructor(private readonly spotify: OwnerSpotifyService) {}

  @SessionOnly()
  @Get()
  @ApiOperation({ summary: 'Whether your own Spotify account is connected (needed to use your playlists).' })
  @ApiOkResponse({ type: OwnerSpotifyStatusDto })
  async getOwnerSpotify(@CurrentPrincipal() principal: Principal): Promise<OwnerSpotifyStatusDto> {
    const account = await this.spotify.status(principal.ownerId);
    return {
      connected: !!account,
      spotifyUserId: account?.spotifyUserId ?? null,
      displayName: account?.displayName ?? null,
      connectedAt: account?.connectedAt.toISOString() ?? null,
      mode: this.spotify.mode,
    };
  }

  @SessionOnly()
  @Get('connect')
  @Redirect()
  @ApiOperation({ summary: 'Start connecting your Spotify account: redirects to Spotify’s consent page.' })
  @ApiFoundResponse({ description: 'To Spotify (or the sandbox) with a signed, single-use state.' })
  async connectOwnerSpotify(@CurrentPrincipal() principal: Principal) {
    return { url: await this.spotify.authorizeUrl(principal.ownerId), statusCode: 302 };
  }

  @Public()
  @Get('callback')
  @Redirect()
  @ApiOperation({ summary: 'Spotify sends the owner back here; redirects to Settings with the outcome.' })
  @ApiFoundResponse({
    description: 'To /settings?spotify=connected (or denied, failed, dev-mode-cap, state-expired, …).',
  })
  async completeOwnerSpotify(@Query() query: Record<string, string>) {
    const { outcome } = await this.spotify.completeAuthorization({
      code: query['code'],
      state: query['state'],
      error: query['error'],
    });
    return { url: `/settings?spotify=${encodeURIComponent(outcome)}`, statusCode: 302 };
  }

  @SessionOnly()
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Disconnect your Spotify account: its tokens are deleted.' })
  @ApiNoContentResponse()
  async disconnectOwnerSpotify(@CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<void> {
    await this.spotify.disconnect(principal, req.id as string);
  }
}
