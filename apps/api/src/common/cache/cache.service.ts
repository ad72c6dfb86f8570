import { Global, Injectable, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../modules/metrics/metrics.service';
import { CacheStore, MemoryCacheStore, RedisCacheStore } from './cache.stores';

/** How long one computation may hold a key's cross-process lock; waiters give up and compute after it. */
export const CACHE_LOCK_MS = 15_000;
/** By default a value is answered stale (refreshed in the background) until it is this many TTLs old. */
export const CACHE_STALE_FACTOR = 4;
/** A computation overtaken by an invalidation is done again, at most this many times. */
const MAX_RECOMPUTES = 3;
/** A Redis failure is logged at most this often (the metric counts every one). */
const ERROR_LOG_INTERVAL_MS = 30_000;

export interface CacheOptions {
  /** The store; default: Redis when REDIS_URL is set, else this process's memory. */
  store?: CacheStore;
  /** Prefix of every key (REDIS_KEY_PREFIX). */
  prefix?: string;
  /** How long a waiter waits for another process's computation before computing itself. */
  lockMs?: number;
}

export interface LookupOptions {
  /**
   * How long after its TTL a value is still answered (at once, while one process recomputes it in the
   * background); default (CACHE_STALE_FACTOR − 1) × TTL. 0: after the TTL, callers wait for a new value.
   */
  staleMs?: number;
}

/** What the store holds per key: the value, when its computation started, the namespace generation then. */
interface Entry<T> {
  v: T;
  t: number;
  g: string;
}

/**
 * A read-through cache for values that are expensive to compute (docs/trends.md, "Caching"):
 * `getOrCompute(cache, key, ttlMs, compute)` answers from the store, or computes, stores and answers.
 *
 * Stale-while-revalidate: a value older than its TTL but younger than TTL + staleMs is answered at once, and
 * one process recomputes it in the background (in-process: one refresh per key; across processes: the
 * key's Redis lock); past that bound the caller waits for a new value. So only the first request of a key
 * (or one after a long quiet spell, or after an invalidation) waits for a computation.
 *
 * Stampede protection: concurrent callers of one key in this process share one computation (single
 * flight); across processes, the first to miss takes a short Redis lock (`SET NX PX`) and the others wait
 * for its value. The cache never fails a request: when Redis is down or slow, callers compute (counted in
 * `cache_errors_total`).
 *
 * Invalidation moves the namespace to a new generation (a Redis counter shared by every process): values
 * of an older generation, or whose computation started before this process's last invalidation, are never
 * answered, not even stale, and a computation overtaken by an invalidation is done again before it answers.
 *
 * Metrics per cache on /metrics: hits (answered without waiting for a computation: a stored value, fresh or
 * stale, or a computation already under way), misses (the caller waited for a computation), stale (the
 * hits answered with a value past its TTL) and refreshes (background recomputations).
 */
@Injectable()
export class CacheService implements OnModuleDestroy {
  private readonly logger = new Logger('Cache');
  private readonly store: CacheStore;
  private readonly prefix: string;
  private readonly lockMs: number;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly refreshing = new Set<string>();
  /** Per cache: when this process last invalidated it (values computed from before are not answered). */
  private readonly invalidatedAt = new Map<string, number>();
  /**
   * Per cache: the generation this process's last invalidation moved the store to. A value of that generation
   * or a later one was computed after the invalidation, whichever process computed it and whatever its clock
   * said; without it (the store failed the bump) the computation's start time decides.
   */
  private readonly invalidatedTo = new Map<string, number>();
  /** Per cache: how many times this process invalidated it (a computation overtaken by one is redone). */
  private readonly invalidations = new Map<string, number>();
  private readonly hits: Counter<'cache'>;
  private readonly misses: Counter<'cache'>;
  private readonly stale: Counter<'cache'>;
  private readonly refreshes: Counter<'cache'>;
  private readonly errors: Counter<'cache'>;
  private lastErrorLog = 0;

  constructor(config: AppConfig, metrics: MetricsService, options: CacheOptions = {}) {
    this.prefix = `${options.prefix ?? config.REDIS_KEY_PREFIX}cache:`;
    this.lockMs = options.lockMs ?? CACHE_LOCK_MS;
    this.store =
      options.store ??
      (config.REDIS_URL
        ? new RedisCacheStore(config.REDIS_URL, (error) => this.failed('redis', error))
        : new MemoryCacheStore());
    const registers = [metrics.registry];
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['cache'] as const, registers });
    this.hits = counter(
      'cache_hits_total',
      'Cache lookups answered without waiting for a computation (a stored value, fresh or stale, or a computation already under way), by cache.',
    );
    this.misses = counter(
      'cache_misses_total',
      'Cache lookups that waited for a computation (first lookups, values past their stale bound, invalidations, caching off), by cache.',
    );
    this.stale = counter(
      'cache_stale_total',
      'Cache hits answered with a value past its TTL while it was recomputed in the background, by cache.',
    );
    this.refreshes = counter(
      'cache_refreshes_total',
      'Background recomputations of values past their TTL (stale-while-revalidate), by cache.',
    );
    this.errors = counter(
      'cache_errors_total',
      'Cache store failures (Redis down or slow); the value was computed instead, by cache.',
    );
  }

  /** memory or redis. */
  get kind(): CacheStore['kind'] {
    return this.store.kind;
  }

  /**
   * The value of `key` in `cache`: stored, or computed once and stored; fresh for `ttlMs` (0: no caching),
   * then answered stale for `staleMs` more while it is recomputed in the background.
   */
  async getOrCompute<T>(
    cache: string,
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
    options: LookupOptions = {},
  ): Promise<T> {
    if (ttlMs <= 0) {
      this.misses.inc({ cache });
      return compute();
    }
    const staleMs = Math.max(0, options.staleMs ?? (CACHE_STALE_FACTOR - 1) * ttlMs);
    const full = `${this.prefix}${cache}:${key}`;
    const running = this.inflight.get(full);
    if (running) {
      this.hits.inc({ cache });
      return running as Promise<T>;
    }
    const lookup = this.lookup(cache, full, ttlMs, staleMs, compute).finally(() => {
      if (this.inflight.get(full) === lookup) this.inflight.delete(full);
    });
    this.inflight.set(full, lookup);
    return lookup;
  }

  /**
   * Forgets every stored value of `cache`, in every process sharing the store: at once in this process, and
   * in the others as soon as the store has the new generation.
   */
  async invalidate(cache: string): Promise<void> {
    this.invalidatedAt.set(cache, Date.now());
    this.invalidations.set(cache, (this.invalidations.get(cache) ?? 0) + 1);
    const generation = await this.safely(cache, () => this.store.bump(this.generationKey(cache)));
    if (generation === undefined) this.invalidatedTo.delete(cache);
    else this.invalidatedTo.set(cache, Number(generation));
    await this.safely(cache, () => this.store.deletePrefix(`${this.prefix}${cache}:`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  private generationKey(cache: string): string {
    return `${this.prefix}generation:${cache}`;
  }

  /** The stored entry when it may be answered (current generation, computed after our last invalidation). */
  private async readEntry<T>(
    cache: string,
    key: string,
  ): Promise<{ ok: boolean; entry?: Entry<T>; generation: string }> {
    const read = await this.attempt(cache, () => this.store.read(key, this.generationKey(cache)));
    if (!read.ok) return { ok: false, generation: '' };
    const { value, generation } = read.value;
    if (value === undefined) return { ok: true, generation };
    const entry = JSON.parse(value) as Entry<T>;
    return { ok: true, entry: this.valid(cache, entry, generation) ? entry : undefined, generation };
  }

  /** Of the current generation, and computed after this process's last invalidation. */
  private valid(cache: string, entry: Entry<unknown>, generation: string): boolean {
    if (entry.g !== generation) return false;
    const invalidatedTo = this.invalidatedTo.get(cache);
    // The counter went back (the store was emptied, e.g. a Redis restart): fall back to the start times.
    if (invalidatedTo !== undefined && Number(generation) < invalidatedTo) this.invalidatedTo.delete(cache);
    const to = this.invalidatedTo.get(cache);
    return to !== undefined ? Number(entry.g) >= to : entry.t > (this.invalidatedAt.get(cache) ?? 0);
  }

  private async lookup<T>(
    cache: string,
    key: string,
    ttlMs: number,
    staleMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    const { entry, generation } = await this.readEntry<T>(cache, key);
    if (entry) {
      const age = Date.now() - entry.t;
      if (age < ttlMs) {
        this.hits.inc({ cache });
        return entry.v;
      }
      if (age < ttlMs + staleMs) {
        this.hits.inc({ cache });
        this.stale.inc({ cache });
        this.refresh(cache, key, ttlMs + staleMs, compute, generation);
        return entry.v;
      }
    }
    const token = randomUUID();
    // A failed lock attempt (store down) computes as if it held the lock.
    const locked = (await this.safely(cache, () => this.store.lock(key, token, this.lockMs))) ?? true;
    if (!locked) {
      const awaited = await this.waitForValue<T>(cache, key);
      if (awaited !== undefined) {
        this.hits.inc({ cache });
        return awaited.v;
      }
    }
    this.misses.inc({ cache });
    try {
      return await this.computeAndStore(cache, key, ttlMs + staleMs, compute, generation);
    } finally {
      if (locked) await this.safely(cache, () => this.store.unlock(key, token));
    }
  }

  /** Computes and stores; done again when an invalidation overtook it (its answer may predate the change). */
  private async computeAndStore<T>(
    cache: string,
    key: string,
    keepMs: number,
    compute: () => Promise<T>,
    generation: string,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      // Started after this process's last invalidation, even within the same millisecond.
      const started = Math.max(Date.now(), (this.invalidatedAt.get(cache) ?? 0) + 1);
      const invalidations = this.invalidations.get(cache) ?? 0;
      const value = await compute();
      const entry: Entry<T> = { v: value, t: started, g: generation };
      const now = await this.attempt(cache, () => this.store.read(key, this.generationKey(cache)));
      const overtaken =
        (now.ok && generation !== '' && now.value.generation !== generation) ||
        (this.invalidations.get(cache) ?? 0) !== invalidations;
      if (!overtaken || attempt >= MAX_RECOMPUTES) {
        if (!overtaken) await this.safely(cache, () => this.store.set(key, JSON.stringify(entry), keepMs));
        return value;
      }
      if (now.ok) generation = now.value.generation;
    }
  }

  /** Recomputes a stale value in the background: one refresh per key here, one across processes (the lock). */
  private refresh<T>(
    cache: string,
    key: string,
    keepMs: number,
    compute: () => Promise<T>,
    generation: string,
  ): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    const token = randomUUID();
    void (async () => {
      const locked = (await this.safely(cache, () => this.store.lock(key, token, this.lockMs))) ?? true;
      if (!locked) return;
      try {
        this.refreshes.inc({ cache });
        await this.computeAndStore(cache, key, keepMs, compute, generation);
      } catch (error) {
        this.logger.warn(`Background refresh of ${key} failed: ${(error as Error).message}`);
      } finally {
        await this.safely(cache, () => this.store.unlock(key, token));
      }
    })().finally(() => this.refreshing.delete(key));
  }

  /** Another process computes this key: polls for its value until the lock's time is up. */
  private async waitForValue<T>(cache: string, key: string): Promise<Entry<T> | undefined> {
    const deadline = Date.now() + this.lockMs;
    let pause = 10;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
      const read = await this.readEntry<T>(cache, key);
      // The store failed: stop waiting and compute.
      if (!read.ok) return undefined;
      if (read.entry) return read.entry;
    }
    return undefined;
  }

  /** Runs a store call; a failure is counted, logged now and then, and answered with undefined. */
  private async safely<T>(cache: string, call: () => Promise<T>): Promise<T | undefined> {
    const result = await this.attempt(cache, call);
    return result.ok ? result.value : undefined;
  }

  private async attempt<T>(
    cache: string,
    call: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      this.errors.inc({ cache });
      this.failed(cache, error as Error);
      return { ok: false };
    }
  }

  private failed(cache: string, error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog = now;
    this.logger.warn(`Cache store unavailable (${cache}): ${error.message}; computing instead`);
  }
}

/** The cache, injectable everywhere (one store and one Redis connection per application). */
@Global()
@Module({
  providers: [
    {
      provide: CacheService,
      inject: [AppConfig, MetricsService],
      useFactory: (config: AppConfig, metrics: MetricsService) => new CacheService(config, metrics),
    },
  ],
  exports: [CacheService],
})
export class CacheModule {}
