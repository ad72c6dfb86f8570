import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';
import { AppConfig } from '../../config/app-config';
import { Public } from '../auth/auth.decorators';
import { clearStateCookie, readStateCookie, setStateCookie, StateCookie } from '../auth/oauth-state-cookie';
import { VISITOR_COOKIE } from '../campaign/redirect/redirect.handler';
import { listenerCookieHeader } from '../listener/listener-cookie';
import { ListenerCsrfHeader } from '../listener/listener.decorators';
import {
  ConnectListenBrainzDto,
  LastfmCallbackQueryDto,
  LastfmStartQueryDto,
  ListenBrainzConnectedDto,
} from './dto/sources.dto';
import { LASTFM_CALLBACK_PATH, SourcesConnectService } from './sources-connect.service';
import { SourcesCsrfGuard } from './sources-csrf.guard';

const VISITOR_MAX_AGE_MS = 2 * 365 * 24 * 3600 * 1000;
/** Binds a Last.fm flow to the browser that started it (as sl_oauth_listener does for Spotify's). */
export const LASTFM_STATE_COOKIE: StateCookie = { name: 'sl_oauth_lastfm', path: LASTFM_CALLBACK_PATH };

/**
 * Connecting Last.fm (web authentication) or ListenBrainz (user token) from a tracker link, instead of or
 * beside Spotify. Public: listeners have no Soundlink account.
 */
@ApiTags('listeners')
@Controller('listeners/connect')
export class SourcesConnectController {
  constructor(
    private readonly connect: SourcesConnectService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('lastfm/start')
  @ApiOperation({
    summary: 'Starts connecting Last.fm: redirects to Last.fm’s authorization page.',
    description:
      'A browser navigation. `cb` is our callback with a signed, single-use state bound to this browser (the ' +
      'HttpOnly cookie sl_oauth_lastfm and the visitor cookie, set here when missing). For a link that is not ' +
      'live, redirects back to /connect/{slug}; when this deployment does not offer Last.fm (no LASTFM_API_KEY ' +
      'outside sandbox mode: `sources` of GET /connect/{slug} lacks lastfm), to /connect/{slug}?error=lastfm-unavailable.',
  })
  @ApiFoundResponse({ description: 'To {Last.fm}/api/auth/?api_key=…&cb=…, or back to the connect page.' })
  @ApiErrorResponses([400, 'ValidationFailed: slug or click is not valid.'])
  async startLastfmConnect(
    @Query() query: LastfmStartQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const visitor = (req.cookies as Record<string, string> | undefined)?.[VISITOR_COOKIE];
    const answer = await this.connect.lastfmStart(query.slug, visitor);
    if (answer.newVisitor) {
      res.cookie(VISITOR_COOKIE, answer.visitorId, {
        maxAge: VISITOR_MAX_AGE_MS,
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
      });
    }
    if (answer.browserKey)
      setStateCookie(res, LASTFM_STATE_COOKIE, answer.browserKey, this.config.secureCookies);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, answer.location);
  }

  @Public()
  @Get('lastfm/callback')
  @ApiOperation({
    summary: 'Last.fm sends the listener back here: stores the account and redirects to the music.',
    description:
      'The token is exchanged for a session key (auth.getSession, stored encrypted); the listener is the one ' +
      'the Last.fm account already follows, else the one of this browser’s sl_listener cookie, else a new ' +
      'listener without Spotify. This browser’s clicks are linked, sl_listener is set and the browser goes to ' +
      'the campaign’s open.spotify.com destination. Otherwise back to /connect/{slug}?error=lastfm-denied, ' +
      'lastfm-failed, lastfm-unavailable or lastfm-state. The first read covers the day before; an account ' +
      'that needed reconnecting reads on from where it stopped; one the listener had disconnected reads like ' +
      'a first connect and the time between is recorded as an observation gap.',
  })
  @ApiFoundResponse({ description: 'To the destination, or to the connect page with ?error=….' })
  @ApiErrorResponses([400, 'ValidationFailed: token or state is not valid.'])
  async completeLastfmConnect(
    @Query() _query: LastfmCallbackQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const answer = await this.connect.lastfmCallback(req, readStateCookie(req, LASTFM_STATE_COOKIE));
    if (!answer.keepBinding) clearStateCookie(res, LASTFM_STATE_COOKIE, this.config.secureCookies);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (answer.listenerCookie) {
      res.append('Set-Cookie', listenerCookieHeader(answer.listenerCookie, this.config.secureCookies));
    }
    res.redirect(302, answer.location);
  }

  @Public()
  @Post('listenbrainz')
  @HttpCode(200)
  @UseGuards(SourcesCsrfGuard)
  @ListenerCsrfHeader()
  @ApiOperation({
    summary: 'Connects ListenBrainz with the listener’s user token.',
    description:
      'The token is checked with ListenBrainz (/1/validate-token, which names the user) and stored encrypted. ' +
      'The listener is found or created as for Last.fm, this browser’s clicks are linked and sl_listener is set. ' +
      'With `slug`, the answer names the campaign’s destination for the page to go on to. The first read ' +
      'covers the day before; a reconnect reads on or records a gap as for Last.fm.',
  })
  @ApiOkResponse({ type: ListenBrainzConnectedDto })
  @ApiErrorResponses([400, 'ValidationFailed: token, slug or click is not valid.'])
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description:
      'SourceTokenInvalid: ListenBrainz refused the token (details: field `token` and the reason).',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or switched-off link.' })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'Expired link or archived campaign.' })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'SourceUnavailable: ListenBrainz cannot be reached.',
  })
  async connectListenBrainz(
    @Body() body: ConnectListenBrainzDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ListenBrainzConnectedDto> {
    const connected = await this.connect.listenbrainz(body.token, body.slug, this.connect.browser(req));
    res.append('Set-Cookie', listenerCookieHeader(connected.listenerCookie, this.config.secureCookies));
    res.setHeader('Cache-Control', 'no-store');
    return {
      source: {
        kind: 'listenbrainz',
        accountName: connected.accountName,
        status: 'active',
        connectedAt: new Date().toISOString(),
        lastPolledAt: null,
      },
      destinationUrl: connected.destinationUrl,
    };
  }
}
