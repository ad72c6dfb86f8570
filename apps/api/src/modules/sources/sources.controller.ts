import { Controller, Delete, Get, HttpCode, Param, UseGuards } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';
import { ListenerAuth, ListenerCsrfHeader } from '../listener/listener.decorators';
import { CurrentListener, ListenerGuard, ListenerRef } from '../listener/listener.guard';
import { ListenerSourcesDto, SourceKindParamDto } from './dto/sources.dto';
import { SourcesService } from './sources.service';

/** The listener's listening sources (Spotify, Last.fm, ListenBrainz), by the sl_listener cookie. */
@ApiTags('listeners')
@Controller('listeners/me/sources')
@UseGuards(ListenerGuard)
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @ListenerAuth()
  @ApiOperation({
    summary: 'Your listening sources: Spotify (when connected), Last.fm, ListenBrainz.',
    description: 'Each with its account name, status, when it was connected and last read.',
  })
  @ApiOkResponse({ type: ListenerSourcesDto })
  async listListenerSources(@CurrentListener() listener: ListenerRef): Promise<ListenerSourcesDto> {
    return { items: await this.sources.list(listener.id) };
  }

  @Delete(':kind')
  @ListenerAuth()
  @ListenerCsrfHeader()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Disconnects one source: its credential deleted, no more reading.',
    description:
      'What was recorded stays (erase it with DELETE /listeners/me). Connecting it again later reads from the ' +
      'day before that connect, not what was played meanwhile; the time between is an observation gap. ' +
      'spotify: as POST /listeners/me/disconnect.',
  })
  @ApiNoContentResponse()
  @ApiErrorResponses([400, 'ValidationFailed: kind is not spotify, lastfm or listenbrainz.'])
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SourceNotConnected: no such source.' })
  async disconnectListenerSource(
    @CurrentListener() listener: ListenerRef,
    @Param() params: SourceKindParamDto,
  ): Promise<void> {
    await this.sources.disconnect(listener.id, params.kind);
  }
}
