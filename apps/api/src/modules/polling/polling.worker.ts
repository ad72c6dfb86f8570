import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { SpotifyRateLimiter } from '../spotify/spotify-rate-limiter.service';
import { sleep } from '../spotify/spotify-retry.policy';
import { PollingService } from './polling.service';
import type { ClaimedListener } from './polling.repository';

const INTERVAL_NAME = 'polling-tick';
/** On shutdown, polls in flight get this long to finish (their leases expire otherwise). */
const DRAIN_MS = 10_000;

/**
 * The tick loop (roles all and worker): every POLL_TICK_MS it claims as many due listeners as it has free
 * slots (POLL_CONCURRENCY) and the app's request budget left (POLL_BUDGET_PER_30S, shared by every process)
 * for, and polls them. When a claim came back full, more are due: it also claims half the slots' worth ahead
 * (leased, waiting in this process), so a finished poll's slot starts the next one at once, and claims again
 * when the waiting ones run low (one claim query per few polls, not per poll, and no slot idle meanwhile).
 * Nothing is claimed while Spotify calls are paused (429), so leases never sit idle waiting for the pause.
 * There is no coordinator: leases in the database (FOR UPDATE SKIP LOCKED) split the work between processes.
 */
@Injectable()
export class PollingWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Polling');
  private readonly running = new Set<Promise<void>>();
  /** Claimed (leased to this process) and not started yet: the next free slot takes the first. */
  private readonly waiting: ClaimedListener[] = [];
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
    // A claim under way when the stop came adds its listeners to the waiting ones: let it end first.
    const claimDeadline = Date.now() + DRAIN_MS;
    while (this.claiming && Date.now() < claimDeadline) await sleep(5);
    // Leased but never started: free them for the other processes now rather than when the lease ends.
    const unstarted = this.waiting.splice(0).map((listener) => listener.id);
    if (unstarted.length > 0) await this.polling.release(unstarted).catch(() => undefined);
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
        this.startWaiting();
        const free = this.config.POLL_CONCURRENCY - this.running.size;
        // With a backlog, claim ahead: the waiting ones start as slots free up.
        const ahead = this.backlog ? this.prefetch : 0;
        const room = free + ahead - this.waiting.length;
        if (room <= 0 || (free <= 0 && !this.backlog)) return;
        // The app's budget of Spotify requests, shared by every process: claim no more than it allows.
        const wanted = Math.min(room, await this.limiter.available());
        if (wanted <= 0) return;
        const claimed = await this.polling.claimDue(wanted);
        this.failedClaims = 0;
        this.backlog = claimed.length === wanted;
        this.waiting.push(...claimed);
        this.startWaiting();
      } while (this.again && this.backlog && !this.stopping);
    } catch (error) {
      // Usually the database is unreachable; say so once, not every second.
      if (this.failedClaims++ === 0) this.logger.warn(`Polling: cannot claim listeners (${String(error)})`);
    } finally {
      this.claiming = false;
    }
  }

  /** Half the slots: how many listeners are claimed ahead (claimed again when half of those have started). */
  private get prefetch(): number {
    return Math.ceil(this.config.POLL_CONCURRENCY / 2);
  }

  /** Starts waiting listeners in the free slots. */
  private startWaiting(): void {
    while (!this.stopping && this.running.size < this.config.POLL_CONCURRENCY) {
      const listener = this.waiting.shift();
      if (!listener) return;
      this.start(this.polling.poll(listener).then(() => undefined));
    }
  }

  private start(poll: Promise<void>): void {
    const tracked = poll.finally(() => {
      this.running.delete(tracked);
      if (this.stopping) return;
      // The next claimed listener takes the slot at once; claim again (one query for several polls) when half
      // of the waiting ones have started, or when half the slots are free without any waiting.
      this.startWaiting();
      const free = this.config.POLL_CONCURRENCY - this.running.size;
      if (
        this.backlog &&
        (this.waiting.length <= this.prefetch / 2 || free >= this.prefetch || this.running.size === 0)
      ) {
        void this.tick();
      }
    });
    this.running.add(tracked);
  }

  /** Waits until no poll of this process is running (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.claiming || this.waiting.length > 0) {
      await Promise.allSettled([...this.running]);
      await sleep(1);
    }
  }
}
