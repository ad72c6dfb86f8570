import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/api-error';
import { CampaignService } from '../campaign/campaign.service';
import { attributionsPage } from './attribution.repository';
import { AttributionDto, AttributionPageDto, ListAttributionsQueryDto } from './dto/attribution.dto';

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

/** A campaign's attributed plays for its owner, newest first, a page at a time (keyset cursor). */
@Injectable()
export class AttributionListService {
  constructor(
    private readonly campaigns: CampaignService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async page(ownerId: string, id: string, query: ListAttributionsQueryDto): Promise<AttributionPageDto> {
    const campaign = await this.campaigns.get(ownerId, id);
    const rows = await attributionsPage(this.dataSource.manager, {
      campaignId: id,
      generation: campaign.attributionGeneration,
      linkId: query.linkId,
      tier: query.tier,
      from: query.from,
      to: query.to,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    });
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
}
