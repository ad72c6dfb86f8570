import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { sleep } from '../spotify/spotify-retry.policy';
import type { SourceKind } from './listening-source.entity';
import type { SourceRow } from './listening-sources.repository';
import { SOURCE_REQUESTS_PER_S, sourceSlots } from './source-rate-gate.service';
import { SourcesPollingService } from './sources-polling.service';

const INTERVAL_NAME = 'sources-polling-tick';
/** On shutdown, polls in flight get this long to finish (their leases expire otherwise). */
const DRAIN_MS = 10_000;

/**
 * The Last.fm and ListenBrainz tick loop (roles all and worker), like the Spotify poller's: every
 * POLL_TICK_MS it claims as many due sources as it has free slots (POLL_CONCURRENCY, each source at most
 * sourceSlots of them), leased in the
 * database with FOR UPDATE SKIP LOCKED so several processes split the work, and polls them. The sources'
 * request budgets and pauses (SourceRateGate) pace the calls inside each poll.
 */
@Injectable()
export class SourcesPollingWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SourcesPolling');
  private readonly running = new Set<Promise<void>>();
  private readonly runningByKind = new Map<SourceKind, number>();
  private claiming = false;
  private stopping = false;
  private failedClaims = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly polling: SourcesPollingService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  get enabled(): boolean {
    return this.config.SOUNDLINK_ROLE !== 'api';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => void this.tick(), this.config.POLL_TICK_MS),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS))),
    ]);
    clearTimeout(timer);
  }

  /**
   * One round: claim what the free slots allow and start those polls, each source up to its own share of the
   * slots (sourceSlots: Last.fm 6, ListenBrainz 15), so Last.fm polls waiting for its 4 requests/s never fill
   * every slot while ListenBrainz listeners are due (bench:polling measured 2.9 + 7.1 requests/s without it).
   */
  async tick(): Promise<void> {
    if (this.stopping || this.claiming) return;
    this.claiming = true;
    try {
      for (const kind of Object.keys(SOURCE_REQUESTS_PER_S) as SourceKind[]) {
        const free = Math.min(
          this.config.POLL_CONCURRENCY - this.running.size,
          sourceSlots(kind) - (this.runningByKind.get(kind) ?? 0),
        );
        if (free <= 0) continue;
        const claimed = await this.polling.claimDue(free, kind);
        for (const row of claimed) this.start(row);
      }
      this.failedClaims = 0;
    } catch (error) {
      if (this.failedClaims++ === 0) this.logger.warn(`Sources polling: cannot claim (${String(error)})`);
    } finally {
      this.claiming = false;
    }
  }

  private start(row: SourceRow): void {
    this.runningByKind.set(row.kind, (this.runningByKind.get(row.kind) ?? 0) + 1);
    const poll: Promise<void> = this.polling.poll(row).then(() => undefined);
    const tracked = poll.finally(() => {
      this.running.delete(tracked);
      this.runningByKind.set(row.kind, (this.runningByKind.get(row.kind) ?? 1) - 1);
    });
    this.running.add(tracked);
  }

  /** Waits until no poll of this process is running (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.claiming) {
      await Promise.allSettled([...this.running]);
      await sleep(1);
    }
  }
}
