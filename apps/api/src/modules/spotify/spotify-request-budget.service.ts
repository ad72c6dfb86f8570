import { Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';

/** Spotify counts its rate limit per app over 30 s. */
export const BUDGET_WINDOW_S = 30;
/** The PostgreSQL table of the counters (created by a migration; rate-limiter-flexible's layout). */
export const BUDGET_TABLE = 'spotify_request_budget';

/** What the shared budget says about one more request. */
export interface BudgetVerdict {
  /** 0: send it now. Otherwise try again after this many ms. */
  waitMs: number;
  /** The wait is a 429 pause (Retry-After) that some process recorded, not the budget being used up. */
  paused: boolean;
}

/**
 * The app's budget of Spotify Web API requests and its 429 pause, shared by every Soundlink process of a
 * deployment: in Redis when REDIS_URL is set, else in PostgreSQL (DATABASE_URL), else (the embedded
 * database: one process) in memory. Counts HTTP requests (POLL_BUDGET_PER_30S per fixed 30-s window), not
 * listeners; a 429's Retry-After blocks the counter for every process.
 *
 * Cost: one store round trip per `chunk` requests. A process reserves max(1, min(16, budget / 1000))
 * requests at a time (1 at the default 600), so a large budget does not turn every request into a write;
 * reserved requests it does not send by the end of the window are lost (at most chunk - 1 per process and
 * window, never more than the budget sent). A store that fails answers "send" (a memory counter in this
 * process stands in for Redis; PostgreSQL failing means polling fails anyway).
 */
@Injectable()
export class SpotifyRequestBudget implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SpotifyRequestBudget');
  readonly limit: number;
  readonly store: 'redis' | 'postgres' | 'memory';
  private readonly chunk: number;
  private readonly key: string;
  private readonly requests: RateLimiterAbstract;
  private readonly pauses: RateLimiterAbstract;
  private readonly redis?: Redis;
  private local = 0;
  private localUntilMs = 0;
  private reserving: Promise<BudgetVerdict | null> | undefined;

  constructor(config: AppConfig, @Optional() @InjectDataSource() dataSource?: DataSource) {
    this.limit = config.POLL_BUDGET_PER_30S;
    this.chunk = Math.max(1, Math.min(16, Math.floor(this.limit / 1000)));
    this.key = config.SPOTIFY_CLIENT_ID ?? 'app';
    const prefix = `${config.REDIS_KEY_PREFIX}spotify:`;
    const memory = (points: number) => new RateLimiterMemory({ points, duration: BUDGET_WINDOW_S });
    if (config.REDIS_URL) {
      this.store = 'redis';
      this.redis = new Redis(config.REDIS_URL, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 500,
        connectTimeout: 2000,
        connectionName: 'soundlink-spotify-budget',
        retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
      });
      this.redis.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
      const redis = (name: string, points: number) =>
        new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix: `${prefix}${name}`,
          points,
          duration: BUDGET_WINDOW_S,
          insuranceLimiter: memory(points),
        });
      this.requests = redis('requests', this.limit);
      this.pauses = redis('pause', 1);
    } else if (config.DATABASE_URL && dataSource) {
      this.store = 'postgres';
      const pool = (dataSource.driver as unknown as { master: unknown }).master;
      const postgres = (name: string, points: number) =>
        new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          tableName: BUDGET_TABLE,
          tableCreated: true,
          keyPrefix: `spotify:${name}`,
          points,
          duration: BUDGET_WINDOW_S,
        });
      this.requests = postgres('requests', this.limit);
      this.pauses = postgres('pause', 1);
    } else {
      this.store = 'memory';
      this.requests = memory(this.limit);
      this.pauses = memory(1);
    }
  }

  async onModuleInit(): Promise<void> {
    await this.redis?.connect().catch((error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  /** Counts one request about to be sent; answers whether it may go now. */
  async take(): Promise<BudgetVerdict> {
    for (;;) {
      if (this.local > 0 && Date.now() < this.localUntilMs) {
        this.local--;
        return { waitMs: 0, paused: false };
      }
      if (this.reserving) {
        const verdict = await this.reserving;
        if (verdict) return verdict;
        continue;
      }
      this.reserving = this.reserve().finally(() => (this.reserving = undefined));
      const verdict = await this.reserving;
      if (verdict) return verdict;
    }
  }

  /** Requests that may still be sent in this window, by all processes together (an estimate for claiming). */
  async available(): Promise<number> {
    const local = this.local > 0 && Date.now() < this.localUntilMs ? this.local : 0;
    try {
      const res = await this.requests.get(this.key);
      return local + Math.max(0, this.limit - (res?.consumedPoints ?? 0));
    } catch {
      return local;
    }
  }

  /** Records a 429 pause of `ms` for every process (never shortens a longer one). */
  async pause(ms: number): Promise<void> {
    this.local = 0;
    const seconds = Math.max(0.001, ms / 1000);
    try {
      const current = await this.pauses.get(this.key);
      if (current && current.consumedPoints > 1 && current.msBeforeNext >= ms) return;
      await this.pauses.block(this.key, seconds);
      await this.requests.block(this.key, seconds);
    } catch (error) {
      this.logger.warn(`Could not share a Spotify pause: ${String(error)}`);
    }
  }

  /** Forgets the shared pause and the window's count (operators, tests). */
  async reset(): Promise<void> {
    this.local = 0;
    await Promise.all([this.pauses.delete(this.key), this.requests.delete(this.key)]);
  }

  /** Reserves the next chunk; null when granted, else the verdict to wait on. */
  private async reserve(): Promise<BudgetVerdict | null> {
    try {
      const res = await this.requests.consume(this.key, this.chunk);
      this.local = this.chunk;
      this.localUntilMs = Date.now() + res.msBeforeNext;
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        this.logger.warn(`Spotify request budget unavailable, sending anyway: ${String(rejection)}`);
        this.local = this.chunk;
        this.localUntilMs = Date.now() + 1000;
        return null;
      }
      const pause = await this.pauses.get(this.key).catch(() => null);
      if (pause && pause.consumedPoints > 1 && pause.msBeforeNext > 0) {
        return { waitMs: pause.msBeforeNext, paused: true };
      }
      return { waitMs: Math.max(1, rejection.msBeforeNext), paused: false };
    }
  }
}
