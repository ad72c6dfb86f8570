import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { SpotifyRateLimiter } from '../spotify/spotify-rate-limiter.service';
import { sleep } from '../spotify/spotify-retry.policy';
import { PollingService } from './polling.service';

const INTERVAL_NAME = 'polling-tick';
/** On shutdown, polls in flight get this long to finish (their leases expire otherwise). */
const DRAIN_MS = 10_000;

/**
 * The tick loop (roles all and worker): every POLL_TICK_MS it claims as many due listeners as it has free
 * slots (POLL_CONCURRENCY) and the app's request budget left (POLL_BUDGET_PER_30S, shared by every process)
 * for, and polls them. When a claim came back
 * full, more are due: finished polls refill the free slots at once instead of waiting for the next tick.
 * Nothing is claimed while Spotify calls are paused (429), so leases never sit idle waiting for the pause.
 * There is no coordinator: leases in the database (FOR UPDATE SKIP LOCKED) split the work between processes.
 */
@Injectable()
export class PollingWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Polling');
  private readonly running = new Set<Promise<void>>();
  private claiming = false;
  private again = false;
  /** The last claim filled every free slot: more listeners are probably due. */
  private backlog = false;
  private stopping = false;
  private failedClaims = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly polling: PollingService,
    private readonly limiter: SpotifyRateLimiter,
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
    this.logger.log(
      `Polling: every ${this.config.POLL_TICK_MS} ms, ${this.config.POLL_CONCURRENCY} at a time, ` +
        `${this.config.POLL_BUDGET_PER_30S} requests per 30 s, lease owner ${this.polling.owner}`,
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

  /** One round: claim what the free slots and the budget allow, start those polls; repeat while more are due. */
  async tick(): Promise<void> {
    if (this.stopping) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    try {
      do {
        this.again = false;
        if (this.limiter.status().paused) return;
        const free = this.config.POLL_CONCURRENCY - this.running.size;
        if (free <= 0) return;
        // The app's budget of Spotify requests, shared by every process: claim no more than it allows.
        const wanted = Math.min(free, await this.limiter.available());
        if (wanted <= 0) return;
        const claimed = await this.polling.claimDue(wanted);
        this.failedClaims = 0;
        this.backlog = claimed.length === wanted;
        for (const listener of claimed) this.start(this.polling.poll(listener).then(() => undefined));
      } while (this.again && this.backlog && !this.stopping);
    } catch (error) {
      // Usually the database is unreachable; say so once, not every second.
      if (this.failedClaims++ === 0) this.logger.warn(`Polling: cannot claim listeners (${String(error)})`);
    } finally {
      this.claiming = false;
    }
  }

  private start(poll: Promise<void>): void {
    const tracked = poll.finally(() => {
      this.running.delete(tracked);
      // Refill in batches (a quarter of the slots) rather than one claim query per finished poll.
      const free = this.config.POLL_CONCURRENCY - this.running.size;
      if (
        this.backlog &&
        !this.stopping &&
        (free >= Math.ceil(this.config.POLL_CONCURRENCY / 4) || this.running.size === 0)
      ) {
        void this.tick();
      }
    });
    this.running.add(tracked);
  }

  /** Waits until no poll of this process is running (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.claiming) {
      await Promise.allSettled([...this.running]);
      await sleep(1);
    }
  }
}
