import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { EventPartitions } from '../../database/partitions/event-partitions.service';
import {
  anonymiseClicksBefore,
  clickRetentionOfCampaigns,
  deleteClicksBefore,
  markRetentionTransaction,
} from '../campaign/click-retention.repository';
import { deletePlaysBefore } from '../listener/play-retention.repository';
import { RetentionClock } from './retention-clock.service';

const DAY_MS = 86_400_000;
/** The pause between two batches: the redirect's click writes and the poller's plays get the database between. */
const PAUSE_MS = 20;

export interface RetentionRun {
  /** Clicks whose hashed IP and user agent were cleared. */
  anonymisedClicks: number;
  deletedClicks: number;
  deletedPlays: number;
}

/** One campaign's raw-data horizon, for the dashboard. */
export interface RetentionHorizon {
  clickRetentionDays: number;
  /** Raw clicks made before this were (or are being) removed; the rollups keep their counts. */
  rawClicksSince: Date;
  playRetentionDays: number;
  rawPlaysSince: Date;
}

/**
 * Data retention (docs/operations.md, "Retention"): personal data first (hashed IPs and user agents after
 * CLICK_PII_RETENTION_DAYS), then raw clicks past their campaign's retention, then raw plays past
 * PLAY_RETENTION_DAYS. Work goes in batches of RETENTION_BATCH_SIZE rows, each its own short transaction
 * marked `soundlink.retention` (the deletion triggers then keep the rollups and trends as they are), with a
 * pause between batches; rows are taken with SKIP LOCKED, so any number of processes may run it at once.
 */
@Injectable()
export class RetentionService implements OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: RetentionClock,
    private readonly config: AppConfig,
    private readonly partitions: EventPartitions,
  ) {}

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  /** Runs every step to the end (or until shutdown); answers what it changed. */
  async run(): Promise<RetentionRun> {
    const now = this.clock.now().getTime();
    const limit = this.config.RETENTION_BATCH_SIZE;
    const piiBefore = new Date(now - this.config.CLICK_PII_RETENTION_DAYS * DAY_MS);
    // (Clicks past the operator's maximum are all deleted below: no use clearing them first.)
    const everyClickBefore = new Date(now - this.config.CLICK_RETENTION_DAYS * DAY_MS);
    const anonymisedClicks = await this.batches((m) =>
      anonymiseClicksBefore(m, everyClickBefore, piiBefore, limit),
    );

    // Whole months past the operator's limit go first, as partitions: a DROP TABLE, no row-by-row delete and no
    // trigger (the rollups keep their figures either way). The batches below take the rest.
    await this.partitions.dropPartitionsOlderThan('clicks', everyClickBefore);
    let deletedClicks = 0;
    const byDays = new Map<number, string[]>();
    for (const { campaignId, days } of await clickRetentionOfCampaigns(
      this.dataSource.manager,
      this.config.CLICK_RETENTION_DAYS,
    )) {
      byDays.set(days, [...(byDays.get(days) ?? []), campaignId]);
    }
    for (const [days, campaignIds] of byDays) {
      const before = new Date(now - days * DAY_MS);
      deletedClicks += await this.batches((m) => deleteClicksBefore(m, campaignIds, before, limit));
    }

    const playsBefore = new Date(now - this.config.PLAY_RETENTION_DAYS * DAY_MS);
    await this.partitions.dropPartitionsOlderThan('plays', playsBefore);
    const deletedPlays = await this.batches((m) => deletePlaysBefore(m, playsBefore, limit));
    if (anonymisedClicks + deletedClicks + deletedPlays > 0) {
      this.logger.log(
        `Retention: anonymised ${anonymisedClicks} clicks, deleted ${deletedClicks} clicks and ${deletedPlays} plays`,
      );
    }
    return { anonymisedClicks, deletedClicks, deletedPlays };
  }

  /** The campaign's raw-data horizon (its click retention, capped by the operator's; the play retention). */
  async horizon(campaignId: string): Promise<RetentionHorizon> {
    const now = this.clock.now().getTime();
    const [row] = await clickRetentionOfCampaigns(this.dataSource.manager, this.config.CLICK_RETENTION_DAYS, [
      campaignId,
    ]);
    const clickRetentionDays = row?.days ?? this.config.CLICK_RETENTION_DAYS;
    const playRetentionDays = this.config.PLAY_RETENTION_DAYS;
    return {
      clickRetentionDays,
      rawClicksSince: new Date(now - clickRetentionDays * DAY_MS),
      playRetentionDays,
      rawPlaysSince: new Date(now - playRetentionDays * DAY_MS),
    };
  }

  /** Runs `step` in short transactions of its own until it touches fewer rows than a batch. */
  private async batches(step: (manager: EntityManager) => Promise<number>): Promise<number> {
    let total = 0;
    while (!this.stopping) {
      const done = await this.dataSource.transaction(async (manager) => {
        await markRetentionTransaction(manager);
        return step(manager);
      });
      total += done;
      if (done < this.config.RETENTION_BATCH_SIZE) break;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    return total;
  }
}
