import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorResponseDto, NotFoundError } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CampaignService } from '../campaign/campaign.service';
import {
  AttributionDto,
  AttributionJobDto,
  AttributionPageDto,
  ListAttributionsQueryDto,
  PlayExplanationDto,
} from './dto/attribution.dto';
import { ExplanationService } from './explanation.service';
import { ReattributionService } from './reattribution.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

const badCursor = () =>
  new DomainError('ValidationFailed', 400, 'cursor is not one this API gave out.', [
    { field: 'cursor', reason: 'is not valid' },
  ]);

function decodeCursor(cursor: string): { playedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const playedAt = new Date(at ?? '');
  if (!id || !/^\d+$/.test(id) || Number.isNaN(playedAt.getTime())) throw badCursor();
  return { playedAt, id };
}

@ApiTags('attribution')
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller()
export class AttributionController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly explanations: ExplanationService,
    private readonly reattribution: ReattributionService,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const campaign = await this.campaigns.get(principal.ownerId, id);
    const params: unknown[] = [id, campaign.attributionGeneration];
    const where = ['a.campaign_id = $1', 'a.generation = $2'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.linkId) add('a.link_id = ?', query.linkId);
    if (query.tier) add('a.tier = ?', query.tier);
    if (query.from) add('a.played_at >= ?', query.from);
    if (query.to) add('a.played_at < ?', query.to);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      params.push(cursor.playedAt, cursor.id);
      where.push(`(a.played_at, a.id) < ($${params.length - 1}, $${params.length}::bigint)`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.play_id, a.track_id, t.name AS track_name, a.played_at, a.listener_id, a.click_id, a.link_id,
              a.clicked_at, a.score, a.tier, a.reasons, a.credit, a.model_version
         FROM attributions a LEFT JOIN tracks t ON t.id = a.track_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.played_at DESC, a.id DESC
        LIMIT $${params.length}`,
      params,
    )) as Array<Record<string, unknown>>;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r): AttributionDto => ({
        playId: String(r['play_id']),
        trackId: r['track_id'] as string,
        trackName: (r['track_name'] as string | null) ?? null,
        playedAt: new Date(r['played_at'] as string).toISOString(),
        listenerId: r['listener_id'] as string,
        clickId: r['click_id'] as string,
        linkId: r['link_id'] as string,
        clickedAt: new Date(r['clicked_at'] as string).toISOString(),
        score: Number(r['score']),
        tier: r['tier'] as string,
        reasons: r['reasons'] as string[],
        credit: Number(r['credit']),
        modelVersion: r['model_version'] as string,
      })),
      nextCursor:
        rows.length > query.limit && last
          ? Buffer.from(
              `${new Date(last['played_at'] as string).toISOString()}|${String(last['id'])}`,
            ).toString('base64url')
          : null,
    };
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
