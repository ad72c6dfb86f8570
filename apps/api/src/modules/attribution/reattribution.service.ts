import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events.service';
import { AppConfig } from '../../config/app-config';
import { CampaignService } from '../campaign/campaign.service';
import { AttributionJobEntity } from './attribution-job.entity';
import { MODEL_VERSION } from './attribution-model';
import { listenersWhoClicked, setAttributionGeneration } from '../campaign/campaign-attribution.repository';
import { maxPlayId, playsStoredSince } from '../listener/plays.repository';
import { AttributionEngine } from './attribution-engine.service';
import { claimJob, scheduleReattribution } from './attribution-jobs.repository';
import {
  campaignPlayIds,
  campaignsOnOtherModel,
  carryFrozenAttributions,
  deleteGeneration,
  deleteOtherGenerations,
  lockShared,
} from './attribution.repository';

const LISTENERS_PER_STEP = 200;
const LEASE_MS = 60_000;

/**
 * Re-attributes a campaign's stored plays in the background (after its window changed, or for a new model):
 * writes the next generation listener by listener with progress, then, in one transaction, switches the
 * campaign to it, rebalances the credit shares of the plays it shares with other campaigns and removes the
 * old generation. Until the switch the old results are what every reader sees.
 */
@Injectable()
export class ReattributionService {
  private readonly logger = new Logger(ReattributionService.name);
  private running = false;
  private modelChecked = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AttributionJobEntity) private readonly jobs: Repository<AttributionJobEntity>,
    private readonly engine: AttributionEngine,
    private readonly campaigns: CampaignService,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  /**
   * Queues a re-attribution (or returns the one already waiting for this campaign). Changes to a campaign
   * queue theirs in their own transaction (`scheduleReattribution`, called by the campaign module).
   */
  async enqueue(campaignId: string, reason: string): Promise<AttributionJobEntity> {
    const id = await this.dataSource.transaction((manager) =>
      scheduleReattribution(manager, campaignId, reason),
    );
    const job = id ? await this.jobs.findOneBy({ id }) : null;
    if (!job) throw new NotFoundError('Campaign');
    return job;
  }

  /**
   * A new model version (MODEL_VERSION) re-attributes every campaign whose current generation was written
   * by another one. Workers do it once at their first scheduled run; answers the campaigns queued.
   */
  async enqueueOutdatedModel(): Promise<string[]> {
    const campaigns = await campaignsOnOtherModel(this.dataSource.manager, MODEL_VERSION);
    for (const campaignId of campaigns) {
      await this.dataSource.transaction((manager) =>
        scheduleReattribution(manager, campaignId, 'model-version'),
      );
    }
    return campaigns;
  }

  async requestForOwner(ownerId: string, campaignId: string): Promise<AttributionJobEntity> {
    await this.campaigns.get(ownerId, campaignId);
    return this.enqueue(campaignId, 'requested');
  }

  async getForOwner(ownerId: string, campaignId: string, jobId: string): Promise<AttributionJobEntity> {
    await this.campaigns.get(ownerId, campaignId);
    const job = await this.jobs.findOneBy({ id: jobId, campaignId });
    if (!job) throw new NotFoundError('Job');
    return job;
  }

  @Interval('reattribution-jobs', 1_000)
  async scheduledRun(): Promise<void> {
    if (this.config.SOUNDLINK_ROLE === 'api') return;
    if (!this.modelChecked) {
      this.modelChecked = true;
      try {
        await this.enqueueOutdatedModel();
      } catch (error) {
        this.modelChecked = false;
        this.logger.warn(`Model version check failed: ${String(error)}`);
      }
    }
    await this.runDue();
  }

  /** Runs every waiting job (one process at a time per job, through the lease). */
  async runDue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = await this.claim(); job; job = await this.claim()) await this.run(job);
    } catch (error) {
      this.logger.warn(`Re-attribution failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }

  /** Claims the oldest queued job (or a running one whose process died), one at a time per campaign. */
  private async claim(): Promise<AttributionJobEntity | undefined> {
    const id = await claimJob(this.dataSource.manager, LEASE_MS / 1000);
    return id ? ((await this.jobs.findOneBy({ id })) ?? undefined) : undefined;
  }

  /** Runs one job to completion (also used by tests). */
  async run(job: AttributionJobEntity): Promise<void> {
    try {
      const startPlayId = await maxPlayId(this.dataSource.manager);
      const listeners = await listenersWhoClicked(this.dataSource.manager, job.campaignId, true);
      await this.jobs.update(job.id, { total: listeners.length, processed: 0 });
      // Start clean: a previous attempt of this job may have written part of the generation.
      await deleteGeneration(this.dataSource.manager, job.campaignId, job.generation);
      for (let i = 0; i < listeners.length; i += LISTENERS_PER_STEP) {
        const chunk = listeners.slice(i, i + LISTENERS_PER_STEP);
        await this.dataSource.transaction(async (manager) => {
          // (shared writers' lock: a campaign deleted meanwhile gets no rows written after its deletion)
          await lockShared(manager);
          await this.engine.insert(
            manager,
            await this.engine.candidatesForCampaign(manager, job.campaignId, job.generation, chunk),
          );
        });
        await this.jobs.update(job.id, {
          processed: Math.min(listeners.length, i + LISTENERS_PER_STEP),
          leaseUntil: new Date(Date.now() + LEASE_MS),
        });
      }
      await this.dataSource.transaction(async (manager) => {
        // No other writer of attributions runs during the switch (see AttributionEngine.lockAllWriters).
        await this.engine.lockAllWriters(manager);
        // Listeners who clicked while the job ran, and plays stored since it started.
        const late = await listenersWhoClicked(manager, job.campaignId, false);
        const newListeners = late.filter((id) => !listeners.includes(id));
        const latePlays = await playsStoredSince(manager, listeners, startPlayId, newListeners);
        // Attributions retention froze (click or play removed) carry over as they are: nothing can recompute them.
        await carryFrozenAttributions(manager, job.campaignId, job.generation);
        await setAttributionGeneration(manager, job.campaignId, job.generation);
        // Late plays are attributed to every campaign's current generation (this one's is now the new one).
        await this.engine.insert(manager, await this.engine.candidatesForPlays(manager, latePlays));
        // Every play the campaign held in the old generation or holds in the new one changes its shares.
        const touched = await campaignPlayIds(manager, job.campaignId);
        await deleteOtherGenerations(manager, job.campaignId, job.generation);
        await this.engine.rebalance(manager, [...new Set([...touched, ...latePlays])]);
        await manager.update(AttributionJobEntity, job.id, {
          status: 'done',
          processed: listeners.length + newListeners.length,
          total: listeners.length + newListeners.length,
          finishedAt: new Date(),
          leaseUntil: null,
        });
      });
      this.events.emit('attribution.generation-switched', {
        campaignId: job.campaignId,
        generation: job.generation,
      });
    } catch (error) {
      await this.jobs.update(job.id, {
        status: 'failed',
        error: String(error).slice(0, 500),
        finishedAt: new Date(),
      });
      throw error;
    }
  }
}
