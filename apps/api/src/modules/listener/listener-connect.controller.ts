import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiFoundResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { Public } from '../auth/auth.decorators';
import {
  clearStateCookie,
  LISTENER_CONNECT_STATE_COOKIE,
  readStateCookie,
  setStateCookie,
} from '../auth/oauth-state-cookie';
import { VISITOR_COOKIE } from '../campaign/redirect/redirect.handler';
import { ConnectInfoDto, ConnectSlugParamDto, ConnectStartQueryDto } from './dto/connect.dto';
import { listenerCookieHeader } from './listener-cookie';
import { ListenerConnectService } from './listener-connect.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

const VISITOR_MAX_AGE_MS = 2 * 365 * 24 * 3600 * 1000;

/**
 * The listener connect flow: the connect page's facts, then Spotify's authorization (start → consent →
 * callback). All public: listeners have no Soundlink account.
 */
@ApiTags('listeners')
@Controller()
export class ListenerConnectController {
  constructor(
    private readonly connect: ListenerConnectService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('connect/:slug')
  @ApiOperation({
    summary: 'What the connect page shows for a tracker link: campaign, owner, what Soundlink reads.',
    description:
      'For an enabled link of a campaign that is not archived (and not expired). Nothing private: the same ' +
      'facts anyone clicking the link sees. 404 LinkNotFound / LinkDisabled, 410 LinkExpired / CampaignArchived.',
  })
  @ApiOkResponse({ type: ConnectInfoDto })
  @ApiErrorResponses([400, 'ValidationFailed: the slug is not a valid slug.'])
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or switched-off link.' })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'Expired link or archived campaign.' })
  getConnectInfo(@Param() params: ConnectSlugParamDto): Promise<ConnectInfoDto> {
    return this.connect.info(params.slug);
  }

  @Public()
  @Get('listeners/connect/start')
  @ApiOperation({
    summary: 'Starts connecting Spotify: redirects to Spotify’s consent page.',
    description:
      'A browser navigation (not an XHR). Asks for user-read-recently-played and user-top-read with a signed, ' +
      'single-use state that expires after 10 minutes and is bound to this browser: to a key set here in the ' +
      'HttpOnly cookie sl_oauth_listener (SameSite=Lax, Path = the callback) and to its visitor cookie (set here ' +
      'when missing). `click` links nothing by itself: only clicks of this browser’s visitor cookie are linked. ' +
      'For a link that is not live, redirects back to /connect/{slug}, which explains why.',
  })
  @ApiFoundResponse({
    description: 'To Spotify (or the sandbox) with the state, or back to the connect page.',
  })
  @ApiErrorResponses([400, 'ValidationFailed: slug or click is not valid.'])
  async startListenerConnect(
    @Query() query: ConnectStartQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const visitor = (req.cookies as Record<string, string> | undefined)?.[VISITOR_COOKIE];
    const answer = await this.connect.start(query.slug, visitor);
    if (answer.newVisitor) {
      res.cookie(VISITOR_COOKIE, answer.visitorId, {
        maxAge: VISITOR_MAX_AGE_MS,
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
      });
    }
    if (answer.browserKey) {
      setStateCookie(res, LISTENER_CONNECT_STATE_COOKIE, answer.browserKey, this.config.secureCookies);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, answer.location);
  }

  @Public()
  @Get('listeners/connect/callback')
  @ApiOperation({
    summary: 'Spotify sends the listener back here: stores the connection and redirects to the music.',
    description:
      'On success: the listener is created or updated (tokens encrypted), this browser’s clicks are linked, ' +
      'the last 50 plays are imported as the baseline, the signed sl_listener cookie is set, and the browser ' +
      'goes to the campaign’s open.spotify.com destination. Only the browser that started the flow (its ' +
      'sl_oauth_listener and visitor cookies) completes it. Otherwise back to /connect/{slug}?error=denied, ' +
      'dev-mode-cap, unavailable, state (replayed, expired or another browser) or failed; a state that names ' +
      'no campaign gets a small HTML page (400).',
  })
  @ApiQuery({ name: 'code', required: false, description: 'Authorization code from Spotify.' })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'error', required: false, description: 'access_denied when the listener said no.' })
  @ApiFoundResponse({ description: 'To the destination, or to the connect page with ?error=….' })
  @ApiBadRequestResponse({
    description: 'A small HTML page: the state names no campaign.',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async completeListenerConnect(@Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.connect.complete(req, readStateCookie(req, LISTENER_CONNECT_STATE_COOKIE));
    if (!answer.keepBinding) clearStateCookie(res, LISTENER_CONNECT_STATE_COOKIE, this.config.secureCookies);
    res.setHeader('Cache-Control', 'no-store');
    // The URL carried an authorization code: never let it travel on as a Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (answer.kind === 'page') {
      res.status(answer.status).type('html').send(answer.html);
      return;
    }
    if (answer.listenerCookie) {
      res.append('Set-Cookie', listenerCookieHeader(answer.listenerCookie, this.config.secureCookies));
    }
    res.redirect(302, answer.location);
  }
}
