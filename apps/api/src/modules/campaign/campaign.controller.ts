import { AppConfig } from '../../config/app-config';
import { assertClickRetentionDays } from '../../common/validation/click-retention-days';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CampaignService } from './campaign.service';
import {
  CampaignDto,
  CampaignPageDto,
  CreateCampaignDto,
  ListCampaignsQueryDto,
  UpdateCampaignDto,
} from './dto/campaign.dto';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

@ApiTags('campaigns')
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such campaign among yours.' })
@Controller('campaigns')
export class CampaignController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @RequireScopes('campaigns:write')
  @ApiOperation({
    summary: 'Create a campaign for a Spotify playlist, album, track or artist.',
    description:
      'The destination is resolved through Spotify (name, artwork, owner, target track set). An unusable destination answers 422 with the reason; when Spotify cannot be reached the campaign is kept as a draft whose resolution is pending and retried every minute.',
  })
  @ApiCreatedResponse({ type: CampaignDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'The destination cannot be used, and why.',
  })
  async createCampaign(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCampaignDto,
    @Req() req: Request,
  ): Promise<CampaignDto> {
    assertClickRetentionDays(body.clickRetentionDays, 'clickRetentionDays', this.config.CLICK_RETENTION_DAYS);
    return CampaignDto.from(await this.campaigns.createForOwner(principal, body, req.id as string));
  }

  @Get()
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'Your campaigns, newest first; filter by status, search by name.' })
  @ApiOkResponse({ type: CampaignPageDto })
  @ApiErrorResponses(400)
  async listCampaigns(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCampaignsQueryDto,
  ): Promise<CampaignPageDto> {
    const [items, total] = await this.campaigns.list(principal.ownerId, query);
    return { items: items.map((c) => CampaignDto.from(c)), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'One of your campaigns.' })
  @ApiOkResponse({ type: CampaignDto })
  async getCampaign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
  ): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.get(principal.ownerId, id));
  }

  @Patch(':id')
  @RequireScopes('campaigns:write')
  @ApiOperation({
    summary: 'Change a campaign: details, destination (resolved again), window, dates, time zone or status.',
    description:
      'Status moves: draft→active|archived, active→paused|ended|archived, paused→active|ended|archived, ended→archived, archived→ended.',
  })
  @ApiOkResponse({ type: CampaignDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'InvalidStatusTransition' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async updateCampaign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Body() body: UpdateCampaignDto,
    @Req() req: Request,
  ): Promise<CampaignDto> {
    assertClickRetentionDays(body.clickRetentionDays, 'clickRetentionDays', this.config.CLICK_RETENTION_DAYS);
    return CampaignDto.from(await this.campaigns.update(principal, id, body, req.id as string));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('campaigns:write')
  @ApiOperation({ summary: 'Delete a campaign with its links and clicks (archive it to keep them).' })
  @ApiNoContentResponse()
  async deleteCampaign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Campaign')) id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.campaigns.delete(principal, id, req.id as string);
  }
}
