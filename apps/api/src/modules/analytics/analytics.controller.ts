import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { CampaignEntity } from '../campaign/campaign.entity';
import { CampaignService } from '../campaign/campaign.service';
import { AnalyticsExportService } from './analytics-export.service';
import { AnalyticsLiftService } from './analytics-lift.service';
import { resolveRange, ResolvedRange } from './analytics-range';
import { AnalyticsService, rangeDto } from './analytics.service';
import { AnalyticsQueryDto, ExportQueryDto, TopTracksQueryDto } from './dto/analytics-query.dto';
import {
  CompletenessResponseDto,
  FunnelDto,
  LiftDto,
  LinksDto,
  RetentionDto,
  TimeseriesDto,
  TopTracksDto,
} from './dto/analytics.dto';
import { LiveStreams } from './live-streams.service';

@ApiTags('analytics')
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such campaign among yours.' })
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'A query parameter is not valid (field and reason).',
})
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'MissingScope: the API key lacks analytics:read.',
})
@Controller('campaigns/:id')
export class AnalyticsController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly analytics: AnalyticsService,
    private readonly liftService: AnalyticsLiftService,
    private readonly exporter: AnalyticsExportService,
    private readonly streams: LiveStreams,
  ) {}

  private async scoped(
    principal: Principal,
    id: string,
    query: AnalyticsQueryDto,
  ): Promise<{ campaign: CampaignEntity; range: ResolvedRange }> {
    const campaign = await this.campaigns.get(principal.ownerId, id);
    return { campaign, range: resolveRange(query, campaign.timezone) };
  }

  @Get('analytics/funnel')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary: 'The funnel: clicks → unique visitors → connects → listeners → attributed plays, with rates.',
    description:
      'Bots and HEAD requests excluded; the current attribution generation only. Range default: the last 28 days in the campaign time zone.',
  })
  @ApiOkResponse({ type: FunnelDto })
  async getCampaignFunnel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<FunnelDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    const funnel = await this.analytics.funnel(campaign, range);
    return {
      ...funnel,
      completeness: await this.analytics.completeness(campaign, range),
      rawData: await this.analytics.rawDataHorizon(campaign, range),
    };
  }

  @Get('analytics/timeseries')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary: 'Clicks, connects, attributed plays by tier and listeners per hour, day or week (zero-filled).',
  })
  @ApiOkResponse({ type: TimeseriesDto })
  async getCampaignTimeseries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<TimeseriesDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    const points = await this.analytics.timeseries(campaign, range);
    return {
      range: rangeDto(range),
      points,
      completeness: await this.analytics.completeness(campaign, range),
    };
  }

  @Get('analytics/top-tracks')
  @RequireScopes('analytics:read')
  @ApiOperation({ summary: 'The most played campaign tracks among attributed plays.' })
  @ApiOkResponse({ type: TopTracksDto })
  async getCampaignTopTracks(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: TopTracksQueryDto,
  ): Promise<TopTracksDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    const items = await this.analytics.topTracks(campaign, range, query.limit);
    return {
      range: rangeDto(range),
      items,
      completeness: await this.analytics.completeness(campaign, range),
    };
  }

  @Get('analytics/links')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Links and channels (utm_source) compared: clicks, visitors, connects, connect rate, plays per click.',
  })
  @ApiOkResponse({ type: LinksDto })
  async getCampaignLinkStats(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<LinksDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    const { links, channels } = await this.analytics.links(campaign, range);
    return {
      range: rangeDto(range),
      links,
      channels,
      completeness: await this.analytics.completeness(campaign, range),
    };
  }

  @Get('analytics/retention')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Share of attributed listeners who played campaign tracks again on days 1–7, 8–14 and 15–28 after their click.',
  })
  @ApiOkResponse({ type: RetentionDto })
  async getCampaignRetention(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<RetentionDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    const retention = await this.analytics.retention(campaign, range);
    return {
      range: rangeDto(range),
      ...retention,
      completeness: await this.analytics.completeness(campaign, range),
    };
  }

  @Get('analytics/lift')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Lift against a control group (difference in differences): campaign-track plays per observed listener-day.',
    description:
      'Exposed: every connected listener whose first counted click of the campaign is in the range (linkId and utmSource filter that click; tier does not apply). Control: connected listeners who never clicked the campaign, anchored on the median click time of the exposed group. Before: up to 28 days before the anchor; after: the attribution window. Observation gaps are excluded. The estimate comes with a seeded bootstrap 95 % interval; below the documented minimums the status is notEnoughData with the reason.',
  })
  @ApiOkResponse({ type: LiftDto })
  async getCampaignLift(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<LiftDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    const lift = await this.liftService.lift(campaign, range);
    return {
      range: rangeDto(range),
      ...lift,
      completeness: await this.analytics.completeness(campaign, range),
    };
  }

  @Get('analytics/completeness')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Share of the connected listener-time in the range that polling observed (not in observation gaps).',
  })
  @ApiOkResponse({ type: CompletenessResponseDto })
  async getCampaignCompleteness(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<CompletenessResponseDto> {
    const { campaign, range } = await this.scoped(principal, id, query);
    return { range: rangeDto(range), completeness: await this.analytics.completeness(campaign, range) };
  }

  @Get('export')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Exports a dataset as CSV or JSON, streamed (attributions are read in batches as they are written).',
    description:
      'The same range and filters as the analytics endpoints. Content-Disposition names the file. CSV follows RFC 4180 (CRLF, quoted fields); JSON is an array of the same rows.',
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'The file.', schema: { type: 'string' } })
  async exportCampaignData(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: ExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const { campaign, range } = await this.scoped(principal, id, query);
    await this.exporter.send(res, campaign, query.dataset, query.format, range);
  }

  @Get('stream')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Live events of the campaign (Server-Sent Events): click, connect, attributed-play, listener-erased.',
    description:
      'Each event is `event: <type>` with a JSON `data` line, sent within a second of being stored. A comment line every 15 s keeps proxies from closing the connection. Session cookie or an API key with analytics:read. The stream ends within seconds when that key is revoked, the session ends or the owner is disabled, and a client that does not read is dropped. At most LIVE_STREAMS_PER_OWNER streams per owner (429 TooManyLiveStreams beyond).',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless text/event-stream.', schema: { type: 'string' } })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description:
      'TooManyLiveStreams: the owner already holds LIVE_STREAMS_PER_OWNER streams, or the server LIVE_STREAMS_MAX.',
  })
  async streamCampaignEvents(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.campaigns.get(principal.ownerId, id);
    this.streams.open(principal, id, res);
  }
}
