import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, ILike, In, IsNull, Repository } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events.service';
import { scheduleReattribution } from '../attribution/attribution-jobs.repository';
import { dropCampaignAttributions, rebalanceCredits } from '../attribution/attribution.repository';
import { AuditService, actorOf } from '../audit/audit.service';
import { OwnerEntity } from '../auth/owner.entity';
import type { Principal } from '../auth/principal';
import { artistTrackIds } from '../listener/plays.repository';
import { trackIdsAt } from './campaign-tracks.repository';
import { allowedTransitions, canTransition } from './campaign-status';
import { ClicksRepository } from './clicks.repository';
import { invalidDateRange, invalidTransition } from './campaign.errors';
import { CampaignEntity, CampaignStatus } from './campaign.entity';
import { CampaignStatusPeriodEntity } from './campaign-status-period.entity';
import { CampaignTrackEntity } from './campaign-track.entity';
import { DestinationResolver, ResolvedDestination } from './destination-resolver';
import {
  COPIED_FIELDS,
  CreateCampaignDto,
  ListCampaignsQueryDto,
  UpdateCampaignDto,
  WINDOW_DEFAULT_HOURS,
} from './dto/campaign.dto';
import { LinkCache } from './redirect/link-cache.service';

/** An unusable destination names the request's `destination` field, whatever the resolver called it. */
function onDestinationField(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.status !== 422) return error;
  const details = error.details?.length
    ? error.details.map((d) => ({ field: 'destination', reason: d.reason }))
    : [{ field: 'destination', reason: error.message.replace(/\.$/, '') }];
  return new DomainError(error.code, error.status, error.message, details, error.headers);
}

/** Spotify could not be reached: the campaign is kept (as a draft) and resolved later. */
function isUnavailable(error: unknown): boolean {
  return error instanceof DomainError && error.status >= 500;
}

/** campaign.updated, or the status change: activated, paused, resumed, ended, archived, restored. */
function auditAction(from: CampaignStatus, to: CampaignStatus | undefined): string {
  if (!to) return 'campaign.updated';
  if (to === 'active') return from === 'paused' ? 'campaign.resumed' : 'campaign.activated';
  if (from === 'archived') return 'campaign.restored';
  return `campaign.${to}`;
}

@Injectable()
export class CampaignService {
  private readonly logger = new Logger(CampaignService.name);

  constructor(
    @InjectRepository(CampaignEntity) private readonly campaigns: Repository<CampaignEntity>,
    @InjectRepository(OwnerEntity) private readonly owners: Repository<OwnerEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly resolver: DestinationResolver,
    private readonly audit: AuditService,
    private readonly linkCache: LinkCache,
    private readonly clicks: ClicksRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Creates a campaign in the owner's time zone (see `create`). */
  async createForOwner(
    principal: Principal,
    dto: CreateCampaignDto,
    requestId?: string,
  ): Promise<CampaignEntity> {
    const owner = await this.owners.findOneByOrFail({ id: principal.ownerId });
    return this.create(principal, dto, owner.timezone, requestId);
  }

  async create(
    principal: Principal,
    dto: CreateCampaignDto,
    ownerTimezone: string,
    requestId?: string,
  ): Promise<CampaignEntity> {
    this.checkDates(dto.startsAt, dto.endsAt);
    const { resolved, identified, error } = await this.resolveOrDefer(dto.destination, principal.ownerId);
    const campaign = this.campaigns.create({
      ownerId: principal.ownerId,
      name: dto.name,
      description: dto.description ?? '',
      status: resolved ? (dto.status ?? 'active') : 'draft',
      destinationInput: dto.destination,
      destinationType: identified.type,
      destinationId: identified.id,
      attributionWindowHours: dto.attributionWindowHours ?? WINDOW_DEFAULT_HOURS,
      clickRetentionDays: dto.clickRetentionDays ?? null,
      startsAt: dto.startsAt ?? null,
      endsAt: dto.endsAt ?? null,
      timezone: dto.timezone ?? ownerTimezone,
      ...this.resolutionFields(resolved, error),
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(CampaignEntity, campaign);
      await manager.insert(CampaignStatusPeriodEntity, {
        campaignId: campaign.id,
        status: campaign.status,
        since: null,
        until: null,
      });
      if (resolved) await this.replaceTracks(manager, campaign.id, resolved, new Date());
    });
    await this.audit.record(actorOf(principal, requestId), 'campaign.created', 'campaign', campaign.id, {
      name: campaign.name,
      destination: `spotify:${campaign.destinationType}:${campaign.destinationId}`,
      status: campaign.status,
    });
    return this.get(principal.ownerId, campaign.id);
  }

  async list(ownerId: string, query: ListCampaignsQueryDto): Promise<[CampaignEntity[], number]> {
    const escaped = query.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.campaigns.findAndCount({
      where: {
        ownerId,
        ...(query.status ? { status: query.status } : {}),
        ...(escaped ? { name: ILike(`%${escaped}%`) } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
  }

  /** The owner's campaign; another owner's id answers 404 exactly like an unknown one. */
  async get(ownerId: string, id: string): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findOneBy({ id, ownerId });
    if (!campaign) throw new NotFoundError('Campaign');
    return campaign;
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateCampaignDto,
    requestId?: string,
  ): Promise<CampaignEntity> {
    const campaign = await this.get(principal.ownerId, id);
    const changes: Partial<CampaignEntity> = {};
    for (const key of COPIED_FIELDS) {
      if (dto[key] !== undefined && dto[key] !== campaign[key])
        (changes as Record<string, unknown>)[key] = dto[key];
    }
    if (dto.startsAt !== undefined) changes.startsAt = dto.startsAt;
    if (dto.endsAt !== undefined) changes.endsAt = dto.endsAt;
    this.checkDates(changes.startsAt ?? campaign.startsAt, changes.endsAt ?? campaign.endsAt);

    let resolved: ResolvedDestination | undefined;
    if (dto.destination !== undefined && dto.destination !== campaign.destinationInput) {
      const outcome = await this.resolveOrDefer(dto.destination, principal.ownerId);
      resolved = outcome.resolved;
      Object.assign(changes, {
        destinationInput: dto.destination,
        destinationType: outcome.identified.type,
        destinationId: outcome.identified.id,
        ...this.resolutionFields(outcome.resolved, outcome.error),
      });
      if (!resolved && campaign.status !== 'draft') changes.status = 'draft';
    }
    if (dto.status !== undefined && dto.status !== campaign.status) {
      if (!canTransition(campaign.status, dto.status)) {
        throw invalidTransition(campaign.status, dto.status, allowedTransitions(campaign.status));
      }
      const pending = (changes.resolutionState ?? campaign.resolutionState) === 'pending';
      if (dto.status === 'active' && pending) {
        throw new DomainError(
          'DestinationPending',
          409,
          'The destination is not resolved yet: Spotify could not be reached. Try again in a minute.',
          [{ field: 'status', reason: 'cannot be active before the destination is resolved' }],
        );
      }
      changes.status = dto.status;
    }
    if (Object.keys(changes).length === 0) return campaign;

    // What changed that can change which plays count, or their scores: the campaign's plays are attributed
    // again (docs/attribution.md, "Re-attribution").
    const sameTime = (a: Date | null | undefined, b: Date | null) =>
      (a ? new Date(a).getTime() : null) === (b ? new Date(b).getTime() : null);
    const reasons = [
      changes.attributionWindowHours !== undefined ? 'window' : undefined,
      (changes.startsAt !== undefined && !sameTime(changes.startsAt, campaign.startsAt)) ||
      (changes.endsAt !== undefined && !sameTime(changes.endsAt, campaign.endsAt))
        ? 'dates'
        : undefined,
      changes.destinationInput !== undefined ? 'destination' : undefined,
      changes.status !== undefined && changes.status !== campaign.status ? 'status' : undefined,
    ].filter((r): r is string => r !== undefined);

    await this.dataSource.transaction(async (manager) => {
      await manager.update(CampaignEntity, { id, ownerId: principal.ownerId }, changes);
      const now = new Date();
      if (changes.status !== undefined && changes.status !== campaign.status) {
        await this.recordStatus(manager, id, changes.status, now);
      }
      if (resolved) await this.replaceTracks(manager, id, resolved, now);
      if (reasons.length > 0) {
        await scheduleReattribution(
          manager,
          id,
          reasons.length === 1 ? `${reasons[0]}-changed` : 'campaign-changed',
        );
      }
    });
    this.linkCache.invalidateCampaign(id);
    await this.audit.record(
      actorOf(principal, requestId),
      auditAction(campaign.status, changes.status),
      'campaign',
      id,
      this.auditable(changes),
    );
    return this.get(principal.ownerId, id);
  }

  /** Deletes the campaign with its links, clicks and target set. Archiving is the way to keep them. */
  async delete(principal: Principal, id: string, requestId?: string): Promise<void> {
    const campaign = await this.get(principal.ownerId, id);
    await this.dataSource.transaction(async (manager) => {
      // Its attributions go with it, and the plays it shared hand their credit to the other campaigns
      // (docs/attribution.md).
      const shared = await dropCampaignAttributions(manager, id);
      // clicks and campaign_visitors carry no foreign key (a batch of clicks must never fail on one), so they go explicitly.
      await this.clicks.deleteOfCampaign(manager, id);
      await manager.delete(CampaignEntity, { id, ownerId: principal.ownerId });
      await rebalanceCredits(manager, shared);
    });
    this.linkCache.invalidateCampaign(id);
    await this.audit.record(actorOf(principal, requestId), 'campaign.deleted', 'campaign', id, {
      name: campaign.name,
    });
  }

  /** The tracks in the target set at a moment (default: now). */
  async trackIdsAt(campaignId: string, at = new Date()): Promise<string[]> {
    return trackIdsAt(this.dataSource.manager, campaignId, at);
  }

  /**
   * Scheduled: retries destinations Spotify could not resolve, and notices playlist edits (a new
   * snapshot_id) to record which tracks entered or left the target set and when.
   */
  async recheckDestinations(now = new Date()): Promise<{ checked: number; changed: number }> {
    const due = await this.campaigns.find({
      where: [
        { resolutionState: 'pending' },
        {
          destinationType: 'playlist',
          status: In(['draft', 'active', 'paused'] satisfies CampaignStatus[]),
          resolutionState: 'resolved',
        },
      ],
      take: 200,
      order: { resolvedAt: { direction: 'ASC', nulls: 'FIRST' } },
    });
    let changed = 0;
    for (const campaign of due) {
      try {
        if (campaign.resolutionState === 'resolved') {
          const snapshot = await this.resolver.playlistSnapshot(campaign.destinationId, campaign.ownerId);
          if (snapshot === campaign.snapshotId) continue;
        }
        const resolved = await this.resolver.resolve(campaign.destinationInput, campaign.ownerId);
        await this.dataSource.transaction(async (manager) => {
          await manager.update(CampaignEntity, campaign.id, this.resolutionFields(resolved, undefined));
          // Tracks that entered or left the set change which plays count: attribute them again.
          if (await this.replaceTracks(manager, campaign.id, resolved, now)) {
            await scheduleReattribution(manager, campaign.id, 'playlist-edited');
          }
        });
        changed += 1;
        await this.audit.record(
          { ownerId: campaign.ownerId, actorType: 'system', actorId: null },
          campaign.resolutionState === 'pending' ? 'campaign.resolved' : 'campaign.playlist_changed',
          'campaign',
          campaign.id,
          { snapshotId: resolved.snapshotId, trackCount: resolved.tracks.length },
        );
      } catch (error) {
        if (!isUnavailable(error)) {
          await this.campaigns.update(campaign.id, {
            resolutionError: String((error as Error).message).slice(0, 500),
          });
        }
        this.logger.warn(`Re-checking campaign ${campaign.id} failed: ${String(error)}`);
      }
    }
    return { checked: due.length, changed };
  }

  private async resolveOrDefer(input: string, ownerId: string) {
    try {
      const resolved = await this.resolver.resolve(input, ownerId);
      return { resolved, identified: { type: resolved.type, id: resolved.id }, error: undefined };
    } catch (error) {
      if (!isUnavailable(error)) throw onDestinationField(error);
      const identified = await this.resolver.identify(input);
      return { resolved: undefined, identified, error: error as DomainError };
    }
  }

  private resolutionFields(
    resolved: ResolvedDestination | undefined,
    error: DomainError | undefined,
  ): Partial<CampaignEntity> {
    if (!resolved) {
      return {
        resolutionState: 'pending',
        resolutionError: error?.message ?? 'Spotify could not be reached.',
        resolvedAt: null,
      };
    }
    return {
      resolutionState: 'resolved',
      resolutionError: null,
      resolvedAt: new Date(),
      destinationName: resolved.name,
      destinationImageUrl: resolved.imageUrl,
      destinationOwnerName: resolved.ownerName,
      snapshotId: resolved.snapshotId,
      trackCount: new Set(resolved.tracks.map((t) => t.trackId)).size,
    };
  }

  /**
   * Closes the open status period and opens one in `status` from `now` (attribution reads a campaign's
   * status at a click and at a play: docs/attribution.md, "Statuses").
   */
  private async recordStatus(
    manager: EntityManager,
    campaignId: string,
    status: CampaignStatus,
    now: Date,
  ): Promise<void> {
    await manager.update(CampaignStatusPeriodEntity, { campaignId, until: IsNull() }, { until: now });
    await manager.insert(CampaignStatusPeriodEntity, { campaignId, status, since: now, until: null });
  }

  /**
   * Closes the rows of tracks that left the set and opens rows for tracks that entered it; answers whether
   * the set changed.
   */
  private async replaceTracks(
    manager: EntityManager,
    campaignId: string,
    resolved: ResolvedDestination,
    now: Date,
  ): Promise<boolean> {
    const open = await manager.find(CampaignTrackEntity, { where: { campaignId, removedAt: IsNull() } });
    const wanted = new Map<string, Date | null>();
    // An artist's set is every track by them: those known now; the others join as their plays arrive.
    const tracks =
      resolved.type === 'artist'
        ? (await artistTrackIds(manager, resolved.id)).map((trackId) => ({ trackId, addedAt: null }))
        : resolved.tracks;
    for (const track of tracks) if (!wanted.has(track.trackId)) wanted.set(track.trackId, track.addedAt);
    const left = open.filter((row) => !wanted.has(row.trackId)).map((row) => row.id);
    if (left.length > 0) await manager.update(CampaignTrackEntity, { id: In(left) }, { removedAt: now });
    const present = new Set(open.map((row) => row.trackId));
    const entered = [...wanted].filter(([trackId]) => !present.has(trackId));
    if (entered.length > 0) {
      await manager.insert(
        CampaignTrackEntity,
        entered.map(([trackId, addedAt]) => ({
          campaignId,
          trackId,
          // Spotify's added_at says when a playlist track entered; otherwise it counts from now.
          addedAt: addedAt && addedAt <= now ? addedAt : now,
          removedAt: null,
          snapshotId: resolved.snapshotId,
        })),
      );
    }
    // An artist's count: the tracks by them known when it was resolved (more join the set as plays name them).
    if (resolved.type === 'artist')
      await manager.update(CampaignEntity, campaignId, { trackCount: wanted.size });
    return left.length > 0 || entered.length > 0;
  }

  private checkDates(startsAt?: Date | null, endsAt?: Date | null): void {
    if (startsAt && endsAt && endsAt <= startsAt) throw invalidDateRange();
  }

  private auditable(changes: Partial<CampaignEntity>): Record<string, unknown> {
    const { resolvedAt: _r, ...rest } = changes;
    return Object.fromEntries(
      Object.entries(rest).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
    );
  }
}
