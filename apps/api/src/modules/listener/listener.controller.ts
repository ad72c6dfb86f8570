import { Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { VISITOR_COOKIE } from '../campaign/redirect/redirect.handler';
import { ListenerExportDto, ListenerMeDto, ListenerSyncResultDto } from './dto/listener.dto';
import { LISTENER_COOKIE } from './listener-cookie';
import { ListenerAuth, ListenerCsrfHeader } from './listener.decorators';
import { CurrentListener, ListenerGuard, ListenerRef } from './listener.guard';
import { ListenerService } from './listener.service';

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

  @Get()
  @ListenerAuth()
  @ApiOperation({
    summary: 'What Soundlink has recorded about you: connection, clicks, plays, campaigns.',
    description: 'Authenticated by the sl_listener cookie set when you connected Spotify.',
  })
  @ApiOkResponse({ type: ListenerMeDto })
  getListenerMe(@CurrentListener() listener: ListenerRef): Promise<ListenerMeDto> {
    return this.listeners.me(listener.id);
  }

  @Post('sync')
  @ListenerAuth()
  @ListenerCsrfHeader()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reads your new plays from Spotify now.',
    description: 'At most once every 30 seconds (429 SyncTooSoon with Retry-After).',
  })
  @ApiOkResponse({ type: ListenerSyncResultDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Disconnected: nothing can be read.' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Synced less than 30 s ago.' })
  syncListenerMe(@CurrentListener() listener: ListenerRef): Promise<ListenerSyncResultDto> {
    return this.listeners.sync(listener.id);
  }

  @Get('export')
  @ListenerAuth()
  @ApiOperation({
    summary: 'Downloads all your data as JSON: the listener record, clicks, plays, gaps, attributions.',
    description: 'Answered as an attachment (soundlink-my-data.json). Tokens are never included.',
  })
  @ApiOkResponse({ type: ListenerExportDto })
  async exportListenerMe(
    @CurrentListener() listener: ListenerRef,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ListenerExportDto> {
    const data = await this.listeners.export(listener.id);
    res.setHeader('Content-Disposition', 'attachment; filename="soundlink-my-data.json"');
    res.setHeader('Cache-Control', 'no-store');
    return data;
  }

  @Post('disconnect')
  @ListenerAuth()
  @ListenerCsrfHeader()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Disconnects your Spotify account: tokens deleted, no more reading.',
    description:
      'What was recorded stays (erase it with DELETE /listeners/me); the cookie stays to show this.',
  })
  @ApiNoContentResponse()
  async disconnectListenerMe(@CurrentListener() listener: ListenerRef): Promise<void> {
    await this.listeners.disconnect(listener.id);
  }

  @Delete()
  @ListenerAuth()
  @ListenerCsrfHeader()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erases your data: plays deleted, clicks anonymised, connection deleted. Cannot be undone.',
    description:
      'Clicks stay in the campaigns’ aggregate counts with no way back to you (see docs/listeners.md). ' +
      'The listener and visitor cookies are cleared.',
  })
  @ApiNoContentResponse()
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
