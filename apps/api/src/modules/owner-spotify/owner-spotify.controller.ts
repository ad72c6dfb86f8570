import { Controller, Delete, Get, HttpCode, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { CurrentPrincipal, Public, SessionOnly } from '../auth/auth.decorators';
import {
  clearStateCookie,
  OWNER_SPOTIFY_STATE_COOKIE,
  readStateCookie,
  setStateCookie,
} from '../auth/oauth-state-cookie';
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
  constructor(
    private readonly spotify: OwnerSpotifyService,
    private readonly config: AppConfig,
  ) {}

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
  @ApiOperation({
    summary: 'Start connecting your Spotify account: redirects to Spotify’s consent page.',
    description:
      'A browser navigation. The state is signed, single-use, expires after 10 minutes and is bound to this ' +
      'browser: its key is set here in the HttpOnly cookie sl_oauth_owner (SameSite=Lax, Path = the callback), ' +
      'and the callback refuses any browser without it.',
  })
  @ApiFoundResponse({
    description: 'To Spotify (or the sandbox) with the state; sets the sl_oauth_owner cookie.',
  })
  async connectOwnerSpotify(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const { url, browserKey } = await this.spotify.authorizeUrl(principal.ownerId);
    setStateCookie(res, OWNER_SPOTIFY_STATE_COOKIE, browserKey, this.config.secureCookies);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  }

  @Public()
  @Get('callback')
  @ApiOperation({
    summary: 'Spotify sends the owner back here; redirects to Settings with the outcome.',
    description:
      'Only in the browser that started the flow (its sl_oauth_owner cookie): any other browser gets a 400 page ' +
      'and nothing is connected, so nobody can link their Spotify account to someone else’s owner account or ' +
      'the other way round.',
  })
  @ApiFoundResponse({
    description: 'To /settings?spotify=connected (or denied, failed, dev-mode-cap, state-expired, …).',
  })
  @ApiBadRequestResponse({
    description: 'An HTML page: the flow was started in another browser (or its cookie expired).',
  })
  async completeOwnerSpotify(
    @Query() query: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { outcome } = await this.spotify.completeAuthorization({
      code: query['code'],
      state: query['state'],
      error: query['error'],
      browserKey: readStateCookie(req, OWNER_SPOTIFY_STATE_COOKIE),
    });
    res.setHeader('Cache-Control', 'no-store');
    // The URL carried an authorization code: never let it travel on as a Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (outcome === 'state-browser') {
      res.status(400).type('html').send(OTHER_BROWSER_PAGE);
      return;
    }
    clearStateCookie(res, OWNER_SPOTIFY_STATE_COOKIE, this.config.secureCookies);
    res.redirect(302, `/settings?spotify=${encodeURIComponent(outcome)}`);
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

/** The callback's answer to a browser that did not start the flow: nothing connected, and why. */
const OTHER_BROWSER_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
  '<title>Spotify not connected · Soundlink</title><style>' +
  'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f7f6fb;color:#1d1a2b}' +
  'main{max-width:32rem;padding:2rem}h1{font-size:1.5rem;margin:0 0 .5rem}a{color:#4b32b5}</style></head><body><main>' +
  '<h1>Spotify was not connected</h1>' +
  '<p>This Spotify connection was started in another browser, or more than 10 minutes ago. Nothing was ' +
  'connected and nothing was stored.</p>' +
  '<p>If you want to connect your own Spotify account, sign in to Soundlink and start again from ' +
  '<a href="/settings">Settings</a>. If someone sent you this link, ignore it.</p></main></body></html>';
