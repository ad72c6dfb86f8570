import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { ListenerAuth, ListenerCsrfHeader } from '../listener/listener.decorators';
import { CurrentListener, ListenerGuard, ListenerRef } from '../listener/listener.guard';
import { HistoryImportDto, HistoryImportQueryDto } from './dto/history-import.dto';
import { InsightsQueryDto, ListenerInsightsDto } from './dto/insights.dto';
import { HistoryImportService } from './history-import.service';
import { InsightsService } from './insights.service';

/**
 * The upload route reads its own body as a stream (the global JSON parser and its BODY_LIMIT_BYTES leave
 * it alone; IMPORT_MAX_BYTES applies instead): see bootstrap.ts.
 */
export const HISTORY_UPLOAD_PATH = '/api/v1/listeners/me/imports';

/**
 * A connected listener's own insights and streaming-history imports, for the browser that connected
 * Spotify: the signed `sl_listener` cookie (ListenerGuard), like /listeners/me. @Public() to the owner guard.
 */
@ApiTags('listeners')
@Controller('listeners/me')
@UseGuards(ListenerGuard)
export class InsightsController {
  constructor(
    private readonly insights: InsightsService,
    private readonly imports: HistoryImportService,
  ) {}

  @Get('insights')
  @ListenerAuth()
  @ApiOperation({
    summary:
      'Your listening: top tracks, artists and albums, time per day, clock, sessions, streaks, campaigns.',
    description:
      'Computed from the plays Soundlink recorded for you (read from Spotify and imported history), plus ' +
      'Spotify’s own top lists when you granted user-top-read. Days, the clock and streaks are in `tz`.',
  })
  @ApiOkResponse({ type: ListenerInsightsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'range, tz or limit not valid.' })
  getListenerInsights(
    @CurrentListener() listener: ListenerRef,
    @Query() query: InsightsQueryDto,
  ): Promise<ListenerInsightsDto> {
    return this.insights.insights(listener.id, query);
  }

  @Post('imports')
  @ListenerAuth()
  @ListenerCsrfHeader()
  @HttpCode(202)
  @ApiConsumes('application/json', 'application/zip')
  @ApiBody({
    description:
      'The raw file as the request body: one `Streaming_History_Audio_*.json` (application/json) or the ' +
      'whole ZIP of Spotify’s extended streaming history (application/zip). Sent with fetch as ' +
      '`body: file` and `Content-Type: file.type`. At most IMPORT_MAX_BYTES (default 100 MB).',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({
    summary: 'Imports your Spotify extended streaming history (JSON file or ZIP) into your plays.',
    description:
      'Validated while it uploads; then answered 202 with the import job, whose plays are written in the ' +
      'background, after other listeners’ imports when IMPORTS_CONCURRENCY are being written (status queued, ' +
      'with queuePosition; poll GET /listeners/me/imports/{id}). Importing the same history again changes nothing. ' +
      'Podcasts and plays under 30 s are skipped and counted. Imported plays never count for campaigns.',
  })
  @ApiAcceptedResponse({ type: HistoryImportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'filename not valid.' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'An import of yours is still running (HistoryImportInProgress).',
  })
  @ApiPayloadTooLargeResponse({
    type: ErrorResponseDto,
    description: 'Larger than IMPORT_MAX_BYTES, or a ZIP unpacking to more than IMPORT_MAX_UNZIPPED_BYTES.',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description:
      'Too many imports are being uploaded or waiting their turn on this server (ServiceUnavailable): upload again later.',
  })
  @ApiUnsupportedMediaTypeResponse({
    type: ErrorResponseDto,
    description: 'Not application/json, application/zip (or application/octet-stream).',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description:
      'Not an extended streaming history (HistoryInvalid): `details[0].field` names the file and entry, ' +
      'e.g. `Streaming_History_Audio_2023.json[41].ms_played`. Nothing was imported.',
  })
  importListeningHistory(
    @CurrentListener() listener: ListenerRef,
    @Query() query: HistoryImportQueryDto,
    @Req() req: Request,
  ): Promise<HistoryImportDto> {
    return this.imports.startImport(listener.id, {
      body: req,
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      fileName: query.filename,
    });
  }

  @Get('imports')
  @ListenerAuth()
  @ApiOperation({ summary: 'Your streaming-history imports, newest first (at most 50).' })
  @ApiOkResponse({ type: [HistoryImportDto] })
  listListeningHistoryImports(@CurrentListener() listener: ListenerRef): Promise<HistoryImportDto[]> {
    return this.imports.listImports(listener.id);
  }

  @Get('imports/:id')
  @ListenerAuth()
  @ApiOperation({ summary: 'One of your streaming-history imports: status, progress and counts.' })
  @ApiOkResponse({ type: HistoryImportDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No import of yours has this id.' })
  getListeningHistoryImport(
    @CurrentListener() listener: ListenerRef,
    @Param('id', idOf('Import')) id: string,
  ): Promise<HistoryImportDto> {
    return this.imports.getImport(listener.id, id);
  }
}
