import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CampaignService } from '../campaign/campaign.service';
import { resolveRange } from './analytics-range';
import { AnalyticsSegmentsService } from './analytics-segments.service';
import { AnalyticsService } from './analytics.service';
import { AnalyticsQueryDto } from './dto/analytics-query.dto';
import { SegmentsDto } from './dto/analytics-segments.dto';

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
export class AnalyticsSegmentsController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly segments: AnalyticsSegmentsService,
    private readonly analytics: AnalyticsService,
  ) {}

  @Get('analytics/segments')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Listener segments: the listeners reached as new, reactivated, amplified, steady or unknown, with their plays and shares.',
    description:
      "Per listener reached in the range (first attributed play in it): plays of the campaign's artists observed in the 28 days before their first click, earlier, and in the attribution window after it. Unknown: less than 28 days of history observed before the click (coverage says how much). Definitions in docs/analytics.md.",
  })
  @ApiOkResponse({ type: SegmentsDto })
  async getCampaignSegments(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<SegmentsDto> {
    const campaign = await this.campaigns.get(principal.ownerId, id);
    const range = resolveRange(query, campaign.timezone);
    const segments = await this.segments.segments(campaign, range);
    return { ...segments, completeness: await this.analytics.completeness(campaign, range) };
  }
}
