import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AnalyticsSummaryService } from './analytics-summary.service';
import { CampaignsSummaryDto, CampaignsSummaryQueryDto } from './dto/campaigns-summary.dto';

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsSummaryController {
  constructor(private readonly summary: AnalyticsSummaryService) {}

  @Get('campaigns-summary')
  @RequireScopes('analytics:read')
  @ApiOperation({
    summary:
      'Key figures of your campaigns over the last days: clicks, connects, listeners, attributed plays.',
    description:
      'Totals and a zero-filled daily series per campaign, over whole UTC days (today so far included), read from the daily rollups. For the campaigns list; use the campaign analytics endpoints for time zones and filters.',
  })
  @ApiOkResponse({ type: CampaignsSummaryDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A query parameter is not valid.' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'MissingScope: the API key lacks analytics:read.',
  })
  getCampaignsSummary(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CampaignsSummaryQueryDto,
  ): Promise<CampaignsSummaryDto> {
    return this.summary.campaignsSummary(principal.ownerId, query.days, query.ids);
  }
}
