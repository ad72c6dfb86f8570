import { Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { Public } from '../auth/auth.decorators';
import { VISITOR_COOKIE } from '../campaign/redirect/redirect.handler';
import { ListenerExportDto, ListenerMeDto, ListenerSyncResultDto } from './dto/listener.dto';
import { LISTENER_COOKIE } from './listener-cookie';
import { CurrentListener, ListenerGuard, ListenerRef } from './listener.guard';
import { ListenerService } from './listener.service';

/** Unsafe listener requests carry this header; a cross-site form or script cannot (docs/listeners.md). */
const CsrfHeader = () =>
  ApiHeader({
    name: 'X-Requested-With',
    required: true,
    description: 'Must be `soundlink`: protects the listener against cross-site requests.',
    schema: { type: 'string', enum: ['soundlink'] },
  });

const UNAUTHORIZED = {
  type: ErrorResponseDto,
  description: 'No valid sl_listener cookie, or the listener was erased (ListenerNotConnected).',
};

/**
 * The listener’s own data, for the browser that connected Spotify: authenticated by the signed
 * `sl_listener` cookie (ListenerGuard), not by an owner session, so @Public() to the owner AuthGuard.
 */
@ApiTags('listeners')
@Controller('listeners/me')
@UseGuards(ListenerGuard)
export class ListenerController {
  constructor(
    private readonly listeners: ListenerService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'What Soundlink has recorded about you: connection, clicks, plays, campaigns.',
    description: 'Authenticated by the sl_listener cookie set when you connected Spotify.',
  })
  @ApiOkResponse({ type: ListenerMeDto })
  @ApiUnauthorizedResponse(UNAUTHORIZED)
  getListenerMe(@CurrentListener() listener: ListenerRef): Promise<ListenerMeDto> {
    return this.listeners.me(listener.id);
  }

  @Public()
  @Post('sync')
  @HttpCode(200)
  @CsrfHeader()
  @ApiOperation({
    summary: 'Reads your new plays from Spotify now.',
    description: 'At most once every 30 seconds (429 SyncTooSoon with Retry-After).',
  })
  @ApiOkResponse({ type: ListenerSyncResultDto })
  @ApiUnauthorizedResponse(UNAUTHORIZED)
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'X-Requested-With missing.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Disconnected: nothing can be read.' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Synced less than 30 s ago.' })
  syncListenerMe(@CurrentListener() listener: ListenerRef): Promise<ListenerSyncResultDto> {
    return this.listeners.sync(listener.id);
  }

  @Public()
  @Get('export')
  @ApiOperation({
    summary: 'Downloads all your data as JSON: the listener record, clicks, plays, gaps, attributions.',
    description: 'Answered as an attachment (soundlink-my-data.json). Tokens are never included.',
  })
  @ApiOkResponse({ type: ListenerExportDto })
  @ApiUnauthorizedResponse(UNAUTHORIZED)
  async exportListenerMe(
    @CurrentListener() listener: ListenerRef,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ListenerExportDto> {
    const data = await this.listeners.export(listener.id);
    res.setHeader('Content-Disposition', 'attachment; filename="soundlink-my-data.json"');
    res.setHeader('Cache-Control', 'no-store');
    return data;
  }

  @Public()
  @Post('disconnect')
  @HttpCode(204)
  @CsrfHeader()
  @ApiOperation({
    summary: 'Disconnects your Spotify account: tokens deleted, no more reading.',
    description:
      'What was recorded stays (erase it with DELETE /listeners/me); the cookie stays to show this.',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse(UNAUTHORIZED)
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'X-Requested-With missing.' })
  async disconnectListenerMe(@CurrentListener() listener: ListenerRef): Promise<void> {
    await this.listeners.disconnect(listener.id);
  }

  @Public()
  @Delete()
  @HttpCode(204)
  @CsrfHeader()
  @ApiOperation({
    summary: 'Erases your data: plays deleted, clicks anonymised, connection deleted. Cannot be undone.',
    description:
      'Clicks stay in the campaigns’ aggregate counts with no way back to you (see docs/listeners.md). ' +
      'The listener and visitor cookies are cleared.',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse(UNAUTHORIZED)
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'X-Requested-With missing.' })
  async eraseListenerMe(
    @CurrentListener() listener: ListenerRef,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const visitor = (req.cookies as Record<string, string> | undefined)?.[VISITOR_COOKIE];
    await this.listeners.erase(listener.id, visitor);
    const options = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.secureCookies,
    };
    res.clearCookie(LISTENER_COOKIE, options);
    res.clearCookie(VISITOR_COOKIE, options);
  }
}
