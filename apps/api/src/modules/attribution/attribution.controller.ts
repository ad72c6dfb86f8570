import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto, NotFoundError } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AttributionListService } from './attribution-list.service';
import {
  AttributionJobDto,
  AttributionPageDto,
  ListAttributionsQueryDto,
  PlayExplanationDto,
} from './dto/attribution.dto';
import { ExplanationService } from './explanation.service';
import { ReattributionService } from './reattribution.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

@ApiTags('attribution')
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller()
export class AttributionController {
  constructor(
    private readonly list: AttributionListService,
    private readonly explanations: ExplanationService,
    private readonly reattribution: ReattributionService,
  ) {}

  @Get('campaigns/:id/attributions')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary: 'The campaign’s attributed plays, newest first, with score, tier, reasons and credit.',
  })
  @ApiOkResponse({ type: AttributionPageDto })
  @ApiErrorResponses(400)
  async listAttributions(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Query() query: ListAttributionsQueryDto,
  ): Promise<AttributionPageDto> {
    return this.list.page(principal.ownerId, id, query);
  }

  @Get('plays/:playId/explanation')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Why a play was or was not attributed, in words and numbers, for each of your campaigns that may see it.',
    description:
      'A campaign of yours may see a play attributed to it, or a play inside the window of its own click by that listener (not imported) whose track is in its target set. Any other play, or one that does not exist, answers the same 404 (docs/attribution.md).',
  })
  @ApiOkResponse({ type: PlayExplanationDto })
  async getPlayExplanation(
    @CurrentPrincipal() principal: Principal,
    @Param('playId') playId: string,
  ): Promise<PlayExplanationDto> {
    // The same 404 as for a play that exists but is not the caller's to explain (ExplanationService).
    if (!/^\d{1,18}$/.test(playId)) throw new NotFoundError('Play');
    return this.explanations.explain(principal.ownerId, playId);
  }

  @Post('campaigns/:id/reattribute')
  @HttpCode(202)
  @RequireScopes('campaigns:write')
  @ApiOperation({
    summary:
      'Attribute the campaign’s stored plays again, in the background; the current results stay readable until it is done.',
  })
  @ApiAcceptedResponse({ type: AttributionJobDto })
  async reattributeCampaign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
  ): Promise<AttributionJobDto> {
    return AttributionJobDto.from(await this.reattribution.requestForOwner(principal.ownerId, id));
  }

  @Get('campaigns/:id/jobs/:jobId')
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'Progress of a re-attribution job.' })
  @ApiOkResponse({ type: AttributionJobDto })
  async getAttributionJob(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Param('jobId', idOf('Job')) jobId: string,
  ): Promise<AttributionJobDto> {
    return AttributionJobDto.from(await this.reattribution.getForOwner(principal.ownerId, id, jobId));
  }
}
