import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import { reattributePlays } from '../attribution/attribution-engine.service';
import { dropLinkAttributions } from '../attribution/attribution.repository';
import { AuditService, actorOf } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { CampaignService } from './campaign.service';
import { invalidSlug, slugTaken } from './campaign.errors';
import { CreateLinkDto, UpdateLinkDto } from './dto/link.dto';
import { ClicksRepository } from './clicks.repository';
import { LinkCache } from './redirect/link-cache.service';
import { generateSlug, slugProblem } from './slug';
import { TrackerLinkEntity } from './tracker-link.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class LinkService {
  constructor(
    @InjectRepository(TrackerLinkEntity) private readonly links: Repository<TrackerLinkEntity>,
    private readonly campaigns: CampaignService,
    private readonly cache: LinkCache,
    private readonly audit: AuditService,
    private readonly clicks: ClicksRepository,
  ) {}

  async create(
    principal: Principal,
    campaignId: string,
    dto: CreateLinkDto,
    requestId?: string,
  ): Promise<TrackerLinkEntity> {
    await this.campaigns.get(principal.ownerId, campaignId);
    if (dto.slug !== undefined) {
      const problem = slugProblem(dto.slug);
      if (problem) throw invalidSlug(problem);
    }
    const base = {
      campaignId,
      ownerId: principal.ownerId,
      label: dto.label,
      utmSource: dto.utmSource ?? null,
      utmMedium: dto.utmMedium ?? null,
      utmCampaign: dto.utmCampaign ?? null,
      utmContent: dto.utmContent ?? null,
      utmTerm: dto.utmTerm ?? null,
      enabled: dto.enabled ?? true,
      expiresAt: dto.expiresAt ?? null,
    };
    // A generated slug may collide (rarely): try a few.
    for (let attempt = 0; ; attempt++) {
      const link = this.links.create({ ...base, slug: dto.slug ?? generateSlug() });
      try {
        await this.links.insert(link);
        this.cache.invalidate(link.slug);
        await this.audit.record(actorOf(principal, requestId), 'link.created', 'tracker_link', link.id, {
          campaignId,
          slug: link.slug,
          label: link.label,
        });
        return this.get(principal.ownerId, campaignId, link.id);
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        if (dto.slug !== undefined) throw slugTaken(dto.slug);
        if (attempt >= 5) throw error;
      }
    }
  }

  async list(ownerId: string, campaignId: string): Promise<TrackerLinkEntity[]> {
    await this.campaigns.get(ownerId, campaignId);
    return this.links.find({ where: { ownerId, campaignId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async get(ownerId: string, campaignId: string, id: string): Promise<TrackerLinkEntity> {
    const link = await this.links.findOneBy({ id, campaignId, ownerId });
    if (!link) throw new NotFoundError('Link');
    return link;
  }

  async update(
    principal: Principal,
    campaignId: string,
    id: string,
    dto: UpdateLinkDto,
    requestId?: string,
  ): Promise<TrackerLinkEntity> {
    const link = await this.get(principal.ownerId, campaignId, id);
    const changes = Object.fromEntries(
      Object.entries(dto).filter(
        ([key, value]) => value !== undefined && value !== link[key as keyof TrackerLinkEntity],
      ),
    ) as Partial<TrackerLinkEntity>;
    if (changes.slug !== undefined) {
      const problem = slugProblem(changes.slug);
      if (problem) throw invalidSlug(problem);
    }
    if (Object.keys(changes).length === 0) return link;
    try {
      await this.links.update({ id, ownerId: principal.ownerId }, changes);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && changes.slug)
        throw slugTaken(changes.slug);
      throw error;
    }
    this.cache.invalidate(link.slug);
    if (changes.slug) this.cache.invalidate(changes.slug);
    const action =
      changes.enabled === false
        ? 'link.disabled'
        : changes.enabled === true
          ? 'link.enabled'
          : 'link.updated';
    await this.audit.record(actorOf(principal, requestId), action, 'tracker_link', id, {
      ...changes,
      ...(changes.expiresAt ? { expiresAt: changes.expiresAt.toISOString() } : {}),
    });
    return this.get(principal.ownerId, campaignId, id);
  }

  async delete(principal: Principal, campaignId: string, id: string, requestId?: string): Promise<void> {
    const link = await this.get(principal.ownerId, campaignId, id);
    await this.links.manager.transaction(async (manager) => {
      // The link's clicks go, and with them the attributions they earned; those plays are attributed again
      // (another click of the campaign may still qualify) and their credit split again (docs/attribution.md).
      const plays = await dropLinkAttributions(manager, id);
      await this.clicks.deleteOfLink(manager, id);
      await manager.delete(TrackerLinkEntity, { id, ownerId: principal.ownerId });
      await reattributePlays(manager, plays);
    });
    this.cache.invalidate(link.slug);
    await this.audit.record(actorOf(principal, requestId), 'link.deleted', 'tracker_link', id, {
      slug: link.slug,
    });
  }
}
